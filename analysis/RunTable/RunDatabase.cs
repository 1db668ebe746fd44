// Read access to a sweep's runs.db for `query`, the report and notebooks: brings the table up to date
// (collect) and opens it read-only, so a query can never change the run table. SQL errors become
// user errors that list the tables and views there are.
using Microsoft.Data.Sqlite;

namespace BabyLm.Analysis;

public sealed class RunDatabase : IDisposable
{
    private RunDatabase(SweepDirectory sweep, SqliteConnection connection, CollectResult? collected)
    {
        Sweep = sweep;
        Connection = connection;
        Collected = collected;
    }

    public SweepDirectory Sweep { get; }
    /// <summary>The read-only connection, for callers who want ADO.NET directly.</summary>
    public SqliteConnection Connection { get; }
    /// <summary>What the collect before opening did (null when opened without collecting).</summary>
    public CollectResult? Collected { get; }

    /// <summary>Opens runs.db of a sweep read-only, collecting first (a no-op when nothing changed).</summary>
    public static RunDatabase Open(string sweepDir, bool collect = true)
    {
        var sweep = SweepDirectory.Open(sweepDir);
        var collected = collect || !File.Exists(sweep.DatabasePath) ? Collector.Collect(sweepDir) : null;
        return new RunDatabase(sweep, Collector.Connect(sweep.DatabasePath, readOnly: true), collected);
    }

    /// <summary>Runs one SQL statement; <paramref name="args"/> bind $name parameters.</summary>
    public QueryResult Query(string sql, params (string Name, object? Value)[] args)
    {
        try
        {
            using var cmd = Connection.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
            using var reader = cmd.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<Row>();
            var index = columns.Select((c, i) => (c, i)).GroupBy(x => x.c, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
            while (reader.Read())
            {
                var values = new object?[reader.FieldCount];
                for (int i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(new Row(values, index));
            }
            return new QueryResult(columns, rows);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 8) // SQLITE_READONLY
        {
            throw new BabyLmException("query failed: the run table is read-only here",
                "runs.db is rebuilt from the run directories by `babylm collect`; change those (or copy runs.db) instead");
        }
        catch (SqliteException ex)
        {
            var tables = Schema.Catalogue.Where(c => !c.What.StartsWith("view", StringComparison.Ordinal)).Select(c => c.Name);
            var views = Schema.Catalogue.Where(c => c.What.StartsWith("view", StringComparison.Ordinal)).Select(c => c.Name);
            throw new BabyLmException($"query failed: {ex.Message}",
                $"tables: {string.Join(", ", tables)}; views: {string.Join(", ", views)}. Columns of one: SELECT name FROM pragma_table_info('runs'). "
                + "Config columns have dotted names: quote them, e.g. SELECT \"curriculum.order\", seed FROM runs.");
        }
    }

    /// <summary>The columns of `runs` that are config keys, in config order.</summary>
    public IReadOnlyList<string> ConfigColumns()
    {
        var provenance = Schema.RunColumns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return Query("SELECT name FROM pragma_table_info('runs') ORDER BY cid").Rows
            .Select(r => r.Text(0)).Where(n => !provenance.Contains(n)).ToList();
    }

    public void Dispose() => Connection.Dispose();
}

/// <summary>One row of a query result: values by position or by column name (case-insensitive).</summary>
public sealed class Row(object?[] values, IReadOnlyDictionary<string, int> index)
{
    public IReadOnlyList<object?> Values => values;
    public object? this[int i] => values[i];
    public object? this[string column] => values[IndexOf(column)];

    public string Text(int i) => ConfigFlattener.Text(values[i]);
    public string Text(string column) => Text(IndexOf(column));
    public double Double(string column) => Convert.ToDouble(this[column] ?? double.NaN, System.Globalization.CultureInfo.InvariantCulture);
    public long Long(string column) => Convert.ToInt64(this[column] ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    public double? NullableDouble(string column) => this[column] is { } v ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null;
    public bool IsNull(string column) => this[column] is null;

    private int IndexOf(string column) => index.TryGetValue(column, out var i) ? i
        : throw new ArgumentException($"no column '{column}' in the result; columns: {string.Join(", ", index.Keys)}");
}
