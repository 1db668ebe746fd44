// The BabyLM tasks in the run table and the report: entity tracking's lines carry weights, so its suite
// score is the mean of its file means (computed here from the lines written, not through SQL); the WUG
// lines are ρ and the report says so (labels, chance = no association); every suite a sweep was scored on
// gets a row and a learning curve in "All suites", matching an independent computation from the files.
using System.Globalization;
using BabyLm.Analysis.Fixtures;
using BabyLm.Experiments.Runs;

namespace BabyLm.Analysis.Tests;

public sealed class ZeroShotReportTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly SyntheticSweepInfo _sweep;
    private readonly Dictionary<string, Dictionary<long, (double Entity, double Rho)>> _written = [];

    public ZeroShotReportTests()
    {
        _sweep = SyntheticSweep.Write(_dir["zs"], new SyntheticSweepOptions { Paradigms = 6, Evaluations = 3, AddBaselines = false });
        // Each run's evaluations also scored entity tracking (3 UIDs in 2 files) and WUG adjectives.
        var rng = new Random(11);
        foreach (var dir in Directory.GetDirectories(_sweep.Dir))
        {
            var path = Path.Combine(dir, RunFiles.Probes);
            if (!File.Exists(path)) continue;
            var scores = new Dictionary<long, (double, double)>();
            foreach (var g in RunFiles.ReadLines<ProbeLine>(path).GroupBy(l => l.Step).ToList())
            {
                var first = g.First();
                double r0 = Math.Round(rng.NextDouble(), 3), r1 = Math.Round(rng.NextDouble(), 3), a0 = Math.Round(rng.NextDouble(), 3);
                double rho = Math.Round(2 * rng.NextDouble() - 1, 3);
                ProbeLine L(string suite, string uid, string phen, double acc, double? weight, string? metric, double? chance) => new()
                {
                    Step = first.Step, WordsSeen = first.WordsSeen, Suite = suite, SuiteVersion = "v1", Paradigm = uid, Phenomenon = phen,
                    Pairs = 100, Correct = (int)(100 * acc), Ties = 0, Accuracy = acc, Scorer = first.Scorer, TieMode = first.TieMode, Full = first.Full,
                    Weight = weight, Metric = metric, Chance = chance,
                };
                RunFiles.AppendLine(path, L("entity_tracking", "ambiref_0_ops", "ambiref", a0, 0.5, null, 0.25));
                RunFiles.AppendLine(path, L("entity_tracking", "regular_0_ops", "regular", r0, 0.25, null, 0.25));
                RunFiles.AppendLine(path, L("entity_tracking", "regular_1_ops", "regular", r1, 0.25, null, 0.25));
                RunFiles.AppendLine(path, L("wug_adj", "wug_adj", "wug_adj", rho, null, "spearman", null));
                // The task's score by its definition: files regular (two UIDs) and ambiref (one), averaged.
                scores[first.Step] = (((r0 + r1) / 2 + a0) / 2, rho);
            }
            _written[Path.GetFileName(dir)] = scores;
        }
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Suite_scores_use_the_weights_and_name_the_metric_and_chance()
    {
        Collector.Collect(_sweep.Dir);
        using var db = RunDatabase.Open(_sweep.Dir, collect: false);
        var rows = db.Query("SELECT run_id, step, accuracy, metric, chance FROM suite_scores WHERE suite = 'entity_tracking'").Rows;
        Assert.NotEmpty(rows);
        foreach (var r in rows)
        {
            Assert.Equal(_written[r.Text("run_id")][r.Long("step")].Entity, r.Double("accuracy"), 12);
            Assert.Equal("accuracy", r.Text("metric"));
            Assert.Equal(0.25, r.Double("chance"), 12);
        }
        var wug = db.Query("SELECT run_id, step, accuracy, metric, chance FROM last_suite_scores WHERE suite = 'wug_adj'").Rows;
        Assert.All(wug, r => Assert.Equal(("spearman", 0.0), (r.Text("metric"), r.Double("chance"))));
        Assert.All(db.Query("SELECT metric, chance FROM last_suite_scores WHERE suite = 'builtin'").Rows, r => Assert.Equal(("accuracy", 0.5), (r.Text("metric"), r.Double("chance"))));
    }

    [Fact]
    public void The_report_has_a_row_and_a_curve_for_every_suite_matching_the_files()
    {
        var result = Reporter.Write(new ReportRequest { SweepDir = _sweep.Dir, By = "curriculum.order", Baseline = "random", Suite = "builtin" });
        var md = File.ReadAllText(Path.Combine(result.OutDir, ReportFiles.Markdown));
        Assert.Contains("## All suites", md);
        foreach (var s in new[] { "builtin", "entity_tracking", "wug_adj" })
        {
            Assert.Contains($"plots/suite-{s}.svg", md);
            Assert.True(File.Exists(Path.Combine(result.OutDir, "plots", $"suite-{s}.svg")));
        }
        var overview = result.Analysis.AllSuites.Single(o => o.Suite == "entity_tracking");
        Assert.Equal(25, overview.ChancePct, 12);
        var csv = File.ReadAllLines(Path.Combine(result.OutDir, "tables", "suites.csv"));
        var header = csv[0].Split(',');
        foreach (var order in new[] { "random", "corpus", "source" })
        {
            // Each done run's last evaluation, from the lines this test wrote.
            var expected = _written.Where(w => RunInfo.TryRead(Path.Combine(_sweep.Dir, w.Key)) is { Status: "done" } && Order(w.Key) == order)
                .Select(w => 100 * w.Value[w.Value.Keys.Max()].Entity).ToList();
            Assert.Equal(3, expected.Count);
            var row = csv.Skip(1).Select(l => l.Split(',')).Single(f => f[0] == "entity_tracking" && f[4] == order);
            Assert.Equal(expected.Average(), double.Parse(row[Array.IndexOf(header, "score_mean")], CultureInfo.InvariantCulture), 9);
        }
        Assert.Contains("wug_adj | ρ × 100", md);
    }

    [Fact]
    public void A_report_on_a_wug_task_speaks_of_rho_not_accuracy()
    {
        var result = Reporter.Write(new ReportRequest { SweepDir = _sweep.Dir, By = "curriculum.order", Baseline = "random", Suite = "wug_adj", Out = _dir["wug-report"] });
        var md = File.ReadAllText(Path.Combine(result.OutDir, ReportFiles.Markdown));
        Assert.Contains("## Suite Spearman ρ", md);
        Assert.Contains("Spearman ρ (×100)", md);
        Assert.Contains("Δ vs random (ρ×100)", md);
        Assert.Contains("Score: Spearman's ρ (× 100)", md);
        Assert.Contains("| chance", md);
        Assert.Contains("Spearman ρ (×100)", result.MainTable());
        var svg = File.ReadAllText(Path.Combine(result.OutDir, "plots", "learning-curve-accuracy.svg"));
        Assert.Contains("no association (ρ = 0)", svg);
        Assert.DoesNotContain("chance (50%)", svg);
        Assert.Equal("spearman", result.Analysis.Metric);
        Assert.Equal(0, result.Analysis.ChancePct);
    }

    private string Order(string runId)
    {
        var yaml = File.ReadAllText(Path.Combine(_sweep.Dir, runId, RunFiles.Config));
        return System.Text.RegularExpressions.Regex.Match(yaml, @"^curriculum:\n(?:  .*\n)*?  order: (\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
    }
}
