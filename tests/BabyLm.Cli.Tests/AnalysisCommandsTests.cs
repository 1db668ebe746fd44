// collect, query and report from the command line: output, exit codes, and the error contract for bad
// input (one "error:" line naming what was wrong, a hint listing what is available, exit code 2).
using BabyLm.Analysis.Fixtures;

namespace BabyLm.Cli.Tests;

public sealed class AnalysisCommandsTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _sweep;

    public AnalysisCommandsTests()
    {
        _sweep = _dir["demo"];
        SyntheticSweep.Write(_sweep, new SyntheticSweepOptions { Paradigms = 4, Evaluations = 2 });
    }

    public void Dispose() => _dir.Dispose();

    private static void AssertUserError(CliResult r, string message, string hint)
    {
        Assert.Equal(2, r.ExitCode);
        var errors = r.ErrorLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.Contains(message, errors[0]);
        Assert.Contains(r.ErrorLines, l => l.StartsWith("hint:", StringComparison.Ordinal) && l.Contains(hint, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void Collect_reports_counts_and_is_idempotent()
    {
        var first = CliRunner.Run("collect", _sweep);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("11 run(s) (1 running, 9 done, 1 failed)", first.Stdout);
        var second = CliRunner.Run("collect", _sweep);
        Assert.Contains("up to date", second.Stdout);
    }

    [Fact]
    public void Query_prints_a_table_csv_or_json()
    {
        const string Sql = "SELECT \"curriculum.order\" AS curriculum, COUNT(*) AS n FROM runs WHERE status = 'done' GROUP BY 1 ORDER BY 1";
        var table = CliRunner.Run("query", _sweep, Sql);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("corpus", table.Stdout);
        Assert.Contains("(3 rows)", table.Stdout);
        var csv = CliRunner.Run("query", _sweep, Sql, "--csv");
        Assert.Equal("curriculum,n\ncorpus,3\nrandom,3\nsource,3\n", csv.Stdout);
        var json = System.Text.Json.JsonDocument.Parse(CliRunner.Run("query", _sweep, Sql, "--json").Stdout);
        Assert.Equal(3, json.RootElement[1].GetProperty("n").GetInt32());
        Assert.Equal(2, CliRunner.Run("query", _sweep, Sql, "--csv", "--json").ExitCode);
    }

    [Fact]
    public void Query_errors_list_the_tables_and_refuse_writes()
    {
        AssertUserError(CliRunner.Run("query", _sweep, "SELECT nope FROM runs"), "no such column: nope", "last_suite_scores");
        AssertUserError(CliRunner.Run("query", _sweep, "DELETE FROM runs"), "read-only", "run directories");
    }

    [Fact]
    public void Report_writes_the_report_and_prints_the_main_table()
    {
        var r = CliRunner.Run("report", _sweep, "--by", "curriculum.order", "--baseline", "random", "--out", _dir["out"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("| **random (baseline)** | 3 |", r.Stdout);
        Assert.Contains("| corpus | 3 |", r.Stdout);
        Assert.True(File.Exists(_dir["out/report.md"]));
        Assert.True(File.Exists(_dir["out/plots/learning-curve-accuracy.svg"]));
    }

    [Fact]
    public void Report_bad_input_lists_what_is_available()
    {
        AssertUserError(CliRunner.Run("report", _dir.Path, "--by", "curriculum.order"), "is not a sweep directory", "demo");
        AssertUserError(CliRunner.Run("report", _sweep, "--by", "model.layers"), "does not vary", "seed, curriculum.order");
        AssertUserError(CliRunner.Run("report", _sweep, "--by", "curriculum.order", "--baseline", "age"),
            "no run has curriculum.order = age", "values of curriculum.order: corpus, random, source");
        AssertUserError(CliRunner.Run("report", _sweep, "--by", "curriculum.order", "--suite", "blimp"), "no run was evaluated on it", "builtin");
        Assert.Equal(2, CliRunner.Run("report", _sweep).ExitCode); // --by is required
    }
}
