// Read access to a sweep's runs.db for `query`, the report and notebooks: brings the table up to date
// (collect) and opens it read-only, so a query can never write. Three guards, each enough for runs.db
// itself: the file is opened read-only (SQLITE_OPEN_READONLY), `PRAGMA query_only` is on, and an
// authorizer allows only reading (SELECT, WITH RECURSIVE, functions, the schema pragmas such as
// table_info) — which also refuses ATTACH, and with it VACUUM INTO, that would write other files. A
// query is exactly one statement: an empty one and a second one are errors, not silently ignored.
// SQL errors become user errors that list the tables and views there are.
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BabyLm.Analysis;

public sealed class RunDatabase : IDisposable
{
    // SQLite authorizer action codes (sqlite3.h) and results.
    private const int SqliteOk = 0, SqliteDeny = 1;
    private const int ActionPragma = 19, ActionRead = 20, ActionSelect = 21, ActionUpdate = 23, ActionFunction = 31, ActionRecursive = 33;
    private const int SqliteAuth = 23;

    /// <summary>Pragmas that only describe the schema or the build (their table-valued forms too).</summary>
    public static readonly IReadOnlySet<string> ReadOnlyPragmas = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "collation_list", "function_list", "module_list", "pragma_list", "compile_options", "database_list",
    };

    private readonly delegate_authorizer _authorizer;   // held here: SQLite keeps only a native pointer to it
    private string? _denied;

    private RunDatabase(SweepDirectory sweep, SqliteConnection connection, CollectResult? collected)
    {
        Sweep = sweep;
        Connection = connection;
        Collected = collected;
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "PRAGMA query_only = 1";
            cmd.ExecuteNonQuery();
        }
        _authorizer = Authorize;
        raw.sqlite3_set_authorizer(connection.Handle, _authorizer, null);
    }

    private int Authorize(object userData, int action, utf8z p0, utf8z p1, utf8z dbName, utf8z trigger)
    {
        switch (action)
        {
            case ActionSelect or ActionRead or ActionFunction or ActionRecursive:
                return SqliteOk;
            // None of these can set anything: an argument names a table, an index or a schema.
            case ActionPragma when ReadOnlyPragmas.Contains(p0.utf8_to_string() ?? ""):
                return SqliteOk;
            // SQLite asks this for the schema it reads behind the table-valued pragmas; the file is read-only anyway.
            case ActionUpdate when (p0.utf8_to_string() ?? "") is "sqlite_master" or "sqlite_schema":
                return SqliteOk;
            default:
                _denied = Describe(action, p0.utf8_to_string(), p1.utf8_to_string());
                return SqliteDeny;
        }
    }

    private static string Describe(int action, string? p0, string? p1) => action switch
    {
        24 => $"ATTACH {(p0 is { Length: > 0 } ? $"'{p0}'" : "")} (VACUUM INTO attaches its target too)",
        25 => "DETACH",
        22 or 32 => "a transaction statement",
        ActionPragma => $"PRAGMA {p0}{(p1 is not null ? $" = {p1}" : "")} (only the schema pragmas are allowed: {string.Join(", ", ReadOnlyPragmas.Order(StringComparer.Ordinal))})",
        9 or 18 or ActionUpdate => $"writing table {p0}",
        >= 1 and <= 17 or 26 or 27 or 28 or 29 or 30 => "changing the schema",
        _ => $"operation {action}",
    };

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

    /// <summary>Runs one SQL statement (read-only); <paramref name="args"/> bind $name parameters.</summary>
    public QueryResult Query(string sql, params (string Name, object? Value)[] args)
    {
        _denied = null;
        try
        {
            CheckOneReadOnlyStatement(sql);
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
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteAuth || _denied is not null)
        {
            throw Refused(_denied ?? ex.Message);
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

    private static BabyLmException Refused(string what) => new(
        $"query refused: {what} — `babylm query` runs one read-only statement (SELECT or WITH … SELECT, or a schema PRAGMA such as table_info)",
        "runs.db is rebuilt from the run directories by `babylm collect`; to keep a copy, copy the file (cp runs/<sweep>/runs.db …)");

    /// <summary>Exactly one statement, read-only: checked with SQLite's own parser before it runs.</summary>
    private void CheckOneReadOnlyStatement(string sql)
    {
        if (string.IsNullOrWhiteSpace(StripComments(sql)))
            throw new BabyLmException("query is empty", "give one SQL statement, e.g. \"SELECT run_id, status FROM runs\"");
        int rc = raw.sqlite3_prepare_v2(Connection.Handle, sql, out sqlite3_stmt stmt, out string tail);
        using (stmt)
        {
            if (rc != raw.SQLITE_OK) return;        // the real run reports SQLite's error (with the catalogue)
            if (stmt.IsInvalid) throw new BabyLmException("query is empty (only comments)", "give one SQL statement, e.g. \"SELECT run_id FROM runs\"");
            if (!string.IsNullOrWhiteSpace(StripComments(tail ?? "").Replace(";", "", StringComparison.Ordinal)))
            {
                throw new BabyLmException($"query holds more than one statement (the rest begins \"{Clip(tail!.TrimStart(' ', '\n', '\r', '\t', ';'))}\")",
                    "give one statement per `babylm query`; run them one after another");
            }
            if (raw.sqlite3_stmt_readonly(stmt) == 0) throw Refused("the statement would write");
        }
    }

    private static string Clip(string s) => s.Length <= 40 ? s.Trim() : s[..40].Trim() + "…";

    /// <summary>SQL text without its -- and /* */ comments (string literals kept as they are).</summary>
    private static string StripComments(string sql)
    {
        var sb = new System.Text.StringBuilder(sql.Length);
        for (int i = 0; i < sql.Length; i++)
        {
            char c = sql[i];
            if (c is '\'' or '"')
            {
                int end = sql.IndexOf(c, i + 1);
                end = end < 0 ? sql.Length - 1 : end;
                sb.Append(sql, i, end - i + 1);
                i = end;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                int nl = sql.IndexOf('\n', i);
                i = nl < 0 ? sql.Length : nl;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                int end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 1;
            }
            else sb.Append(c);
        }
        return sb.ToString();
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
