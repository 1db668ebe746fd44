// report end to end on generated sweeps. The main table is checked against numbers computed here
// independently: straight from the run directories' files (not through SQL), with MathNet's t
// distribution for intervals and p-values and Holm done by hand. Plus: every SVG is valid XML, renders
// with rsvg-convert and has labelled axes and a legend; reports are byte-identical when rerun; runs
// that are running or failed are listed, not counted; bad --by/--baseline/--suite/--out are errors
// that list what is available.
using System.Globalization;
using System.Xml.Linq;
using System.Text.RegularExpressions;
using BabyLm.Analysis.Fixtures;
using BabyLm.Experiments.Runs;
using MathNetT = MathNet.Numerics.Distributions.StudentT;

namespace BabyLm.Analysis.Tests;

public sealed class ReportTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly SyntheticSweepInfo _sweep;

    public ReportTests() => _sweep = SyntheticSweep.Write(_dir["demo"], new SyntheticSweepOptions { Paradigms = 9, Evaluations = 4 });

    public void Dispose() => _dir.Dispose();

    private ReportResult Report(string? baseline = "random", string? outDir = null, params string[] where)
        => Reporter.Write(new ReportRequest { SweepDir = _sweep.Dir, By = "curriculum.order", Baseline = baseline, Out = outDir, Where = where });

    /// <summary>Final suite accuracy (%) of each finished run, by (order, seed), from the files alone.</summary>
    private Dictionary<(string Order, long Seed), double> FinalScoresFromFiles()
    {
        var scores = new Dictionary<(string, long), double>();
        foreach (var dir in Directory.GetDirectories(_sweep.Dir))
        {
            if (RunInfo.TryRead(dir) is not { Status: "done" }) continue;
            // The canonical config.yaml, read with two patterns rather than with the collector's YAML flattening.
            var yaml = File.ReadAllText(Path.Combine(dir, RunFiles.Config));
            long seed = long.Parse(Regex.Match(yaml, @"^seed: (\d+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
            string order = Regex.Match(yaml, @"^curriculum:\n(?:  .*\n)*?  order: (\S+)$", RegexOptions.Multiline).Groups[1].Value;
            var probes = RunFiles.ReadLines<ProbeLine>(Path.Combine(dir, RunFiles.Probes));
            long last = probes.Max(p => p.Step);
            scores[(order, seed)] = 100 * probes.Where(p => p.Step == last).Average(p => p.Accuracy);
        }
        return scores;
    }

    [Fact]
    public void Main_table_matches_an_independent_computation()
    {
        var result = Report();
        var scores = FinalScoresFromFiles();
        var csv = ReadCsv(Path.Combine(result.OutDir, "tables", "main.csv")).Where(r => r["kind"] == "condition").ToDictionary(r => r["condition"]);
        var md = File.ReadAllText(Path.Combine(result.OutDir, ReportFiles.Markdown));

        var pValues = new Dictionary<string, double>();
        Assert.Equal(9, scores.Count);
        foreach (var order in new[] { "random", "corpus", "source" })
        {
            var values = scores.Where(s => s.Key.Order == order).OrderBy(s => s.Key.Seed).Select(s => s.Value).ToArray();
            Assert.Equal(3, values.Length);
            double mean = values.Average(), sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / 2);
            double half = MathNetT.InvCDF(0, 1, 2, 0.975) * sd / Math.Sqrt(3);
            var row = csv[order];
            Close(mean, row["accuracy_pct_mean"]);
            Close(mean - half, row["accuracy_pct_ci_low"]);
            Close(mean + half, row["accuracy_pct_ci_high"]);
            Assert.Contains($"{mean.ToString("0.0", CultureInfo.InvariantCulture)} ± {half.ToString("0.0", CultureInfo.InvariantCulture)}", md);
            if (order == "random") continue;

            var diffs = Enumerable.Range(1, 3).Select(seed => scores[(order, seed)] - scores[("random", seed)]).ToArray();
            double dm = diffs.Average(), dsd = Math.Sqrt(diffs.Sum(d => (d - dm) * (d - dm)) / 2);
            double t = dm / (dsd / Math.Sqrt(3));
            double p = 2 * MathNetT.CDF(0, 1, 2, -Math.Abs(t));
            Close(dm, row["diff_pp"]);
            Close(t, row["t"]);
            Close(p, row["p"], 1e-9);
            Close(dm - MathNetT.InvCDF(0, 1, 2, 0.975) * dsd / Math.Sqrt(3), row["diff_pp_ci_low"]);
            // Sign flips enumerated here: the share of the 8 patterns with |Σ ±d| ≥ |Σ d|.
            int extreme = Enumerable.Range(0, 8).Count(m => Math.Abs(diffs.Select((d, i) => (m >> i & 1) == 0 ? d : -d).Sum()) >= Math.Abs(diffs.Sum()) - 1e-9);
            Close(extreme / 8.0, row["p_signflip"]);
            pValues[order] = p;
        }
        // Holm over two comparisons, by hand: the smaller p doubled; the larger max(that, itself).
        var (small, large) = pValues["corpus"] < pValues["source"] ? ("corpus", "source") : ("source", "corpus");
        Close(Math.Min(1, 2 * pValues[small]), csv[small]["p_holm"], 1e-9);
        Close(Math.Max(Math.Min(1, 2 * pValues[small]), pValues[large]), csv[large]["p_holm"], 1e-9);

        // n-gram rows: the unweighted mean over paradigms of baselines.jsonl.
        var baselines = RunFiles.ReadLines<ProbeLine>(Path.Combine(_sweep.Dir, SweepDirectory.Baselines));
        var ngram = ReadCsv(Path.Combine(result.OutDir, "tables", "main.csv")).Single(r => r["condition"] == "unigram");
        Close(100 * baselines.Where(b => b.Baseline == "unigram").Average(b => b.Accuracy), ngram["accuracy_pct_mean"]);
    }

    [Fact]
    public void Phenomenon_scores_are_unweighted_means_over_their_paradigms()
    {
        var result = Report();
        var rows = ReadCsv(Path.Combine(result.OutDir, "tables", "phenomena.csv"));
        // 9 paradigms over 12 phenomena: one each, so each phenomenon mean equals its paradigm's mean.
        var paradigms = ReadCsv(Path.Combine(result.OutDir, "tables", "paradigms.csv"));
        foreach (var r in rows.Where(r => r["kind"] == "condition"))
        {
            var p = paradigms.Single(x => x["phenomenon"] == r["phenomenon"] && x["condition"] == r["condition"] && x["kind"] == "condition");
            Close(double.Parse(p["accuracy_pct_mean"], CultureInfo.InvariantCulture), r["accuracy_pct_mean"]);
        }
        Assert.Equal(9 * 3, rows.Count(r => r["kind"] == "condition"));
    }

    [Fact]
    public void Report_writes_every_file_and_every_plot_is_valid_renderable_and_labelled()
    {
        var result = Report();
        foreach (var f in new[] { "report.md", "tables/main.tex", "tables/main.csv", "tables/phenomena.tex", "tables/phenomena.csv",
                     "tables/paradigms.csv", "tables/runs.csv", "tables/curves.csv", "plots/learning-curve-accuracy.svg",
                     "plots/learning-curve-dev-loss.svg", "plots/phenomena.svg", "plots/paradigms.svg", "plots/differences.svg" })
            Assert.True(File.Exists(Path.Combine(result.OutDir, f)), $"{f} missing");
        var svgs = Directory.GetFiles(Path.Combine(result.OutDir, "plots"), "*.svg");
        Assert.Equal(5, svgs.Length);
        using var png = new TempDir();
        foreach (var svg in svgs)
        {
            PlotChecks.AssertLabelledAxesAndLegend(XDocument.Load(svg));
            var copy = Path.Combine(png.Path, Path.GetFileName(svg));
            File.Copy(svg, copy);
            var (w, h) = PlotChecks.PngSize(PlotChecks.RenderPng(copy));
            Assert.True(w > 300 && h > 150);
        }
        // booktabs, escaped.
        var tex = File.ReadAllText(Path.Combine(result.OutDir, "tables", "main.tex"));
        Assert.Contains("\\toprule", tex);
        Assert.Contains("\\bottomrule", tex);
        Assert.Contains(" \\pm ", tex);
        Assert.True(tex.All(c => c < 128), "non-ASCII in main.tex");
        Assert.Contains("curriculum.order", tex);
    }

    [Fact]
    public void Running_and_failed_runs_are_listed_but_not_counted()
    {
        var result = Report();
        var md = File.ReadAllText(Path.Combine(result.OutDir, ReportFiles.Markdown));
        Assert.Contains("## Runs not included", md);
        Assert.Contains($"| {_sweep.RunningRun} | random | seed=4 | running | running (step", md);
        Assert.Contains($"| {_sweep.FailedRun} | corpus | seed=4 | failed | failed: data path", md);
        Assert.Equal(9, result.Analysis.Included.Count());
        Assert.All(result.Analysis.Main, c => Assert.Equal(3, c.Score.N));
        Assert.Equal(["seed"], result.Analysis.PairKeys);
    }

    [Fact]
    public void Report_is_byte_identical_when_rerun()
    {
        var first = Report(outDir: _dir["r1"]);
        var second = Report(outDir: _dir["r2"]);
        foreach (var f in first.Files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(first.OutDir, f)), File.ReadAllBytes(Path.Combine(second.OutDir, f)));
        // And rewriting in place replaces the earlier report.
        Report(outDir: _dir["r1"]);
        Assert.True(File.Exists(Path.Combine(_dir["r1"], ReportFiles.Markdown)));
    }

    [Fact]
    public void A_second_varying_key_pairs_runs_and_where_fixes_it()
    {
        using var dir = new TempDir();
        var sweep = SyntheticSweep.Write(dir["grid"], new SyntheticSweepOptions { Layers = [2, 4], Paradigms = 4, Evaluations = 2, AddRunning = false, AddFailed = false });
        var both = Reporter.Write(new ReportRequest { SweepDir = sweep.Dir, By = "curriculum.order", Baseline = "random" });
        Assert.Equal(["seed", "model.layers"], both.Analysis.PairKeys);
        Assert.All(both.Analysis.Main, c => Assert.Equal(6, c.Score.N));
        Assert.Contains(both.Analysis.Warnings, w => w.Contains("paired by seed, model.layers", StringComparison.Ordinal));

        var four = Reporter.Write(new ReportRequest { SweepDir = sweep.Dir, By = "curriculum.order", Baseline = "random", Where = ["model.layers=4"] });
        Assert.Equal(["seed"], four.Analysis.PairKeys);
        Assert.All(four.Analysis.Main, c => Assert.Equal(3, c.Score.N));
        Assert.Equal(9, four.Analysis.FilteredOut);

        // Several keys: their value combinations are the conditions.
        var combined = Reporter.Write(new ReportRequest { SweepDir = sweep.Dir, By = "curriculum.order,model.layers", Baseline = "random/2" });
        Assert.Equal("random / 2", combined.Analysis.Baseline);
        Assert.Equal(["random / 2", "corpus / 2", "corpus / 4", "random / 4", "source / 2", "source / 4"], combined.Analysis.Conditions);
        Assert.Equal(["seed"], combined.Analysis.PairKeys);
        Assert.All(combined.Analysis.Main, c => Assert.Equal(3, c.Score.N));
        Assert.Contains("--by curriculum.order,model.layers --baseline 'random / 2'", File.ReadAllText(Path.Combine(combined.OutDir, ReportFiles.Markdown)));
    }

    [Fact]
    public void Bad_options_are_errors_that_list_what_is_available()
    {
        var notVarying = Assert.Throws<BabyLmException>(() => Reporter.Write(new ReportRequest { SweepDir = _sweep.Dir, By = "model.layers" }));
        Assert.Contains("does not vary", notVarying.Message);
        Assert.Contains("curriculum.order", notVarying.Hint);
        Assert.Contains("seed", notVarying.Hint);

        var unknown = Assert.Throws<BabyLmException>(() => Reporter.Write(new ReportRequest { SweepDir = _sweep.Dir, By = "curriculum.ordr" }));
        Assert.Contains("did you mean 'curriculum.order'", unknown.Message);

        var baseline = Assert.Throws<BabyLmException>(() => Report(baseline: "age"));
        Assert.Contains("no run has curriculum.order = age", baseline.Message);
        Assert.Equal("values of curriculum.order: corpus, random, source", baseline.Hint);

        var suite = Assert.Throws<BabyLmException>(() => Reporter.Write(new ReportRequest { SweepDir = _sweep.Dir, By = "curriculum.order", Suite = "blimp" }));
        Assert.Contains("builtin (10 runs)", suite.Hint);

        var where = Assert.Throws<BabyLmException>(() => Report(where: "model.layers=8"));
        Assert.Contains("model.layers: 2", where.Hint);

        Directory.CreateDirectory(_dir["precious"]);
        File.WriteAllText(_dir["precious/notes.txt"], "mine");
        var outDir = Assert.Throws<BabyLmException>(() => Report(outDir: _dir["precious"]));
        Assert.Contains("not a report folder", outDir.Message);
        Assert.Equal("mine", File.ReadAllText(_dir["precious/notes.txt"]));

        var notSweep = Assert.Throws<BabyLmException>(() => Reporter.Write(new ReportRequest { SweepDir = _dir.Path, By = "seed" }));
        Assert.Contains("not a sweep directory", notSweep.Message);
        Assert.Contains("demo", notSweep.Hint);
    }

    [Fact]
    public void Baselines_scored_on_another_suite_version_than_the_runs_are_a_warning()
    {
        Assert.DoesNotContain(Report().Analysis.Warnings, w => w.Contains("baselines were scored on another version", StringComparison.Ordinal));
        var file = Path.Combine(_sweep.Dir, SweepDirectory.Baselines);
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"suite_version\":\"v1\"", "\"suite_version\":\"v0\"", StringComparison.Ordinal));
        var warnings = Report().Analysis.Warnings;
        Assert.Contains(warnings, w => w.Contains("the n-gram baselines were scored on another version of builtin (v0) than the runs (v1)", StringComparison.Ordinal));
    }

    [Fact]
    public void Default_baseline_is_the_first_value_and_single_runs_have_no_interval()
    {
        var result = Report(baseline: null, where: "seed=1");
        Assert.Equal("corpus", result.Analysis.Baseline);
        Assert.All(result.Analysis.Main, c => Assert.Equal(1, c.Score.N));
        Assert.Empty(result.Analysis.PairKeys);
        Assert.Contains(result.Analysis.Warnings, w => w.Contains("single run", StringComparison.Ordinal));
    }

    private static void Close(double expected, string actual, double rel = 1e-12)
    {
        double v = double.Parse(actual, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(expected - v) <= rel * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {v:R}");
    }

    /// <summary>A simple CSV reader (no quoted commas in these tables' numeric rows).</summary>
    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(',')).Select(f => header.Select((h, i) => (h, f[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
    }
}
