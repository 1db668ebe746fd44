// The notebooks in analysis/notebooks run as `dotnet run <file> -- <sweep>` against a generated sweep,
// and print what the report says: curricula.cs the report's main table, phenomena.cs the per-phenomenon
// differences. Slow: `dotnet run` builds the notebook and the projects it references, in the same
// configuration as this test and in their default output folders (after `make build`: up to date).
// Not with --artifacts-path: every file-based program would share one output folder there.
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using BabyLm.Analysis.Fixtures;

namespace BabyLm.Analysis.Tests;

[Trait("Category", "Slow")]
public sealed class NotebookTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _sweep;

    public NotebookTests()
    {
        _sweep = _dir["demo"];
        SyntheticSweep.Write(_sweep, new SyntheticSweepOptions { Paradigms = 6, Evaluations = 3 });
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Curricula_notebook_prints_the_reports_main_table()
    {
        var report = Reporter.Write(new ReportRequest { SweepDir = _sweep, By = "curriculum.order", Baseline = "random" });
        var output = RunNotebook("curricula.cs", _sweep, "curriculum.order", "random");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("curriculum.order", lines[0]);
        var rows = lines.Skip(1).Select(l => Regex.Split(l, @"\s+(?:±\s+)?")).ToDictionary(f => f[0]);
        Assert.Equal(["random", "corpus", "source"], rows.Keys);
        foreach (var c in report.Analysis.Main)
        {
            var f = rows[c.Condition];
            Assert.Equal(c.Score.N, int.Parse(f[1], CultureInfo.InvariantCulture));
            Assert.Equal(Round(c.Score.Mean, 1), f[2]);
            Assert.Equal(Round(c.Score.HalfWidth, 1), f[3]);
            if (c.VsBaseline is null) { Assert.Equal(4, f.Length); continue; }
            Assert.Equal((c.VsBaseline.MeanDiff >= 0 ? "+" : "") + Round(c.VsBaseline.MeanDiff, 1), f[4]);
            Assert.Equal(Round(c.VsBaseline.P, 3), f[5]);
            Assert.Equal(Round(c.HolmP, 3), f[6]);
        }
        // And the report's own Markdown shows the same means.
        var md = File.ReadAllText(Path.Combine(report.OutDir, ReportFiles.Markdown));
        foreach (var c in report.Analysis.Main) Assert.Contains($"{Round(c.Score.Mean, 1)} ± {Round(c.Score.HalfWidth, 1)}", md);
    }

    [Fact]
    public void Phenomena_notebook_prints_every_phenomenon_difference()
    {
        var output = RunNotebook("phenomena.cs", _sweep, "curriculum.order", "random");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("builtin: difference from random by phenomenon", lines[0]);
        Assert.Equal(6 * 2, lines.Count(l => Regex.IsMatch(l, @"^\w+\s+(corpus|source)\s+[+-]\d")));
        Assert.Matches(@"^\d+ of 12 differences have a Holm-adjusted p below 0.05\.$", lines[^1]);
    }

    private static string Round(double v, int decimals) => Math.Round(v, decimals, MidpointRounding.AwayFromZero).ToString(decimals == 1 ? "0.0" : "0.000", CultureInfo.InvariantCulture);

    /// <summary>`dotnet run -c &lt;this build's configuration&gt; analysis/notebooks/&lt;file&gt; -- args`; returns stdout.</summary>
    private static string RunNotebook(string file, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = TestPaths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("run");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(typeof(NotebookTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release");
        psi.ArgumentList.Add(Path.Combine("analysis", "notebooks", file));
        psi.ArgumentList.Add("--");
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"dotnet run {file} failed ({p.ExitCode}):\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
