// Defect 1 of issue 21: `babylm query` could write (VACUUM INTO copied runs.db anywhere; a second
// statement after `;` was silently dropped). Now: read-only at the SQLite level, one statement, not empty.
using BabyLm.Analysis.Fixtures;

namespace BabyLm.Cli.Tests.Hostile;

[Trait("Suite", Hostile.Suite)]
public sealed class QueryTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _sweep;

    public QueryTests()
    {
        _sweep = _dir["sweep"];
        SyntheticSweep.Write(_sweep, new SyntheticSweepOptions { Paradigms = 2, Evaluations = 1 });
        Assert.Equal(0, CliRunner.Run("collect", _sweep).ExitCode);
    }

    public void Dispose() => _dir.Dispose();

    private SortedDictionary<string, string> Db() => Hostile.Snapshot(_sweep);

    [Fact]
    public void Vacuum_into_is_refused_and_writes_no_file()
    {
        var before = Db();
        var copy = _dir["copy.db"];
        Hostile.AssertUserError(CliRunner.Run("query", _sweep, $"VACUUM INTO '{copy}'"), "query refused", "copy the file");
        Assert.False(File.Exists(copy), "VACUUM INTO wrote a copy of runs.db");
        Assert.Equal(before, Db());
    }

    [Fact]
    public void Attach_is_refused_and_creates_no_database()
    {
        var other = _dir["other.db"];
        Hostile.AssertUserError(CliRunner.Run("query", _sweep, $"ATTACH '{other}' AS o"), "ATTACH");
        Assert.False(File.Exists(other));
        Hostile.AssertUserError(CliRunner.Run("query", _sweep, "ATTACH ':memory:' AS m"), "ATTACH");
    }

    [Fact]
    public void A_second_statement_is_an_error_not_silently_dropped()
    {
        var before = Db();
        var line = Hostile.AssertUserError(CliRunner.Run("query", _sweep, "select 1; drop table runs"), "more than one statement");
        Assert.Contains("drop table runs", line);
        Assert.Equal(before, Db());
        // The table is still there.
        Assert.Contains("(11 rows)", CliRunner.Run("query", _sweep, "SELECT run_id FROM runs").Stdout);
        // A trailing semicolon and comments are still one statement.
        Assert.Equal(0, CliRunner.Run("query", _sweep, "SELECT 1; -- done\n/* nothing else */ ;").ExitCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("-- only a comment")]
    public void An_empty_query_is_an_error(string sql)
        => Hostile.AssertUserError(CliRunner.Run("query", _sweep, sql), "query is empty");

    [Theory]
    [InlineData("PRAGMA query_only = 0", "PRAGMA query_only")]
    [InlineData("PRAGMA journal_mode = delete", "PRAGMA journal_mode")]
    [InlineData("CREATE TEMP TABLE t (a)", "query refused")]
    [InlineData("INSERT INTO runs (run_id) VALUES ('x')", "query refused")]
    [InlineData("UPDATE runs SET status = 'done'", "query refused")]
    [InlineData("BEGIN", "query refused")]
    public void Writes_settings_and_transactions_are_refused(string sql, string message)
    {
        var before = Db();
        Hostile.AssertUserError(CliRunner.Run("query", _sweep, sql), message);
        Assert.Equal(before, Db());
    }

    [Fact]
    public void Reads_still_work_including_schema_pragmas_and_recursive_ctes()
    {
        Assert.Contains("run_id", CliRunner.Run("query", _sweep, "SELECT name FROM pragma_table_info('runs') ORDER BY cid").Stdout);
        Assert.Contains("run_id", CliRunner.Run("query", _sweep, "PRAGMA table_info('runs')").Stdout);
        var r = CliRunner.Run("query", _sweep, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT SUM(i) AS s FROM n", "--csv");
        Assert.Equal("s\n6\n", r.Stdout);
    }
}
