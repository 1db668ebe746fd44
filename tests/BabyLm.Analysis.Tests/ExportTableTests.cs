// export-table read back by an independent reader: DuckDB (its own Parquet and CSV readers, native
// code that shares nothing with Parquet.Net) reads every exported file, and each must equal the runs.db
// table or view read by SQL through Microsoft.Data.Sqlite: the same column names (config keys dotted,
// as in the YAML), the types tables.json promises, and every value (doubles bit for bit). Also: the
// folder rules (an earlier export is replaced, a folder with other files is not) and bad input.
using System.Globalization;
using System.Text.Json;
using BabyLm.Analysis.Fixtures;
using BabyLm.Core;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;

namespace BabyLm.Analysis.Tests;

public sealed class ExportTableTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>DuckDB's name for each type tables.json gives.</summary>
    private static readonly Dictionary<string, string> s_duckTypes = new()
    {
        ["int64"] = "BIGINT", ["double"] = "DOUBLE", ["string"] = "VARCHAR", ["bool"] = "BOOLEAN", ["timestamp"] = "TIMESTAMP WITH TIME ZONE",
    };

    [Fact]
    public void Parquet_files_read_by_duckdb_equal_the_sqlite_tables()
    {
        var hand = new HandSweep(_dir["hand"]);
        var synthetic = SyntheticSweep.Write(_dir["synthetic"], new SyntheticSweepOptions { Paradigms = 5, Evaluations = 3, Layers = [2, 4] });
        foreach (var sweep in new[] { hand.Dir, synthetic.Dir })
        {
            var result = TableExport.Write(new ExportTableRequest { SweepDir = sweep, Format = TableFormat.Parquet });
            Assert.Equal(Path.Combine(sweep, "export", "parquet"), result.OutDir);
            var manifest = JsonSerializer.Deserialize<ExportManifest>(File.ReadAllText(Path.Combine(result.OutDir, "tables.json")), Json.Pretty)!;
            Assert.Equal(TypedTable.Names, manifest.Tables.Select(t => t.Name));
            foreach (var table in manifest.Tables)
            {
                var path = Path.Combine(result.OutDir, table.File);
                using var duck = Duck();
                // Types: DuckDB's reading of the Parquet schema, against what tables.json says.
                var described = Rows(duck, $"DESCRIBE SELECT * FROM read_parquet('{path}')").Select(r => ((string)r[0]!, (string)r[1]!)).ToList();
                Assert.Equal(table.Columns.Select(c => (c.Name, s_duckTypes[c.Type])), described);
                var parquet = Rows(duck, $"SELECT * FROM read_parquet('{path}')");
                var sqlite = SqliteRows(sweep, table.Name);
                Assert.Equal(table.Rows, sqlite.Count);
                Assert.Equal(sqlite.Count, parquet.Count);
                for (int r = 0; r < sqlite.Count; r++)
                    for (int c = 0; c < table.Columns.Count; c++)
                        Assert.True(Same(sqlite[r][c], parquet[r][c]),
                            $"{sweep}: {table.Name}[{r}].{table.Columns[c].Name}: SQLite {sqlite[r][c] ?? "NULL"} ({sqlite[r][c]?.GetType().Name}), Parquet {parquet[r][c] ?? "NULL"} ({parquet[r][c]?.GetType().Name})");
            }
        }
        // The hand sweep's keys of every type, as pandas and R will see them.
        var runs = Path.Combine(hand.Dir, "export", "parquet", "runs.parquet");
        using var d = Duck();
        var types = Rows(d, $"DESCRIBE SELECT \"model.layers\", \"optimizer.lr\", \"curriculum.start\", \"checkpoint.milestones\", \"curriculum.order\", started_at FROM read_parquet('{runs}')")
            .Select(r => (string)r[1]!).ToList();
        Assert.Equal(["BIGINT", "DOUBLE", "DOUBLE", "BOOLEAN", "VARCHAR", "TIMESTAMP WITH TIME ZONE"], types);
        var row = Rows(d, $"SELECT \"model.layers\", \"curriculum.start\", \"checkpoint.milestones\" FROM read_parquet('{runs}') WHERE run_id = '{hand.Done[("corpus", 4, 1)]}'").Single();
        Assert.Equal([4L, 0.25, false], row);
    }

    [Fact]
    public void Csv_files_read_by_duckdb_equal_the_sqlite_tables()
    {
        var hand = new HandSweep(_dir["hand"]);
        var result = TableExport.Write(new ExportTableRequest { SweepDir = hand.Dir, Format = TableFormat.Csv, Out = _dir["csv"] });
        foreach (var table in result.Manifest.Tables)
        {
            using var duck = Duck();
            var csv = Rows(duck, $"SELECT * FROM read_csv('{Path.Combine(result.OutDir, table.File)}', header = true, all_varchar = true, quote = '\"', escape = '\"')");
            var sqlite = SqliteRows(hand.Dir, table.Name);
            Assert.Equal(sqlite.Count, csv.Count);
            for (int r = 0; r < sqlite.Count; r++)
                for (int c = 0; c < table.Columns.Count; c++)
                {
                    var (s, v) = (sqlite[r][c], (string?)csv[r][c]);
                    bool same = s switch
                    {
                        null => v is null,
                        double x => v is not null && double.Parse(v, CultureInfo.InvariantCulture).Equals(x),
                        long x => v == x.ToString(CultureInfo.InvariantCulture),
                        string x => v == x,
                        _ => false,
                    };
                    Assert.True(same, $"{table.Name}[{r}].{table.Columns[c].Name}: SQLite {s ?? "NULL"}, CSV {v ?? "NULL"}");
                }
        }
    }

    [Fact]
    public void An_earlier_export_is_replaced_but_a_folder_with_other_files_is_not()
    {
        var hand = new HandSweep(_dir["hand"]);
        var out1 = _dir["out"];
        TableExport.Write(new ExportTableRequest { SweepDir = hand.Dir, Format = TableFormat.Csv, Out = out1 });
        TableExport.Write(new ExportTableRequest { SweepDir = hand.Dir, Format = TableFormat.Parquet, Out = out1 });
        Assert.Empty(Directory.GetFiles(out1, "*.csv"));
        Assert.Equal(16, Directory.GetFiles(out1, "*.parquet").Length);

        File.WriteAllText(Path.Combine(out1, "my-notes.txt"), "mine");
        var e = Assert.Throws<BabyLmException>(() => TableExport.Write(new ExportTableRequest { SweepDir = hand.Dir, Format = TableFormat.Parquet, Out = out1 }));
        Assert.Contains("my-notes.txt", e.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(out1, "my-notes.txt")));

        var foreign = Directory.CreateDirectory(_dir["paper"]).FullName;
        File.WriteAllText(Path.Combine(foreign, "draft.tex"), "x");
        var e2 = Assert.Throws<BabyLmException>(() => TableExport.Write(new ExportTableRequest { SweepDir = hand.Dir, Format = TableFormat.Csv, Out = foreign }));
        Assert.Contains("is not an export folder", e2.Message);
        Assert.True(File.Exists(Path.Combine(foreign, "draft.tex")));
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        var e = Assert.Throws<BabyLmException>(() => TableExport.ParseFormat("xlsx"));
        Assert.Equal("unknown --format 'xlsx'; allowed: parquet, csv", e.Message);
        Assert.Contains("did you mean 'parquet'", Assert.Throws<BabyLmException>(() => TableExport.ParseFormat("parquett")).Message);
        Assert.Equal(TableFormat.Csv, TableExport.ParseFormat("CSV"));
        var empty = Directory.CreateDirectory(_dir["nothing"]).FullName;
        var e2 = Assert.Throws<BabyLmException>(() => TableExport.Write(new ExportTableRequest { SweepDir = empty, Format = TableFormat.Parquet }));
        Assert.Contains("is not a sweep directory", e2.Message);
        Assert.False(Directory.Exists(Path.Combine(empty, "export")));
    }

    [Fact]
    public void Every_view_column_sqlite_cannot_declare_has_a_type()
    {
        var hand = new HandSweep(_dir["hand"]);
        Collector.Collect(hand.Dir);
        using var db = new SqliteConnection($"Data Source={Path.Combine(hand.Dir, "runs.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        foreach (var (name, what) in Schema.Catalogue.Where(c => c.What.StartsWith("view", StringComparison.Ordinal)))
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"SELECT name FROM pragma_table_info('{name}') WHERE type = ''";
            using var r = cmd.ExecuteReader();
            while (r.Read()) Assert.True(Schema.ViewColumnTypes.ContainsKey(r.GetString(0)), $"view {name}: column {r.GetString(0)} has no type in Schema.ViewColumnTypes");
        }
    }

    // ---- readers --------------------------------------------------------------------------------------

    private static DuckDBConnection Duck()
    {
        var c = new DuckDBConnection("DataSource=:memory:");
        c.Open();
        return c;
    }

    private static List<object?[]> Rows(DuckDBConnection duck, string sql)
    {
        using var cmd = duck.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private static List<object?[]> SqliteRows(string sweep, string table)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(sweep, "runs.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table}\" ORDER BY {Schema.OrderOf(table)}";
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A SQLite value and DuckDB's reading of the Parquet cell.</summary>
    private static bool Same(object? sqlite, object? parquet) => (sqlite, parquet) switch
    {
        (null, null) => true,
        (long a, long b) => a == b,
        (long a, double b) => a == b,
        (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
        (string a, bool b) => a == (b ? "true" : "false"),
        (string a, DateTime b) => DateTime.Parse(a, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) == b.ToUniversalTime(),
        (string a, DateTimeOffset b) => DateTimeOffset.Parse(a, CultureInfo.InvariantCulture) == b,
        (string a, string b) => a == b,
        (long or double, string b) => ConfigFlattener.Text(sqlite) == b,
        _ => false,
    };
}
