// The notebooks in analysis/notebooks executed as `make notebooks` executes them — nbconvert with the
// .NET (C#) kernel, through analysis/notebooks/execute.sh — on a small generated sweep and a bench file
// written by the bench's own JSON writer. Every cell must run; the main-table cell must show the
// report's numbers (parsed from its HTML output, compared at the 6 significant digits shown); the
// learning curves and the phenomenon plot must be the report's SVG files byte for byte; the phenomenon
// table the report's differences and Holm p; the bench table the file's values. Needs what
// `make setup` installs (jupyter-nbconvert, the kernel in .tools/) and `make build` (the library the
// notebooks reference); without them the tests fail and say so.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using BabyLm.Analysis.Fixtures;
using BabyLm.Experiments.Bench;

namespace BabyLm.Analysis.Tests;

/// <summary>Runs the three notebooks once for all the tests of <see cref="NotebookTests"/>.</summary>
public sealed class ExecutedNotebooks : IDisposable
{
    private readonly TempDir _dir = new();

    public ExecutedNotebooks()
    {
        Sweep = _dir["demo"];
        SyntheticSweep.Write(Sweep, new SyntheticSweepOptions { Paradigms = 6, Evaluations = 3 });
        Report = Reporter.Write(new ReportRequest { SweepDir = Sweep, By = "curriculum.order", Baseline = "random", Out = _dir["report"] });

        Bench = _dir["bench.jsonl"];
        var json = new StringWriter();
        var context = new BenchContext(TextWriter.Null, json, threads: 2);
        foreach (var r in BenchResults) context.Report(r);
        File.WriteAllText(Bench, json.ToString());

        Out = _dir["executed"];
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = TestPaths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine("analysis", "notebooks", "execute.sh"));
        psi.ArgumentList.Add(Out);
        foreach (var nb in Names) psi.ArgumentList.Add(Path.Combine("analysis", "notebooks", nb + ".ipynb"));
        psi.Environment["BABYLM_SWEEP"] = Sweep;
        psi.Environment["BABYLM_BY"] = "curriculum.order";
        psi.Environment["BABYLM_BASELINE"] = "random";
        psi.Environment["BABYLM_BENCH"] = Bench;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        Log = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Log += stderr.Result;
        ExitCode = p.ExitCode;
    }

    public static readonly string[] Names = ["curricula", "phenomena", "bench"];

    public static readonly BenchResult[] BenchResults =
    [
        new() { Name = "gemm.nn.4096x256x768", Value = 201.5, Unit = "GFLOP/s", Baseline = "openblas", BaselineValue = 198.25, Target = 0.8 },
        new() { Name = "attention.fwd_bwd.T128", Value = 8.5, Unit = "ms", HigherIsBetter = false, Baseline = "unfused", BaselineValue = 13.6, Target = 2 },
        new() { Name = "report.from_scratch.seconds", Value = 2.5, Unit = "s", HigherIsBetter = false, Target = 10, Note = "collect + report" },
        new() { Name = "fma_peak", Value = 352, Unit = "GFLOP/s" },
    ];

    public string Sweep { get; }
    public string Bench { get; }
    public string Out { get; }
    public ReportResult Report { get; }
    public int ExitCode { get; }
    public string Log { get; }

    /// <summary>The executed notebook's cells (fails the test, with the script's output, if it did not run).</summary>
    public List<JsonElement> Cells(string name)
    {
        Assert.True(ExitCode == 0, $"analysis/notebooks/execute.sh failed ({ExitCode}):\n{Log}");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, name + ".ipynb")));
        return doc.RootElement.GetProperty("cells").EnumerateArray().Select(c => c.Clone()).ToList();
    }

    public void Dispose() => _dir.Dispose();
}

