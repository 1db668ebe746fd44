// One table or view of runs.db read into typed columns: the common ground of the DataFrame loader
// (SweepFrames), `export-table` (Parquet and CSV) and their manifest. SQLite types each value, not each
// column, so a column's type is decided here, once, by one rule:
//   - a declared INTEGER, REAL or TEXT column keeps that type (started_at/ended_at become timestamps);
//   - a view column computed by an expression (AVG, COUNT, …) has its type from Schema.ViewColumnTypes;
//   - a config column (declared without a type) takes the type of its values: all integers → int64,
//     integers and reals → double, only the plain YAML words true/false → bool, anything else → string
//     (numbers then written as ConfigFlattener.Text writes them); no values at all → string.
// What it does not do: change a value. A double is the double SQLite holds, bit for bit.
using BabyLm.Core;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace BabyLm.Analysis;

/// <summary>The type of a column in every typed output (DataFrame, Parquet, the CSV manifest).</summary>
public enum ColumnKind
{
    Int64,
    Double,
    String,
    Boolean,
    /// <summary>A UTC instant (run.json's started_at / ended_at), stored in runs.db as ISO-8601 text.</summary>
    Timestamp,
}

/// <summary>One typed column: its values in one array (long?[], double?[], string?[], bool?[] or DateTime?[]).</summary>
public sealed record TypedColumn(string Name, ColumnKind Kind, Array Values)
{
    public int Length => Values.Length;
    public object? this[int row] => Values.GetValue(row);

    /// <summary>The type's name as the manifest and the tests spell it: int64, double, string, bool, timestamp.</summary>
    public string TypeName => Kind switch
    {
        ColumnKind.Int64 => "int64",
        ColumnKind.Double => "double",
        ColumnKind.Boolean => "bool",
        ColumnKind.Timestamp => "timestamp",
        _ => "string",
    };
}

/// <summary>A table or view of runs.db with typed columns, in the database's column order.</summary>
public sealed record TypedTable(string Name, IReadOnlyList<TypedColumn> Columns, int RowCount)
{
    public TypedColumn Column(string name) => Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"table {Name} has no column '{name}'; columns: {string.Join(", ", Columns.Select(c => c.Name))}");

    /// <summary>The tables and views a sweep's run table exports: every entry of <see cref="Schema.Catalogue"/>.</summary>
    public static IReadOnlyList<string> Names => Schema.Catalogue.Select(c => c.Name).ToList();

    /// <summary>Reads a table or view of the catalogue (ordered as <see cref="Schema.OrderOf"/> says, so the output is reproducible).</summary>
    public static TypedTable Read(RunDatabase db, string name)
    {
        if (!Names.Contains(name)) throw new BabyLmException(Suggest.Unknown("run-table table or view", name, Names.ToList()));
        var declared = DeclaredTypes(db.Connection, name);
        var configColumns = name == "runs" ? db.ConfigColumns().ToHashSet(StringComparer.Ordinal) : [];

        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = $"SELECT * FROM {Collector.Quote(name)} ORDER BY {Schema.OrderOf(name)}";
        using var reader = cmd.ExecuteReader();
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var raw = names.Select(_ => new List<object?>()).ToArray();
        while (reader.Read())
            for (int i = 0; i < names.Length; i++) raw[i].Add(reader.IsDBNull(i) ? null : reader.GetValue(i));

        var columns = new List<TypedColumn>(names.Length);
        for (int i = 0; i < names.Length; i++)
        {
            string? type = declared.TryGetValue(names[i], out var t) && t.Length > 0 ? t
                : Schema.ViewColumnTypes.TryGetValue(names[i], out var v) && !configColumns.Contains(names[i]) ? v : null;
            columns.Add(Build(name, names[i], type, raw[i]));
        }
        return new TypedTable(name, columns, raw.Length == 0 ? 0 : raw[0].Count);
    }

    private static Dictionary<string, string> DeclaredTypes(SqliteConnection connection, string name)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT name, type FROM pragma_table_info($t)";
        cmd.Parameters.AddWithValue("$t", name);
        using var r = cmd.ExecuteReader();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read()) types[r.GetString(0)] = r.IsDBNull(1) ? "" : r.GetString(1).ToUpperInvariant();
        return types;
    }

    private static TypedColumn Build(string table, string name, string? declared, List<object?> values)
    {
        var kind = declared switch
        {
            _ when declared is not null && declared.StartsWith("INTEGER", StringComparison.Ordinal) => ColumnKind.Int64,
            "REAL" => ColumnKind.Double,
            _ when declared is not null && declared.StartsWith("TEXT", StringComparison.Ordinal)
                => Schema.TimestampColumns.Contains(name) ? ColumnKind.Timestamp : ColumnKind.String,
            _ => FromValues(values),
        };
        // A declared type is a promise of SQLite's affinity, not a proof: a value that does not fit
        // widens the column (an integer column holding a real becomes double, anything holding text string).
        if (kind == ColumnKind.Int64 && values.Any(v => v is double)) kind = ColumnKind.Double;
        if (kind is ColumnKind.Int64 or ColumnKind.Double && values.Any(v => v is string or byte[])) kind = ColumnKind.String;
        Array array = kind switch
        {
            ColumnKind.Int64 => values.Select(v => v is null ? (long?)null : Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray(),
            ColumnKind.Double => values.Select(v => v is null ? (double?)null : Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray(),
            ColumnKind.Boolean => values.Select(v => v is null ? (bool?)null : (string)v == "true").ToArray(),
            ColumnKind.Timestamp => values.Select(v => v is null ? (DateTime?)null : ParseTimestamp(table, name, v)).ToArray(),
            _ => values.Select(v => v switch { null => null, byte[] b => Convert.ToBase64String(b), _ => ConfigFlattener.Text(v) }).ToArray(),
        };
        return new TypedColumn(name, kind, array);
    }

    private static ColumnKind FromValues(List<object?> values)
    {
        bool any = false, real = false, text = false, words = true;
        foreach (var v in values)
        {
            if (v is null) continue;
            any = true;
            switch (v)
            {
                case long: words = false; break;
                case double: real = true; words = false; break;
                case string s: text = true; words &= s is "true" or "false"; break;
                default: text = true; words = false; break;
            }
        }
        if (!any) return ColumnKind.String;
        if (text) return words && !real ? ColumnKind.Boolean : ColumnKind.String;
        return real ? ColumnKind.Double : ColumnKind.Int64;
    }

    private static DateTime? ParseTimestamp(string table, string column, object value)
        => DateTime.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
            : throw new BabyLmException($"runs.db: {table}.{column} holds '{value}', which is not an ISO-8601 time",
                "runs.db is rebuilt from the run folders: run `babylm collect`, and check run.json of that run");
}
