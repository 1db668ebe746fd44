// export-table from the command line: what it writes and prints, and the error contract for bad input
// (a folder that is not a sweep, an unknown --format, a folder it must not replace): one "error:" line,
// a hint naming what is allowed or available, exit code 2, nothing written.
using BabyLm.Analysis.Fixtures;

namespace BabyLm.Cli.Tests;

public sealed class ExportTableCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _sweep;

    public ExportTableCommandTests()
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
    public void Export_table_writes_one_file_per_table_and_view()
    {
        var r = CliRunner.Run("export-table", _sweep);
        Assert.Equal(0, r.ExitCode);
        var dir = Path.Combine(_sweep, "export", "parquet");
        Assert.Contains($"wrote 16 parquet files and tables.json in {dir}", r.Stdout);
        Assert.Contains("last_suite_scores.parquet", r.Stdout);
        Assert.Equal(16, Directory.GetFiles(dir, "*.parquet").Length);
        Assert.True(File.Exists(Path.Combine(dir, "tables.json")));

        var csv = CliRunner.Run("export-table", _sweep, "--format", "csv", "--out", _dir["csv"]);
        Assert.Equal(0, csv.ExitCode);
        Assert.Equal(16, Directory.GetFiles(_dir["csv"], "*.csv").Length);
        var header = File.ReadLines(Path.Combine(_dir["csv"], "runs.csv")).First().Split(',');
        Assert.Contains("model.layers", header);
        Assert.Contains("curriculum.order", header);
    }

    [Fact]
    public void Export_table_bad_input_is_a_clear_error()
    {
        AssertUserError(CliRunner.Run("export-table", _dir.Path), "is not a sweep directory", "demo");
        AssertUserError(CliRunner.Run("export-table", _sweep, "--format", "xlsx"), "unknown --format 'xlsx'; allowed: parquet, csv", "pandas");
        Assert.False(Directory.Exists(Path.Combine(_sweep, "export")));
        File.WriteAllText(_dir["notes.txt"], "mine");
        AssertUserError(CliRunner.Run("export-table", _sweep, "--out", _dir.Path), "is not an export folder", "new or empty folder");
        Assert.Equal("mine", File.ReadAllText(_dir["notes.txt"]));
    }

    [Fact]
    public void Help_names_the_formats_and_gives_examples()
    {
        var r = CliRunner.Run("export-table", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("parquet", r.Stdout);
        Assert.Contains("babylm export-table runs/demo --format csv --out paper/data", r.Stdout);
        Assert.Contains("pandas.read_parquet", r.Stdout);
        Assert.Contains("export-table", CliRunner.Run("--help").Stdout);
    }
}