[Trait("Category", "Slow")]
public sealed class NotebookTests(ExecutedNotebooks run) : IClassFixture<ExecutedNotebooks>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Fact]
    public void Every_cell_of_every_notebook_runs_and_shows_its_output()
    {
        foreach (var name in ExecutedNotebooks.Names)
        {
            var code = run.Cells(name).Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();
            Assert.True(code.Count >= 5, $"{name}: {code.Count} code cells");
            foreach (var cell in code)
            {
                var outputs = cell.GetProperty("outputs").EnumerateArray().ToList();
                Assert.DoesNotContain(outputs, o => o.GetProperty("output_type").GetString() == "error");
                Assert.True(cell.GetProperty("execution_count").ValueKind == JsonValueKind.Number, $"{name}: a cell did not run: {Source(cell)}");
                if (!Tags(cell).Contains("parameters"))
                    Assert.True(outputs.Count > 0, $"{name}: a cell showed nothing: {Source(cell)}");
            }
            // Plots are shown inline, as SVG images.
            Assert.Contains(code, c => Data(c, "image/svg+xml").Count > 0);
        }
    }

    [Fact]
    public void The_main_table_cell_shows_the_reports_numbers()
    {
        var cell = Tagged("curricula", "main-table");
        var tables = Data(cell, "text/html").Select(Table).ToList();
        Assert.Equal(2, tables.Count);
        var main = tables[0];
        var report = run.Report.Analysis;
        Assert.Equal(report.Main.Select(m => m.Condition), main.Select(r => r["condition"]));
        foreach (var (expected, row) in report.Main.Zip(main))
        {
            Assert.Equal(expected.Score.N.ToString(Inv), row["n"]);
            Assert.Equal(G6(expected.Score.Mean), row["mean"]);
            Assert.Equal(G6(expected.Score.Low), row["ci_low"]);
            Assert.Equal(G6(expected.Score.High), row["ci_high"]);
            if (expected.VsBaseline is not { } d)
            {
                Assert.Equal("true", row["is_baseline"]);
                Assert.Equal("", row["diff"]);
                continue;
            }
            Assert.Equal(d.N.ToString(Inv), row["pairs"]);
            Assert.Equal(G6(d.MeanDiff), row["diff"]);
            Assert.Equal(G6(d.Low), row["diff_ci_low"]);
            Assert.Equal(G6(d.High), row["diff_ci_high"]);
            Assert.Equal(G6(d.T), row["t"]);
            Assert.Equal(G6(d.P), row["p"]);
            Assert.Equal(G6(expected.HolmP), row["p_holm"]);
            Assert.Equal(G6(d.PermutationP), row["p_signflip"]);
        }
        // The report's n-gram rows.
        var floor = tables[1];
        Assert.Equal(report.Baselines.Keys.Order(StringComparer.Ordinal), floor.Select(r => r["baseline"]).Order(StringComparer.Ordinal));
        foreach (var row in floor) Assert.Equal(G6(report.Baselines[row["baseline"]]), row["accuracy_pct"]);
        // And report.md shows the same means, rounded as it rounds them.
        var md = File.ReadAllText(Path.Combine(run.Report.OutDir, ReportFiles.Markdown));
        foreach (var row in main)
            Assert.Contains($"{double.Parse(row["mean"], Inv):0.0} ±", md);
    }

    [Fact]
    public void The_learning_curves_are_the_reports_plots()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(run.Report.OutDir, "plots", "learning-curve-accuracy.svg")), Data(Tagged("curricula", "learning-curve"), "image/svg+xml").Single());
        Assert.Equal(File.ReadAllText(Path.Combine(run.Report.OutDir, "plots", "learning-curve-dev-loss.svg")), Data(Tagged("curricula", "dev-loss"), "image/svg+xml").Single());
    }

    [Fact]
    public void The_phenomena_notebook_shows_the_reports_phenomenon_differences_and_plot()
    {
        var table = Table(Data(Tagged("phenomena", "phenomena-table"), "text/html").Single());
        var report = run.Report.Analysis;
        Assert.Equal(report.Phenomena.Count * report.Conditions.Count, table.Count);
        foreach (var g in report.Phenomena)
            foreach (var c in g.Conditions)
            {
                var row = table.Single(r => r["phenomenon"] == g.Name && r["condition"] == c.Condition);
                Assert.Equal(G6(c.Score.Mean), row["mean"]);
                if (c.VsBaseline is { } d)
                {
                    Assert.Equal(G6(d.MeanDiff), row["diff"]);
                    Assert.Equal(G6(c.HolmP), row["p_holm"]);
                }
            }
        Assert.Equal(File.ReadAllText(Path.Combine(run.Report.OutDir, "plots", "phenomena.svg")), Data(Tagged("phenomena", "phenomena-plot"), "image/svg+xml").Single());
        int significant = report.Phenomena.Sum(g => g.Conditions.Count(c => c.HolmP < 0.05));
        Assert.Contains($"{significant} of {report.Phenomena.Count * (report.Conditions.Count - 1)} differences have a Holm-adjusted p below 0.05.",
            string.Concat(Streams(Tagged("phenomena", "effects"))));
    }

    [Fact]
    public void The_bench_notebook_shows_the_files_measurements_and_targets()
    {
        var table = Table(Data(Tagged("bench", "bench-table"), "text/html").Single());
        Assert.Equal(ExecutedNotebooks.BenchResults.Select(r => r.Name), table.Select(r => r["name"]));
        foreach (var (expected, row) in ExecutedNotebooks.BenchResults.Zip(table))
        {
            Assert.Equal(expected.Name.Split('.')[0], row["suite"]);
            Assert.Equal(G6(expected.Value), row["value"]);
            Assert.Equal(expected.BaselineValue is { } b ? G6(b) : "", row["baseline_value"]);
            Assert.Equal(expected.Ratio is { } ratio ? G6(ratio) : "", row["ratio"]);
            Assert.Equal(expected.MeetsTarget switch { true => "true", false => "false", null => "" }, row["meets_target"]);
        }
        // gemm 201.5 / 198.25 ≥ 0.8 and the report bench's 2.5 s ≤ 10 s are met; attention 13.6 / 8.5 = 1.6 < 2 is not.
        Assert.Contains("2 of 3 targets met.", string.Concat(Streams(Tagged("bench", "targets"))));
    }

    [Fact]
    public void The_committed_notebooks_have_no_outputs_and_ask_for_the_dotnet_kernel()
    {
        foreach (var name in ExecutedNotebooks.Names)
        {
            var path = Path.Combine(TestPaths.RepoRoot, "analysis", "notebooks", name + ".ipynb");
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal(".net-csharp", doc.RootElement.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
            foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code"))
                Assert.Empty(cell.GetProperty("outputs").EnumerateArray());
            Assert.Contains("#r \"../bin/Release/net10.0/BabyLm.Analysis.dll\"", File.ReadAllText(path).Replace("\\\"", "\""));
        }
    }

    // ---- reading executed notebooks ---------------------------------------------------------------------

    private JsonElement Tagged(string notebook, string tag)
        => run.Cells(notebook).Single(c => Tags(c).Contains(tag));

    private static List<string> Tags(JsonElement cell)
        => cell.GetProperty("metadata").TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : [];

    private static string Source(JsonElement cell) => string.Concat(cell.GetProperty("source").EnumerateArray().Select(s => s.GetString()));

    /// <summary>The cell's outputs of one MIME type, each as one string.</summary>
    private static List<string> Data(JsonElement cell, string mime)
        => cell.GetProperty("outputs").EnumerateArray()
            .Where(o => o.TryGetProperty("data", out var d) && d.TryGetProperty(mime, out _))
            .Select(o => o.GetProperty("data").GetProperty(mime))
            .Select(v => v.ValueKind == JsonValueKind.Array ? string.Concat(v.EnumerateArray().Select(s => s.GetString())) : v.GetString()!)
            .ToList();

    private static IEnumerable<string> Streams(JsonElement cell)
        => cell.GetProperty("outputs").EnumerateArray().Where(o => o.GetProperty("output_type").GetString() == "stream")
            .Select(o => string.Concat(o.GetProperty("text").EnumerateArray().Select(s => s.GetString())));

    /// <summary>The rows of the DataFrame HTML table in an output: column name → cell text.</summary>
    private static List<Dictionary<string, string>> Table(string html)
    {
        var header = Regex.Matches(Regex.Match(html, "<thead>(.*?)</thead>", RegexOptions.Singleline).Groups[1].Value, "<th[^>]*>(.*?)</th>")
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(header);
        return Regex.Matches(Regex.Match(html, "<tbody>(.*?)</tbody>", RegexOptions.Singleline).Groups[1].Value, "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(tr => Regex.Matches(tr.Groups[1].Value, "<td[^>]*>(.*?)</td>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList())
            .Select(cells => header.Zip(cells).ToDictionary(x => x.First, x => x.Second))
            .ToList();
    }

    private static string G6(double v) => double.IsFinite(v) ? v.ToString("G6", Inv) : "";
}
