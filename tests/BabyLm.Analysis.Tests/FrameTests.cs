// The DataFrame loaders and helpers against a hand-built sweep (HandSweep): typed columns named as in
// the YAML, every frame equal to its runs.db table read by SQL, a failed run and a run without probes
// kept with their status but out of the comparisons, the last evaluation equal to the last_* views,
// conditions and pairing over a sweep of two keys, paired differences and means worked out by hand,
// and the main table equal to the report's. Bad input names what is wrong and what is there.
using System.Globalization;
using Microsoft.Data.Analysis;
using Microsoft.Data.Sqlite;

namespace BabyLm.Analysis.Tests;

public sealed class FrameTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HandSweep _sweep;
    private readonly SweepFrames _frames;

    public FrameTests()
    {
        _sweep = new HandSweep(_dir["hand"]);
        _frames = SweepFrames.Load(_sweep.Dir);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Runs_have_one_typed_column_per_config_key_named_as_in_the_yaml()
    {
        var runs = _frames.Runs;
        Assert.Equal(10, runs.Rows.Count);
        Assert.IsType<Int64DataFrameColumn>(runs["seed"]);
        Assert.IsType<Int64DataFrameColumn>(runs["model.layers"]);
        Assert.IsType<DoubleDataFrameColumn>(runs["optimizer.lr"]);
        Assert.IsType<StringDataFrameColumn>(runs["curriculum.order"]);
        Assert.IsType<BooleanDataFrameColumn>(runs["checkpoint.milestones"]);
        // 0 in some runs and 0.25 in others: one double column.
        Assert.IsType<DoubleDataFrameColumn>(runs["curriculum.start"]);
        Assert.IsType<DateTimeDataFrameColumn>(runs["started_at"]);
        Assert.IsType<StringDataFrameColumn>(runs["status"]);
        Assert.Equal(["name", "seed", "model.arch", "model.layers", "optimizer.lr", "curriculum.order", "curriculum.start", "checkpoint.milestones"], _frames.ConfigKeys);

        var run = _frames.Runs.Where("run_id", _sweep.Done[("corpus", 4, 2)]);
        Assert.Equal(1, run.Rows.Count);
        Assert.Equal(2L, run["seed"][0]);
        Assert.Equal(4L, run["model.layers"][0]);
        Assert.Equal(0.001, run["optimizer.lr"][0]);
        Assert.Equal(0.25, run["curriculum.start"][0]);
        Assert.Equal(false, run["checkpoint.milestones"][0]);
        Assert.Equal(new DateTime(2025, 6, 1, 8, 42, 0, DateTimeKind.Utc), run["started_at"][0]);
        Assert.Equal("done", run["status"][0]);
        Assert.Equal(1L, run["done_marker"][0]);
    }

    [Fact]
    public void Every_frame_equals_its_runs_db_table_read_by_sql()
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(_sweep.Dir, "runs.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        foreach (var name in TypedTable.Names)
        {
            var frame = _frames.Table(name);
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{name}\" ORDER BY {Schema.OrderOf(name)}";
            using var r = cmd.ExecuteReader();
            Assert.Equal(Enumerable.Range(0, r.FieldCount).Select(r.GetName), frame.Columns.Select(c => c.Name));
            long row = 0;
            while (r.Read())
            {
                for (int i = 0; i < r.FieldCount; i++)
                {
                    object? sql = r.IsDBNull(i) ? null : r.GetValue(i), cell = frame.Columns[i][row];
                    Assert.True(SameValue(sql, cell), $"{name}[{row}].{r.GetName(i)}: runs.db has {sql ?? "NULL"}, the frame {cell ?? "null"}");
                }
                row++;
            }
            Assert.Equal(row, frame.Rows.Count);
        }
    }

    /// <summary>A runs.db value and the typed frame's cell: the same number, text, truth value ('true'/'false') or instant (ISO-8601).</summary>
    internal static bool SameValue(object? sql, object? cell) => (sql, cell) switch
    {
        (null, null) => true,
        (long l, long c) => l == c,
        (long l, double c) => l == c,
        (double d, double c) => d.Equals(c),
        (string s, bool b) => s == (b ? "true" : "false"),
        (string s, DateTime t) => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) == t && t.Kind == DateTimeKind.Utc,
        (string s, string c) => s == c,
        (long or double, string c) => ConfigFlattener.Text(sql) == c, // a column of mixed types (config.value) is text
        _ => false,
    };

    [Fact]
    public void A_failed_run_and_a_run_without_probes_keep_their_rows_but_have_no_evaluation()
    {
        var failed = _frames.Runs.Where("run_id", _sweep.FailedRun);
        Assert.Equal("failed", failed["status"][0]);
        Assert.Equal("out of memory at step 60", failed["error"][0]);
        Assert.Equal(1, _frames.Metrics.Where("run_id", _sweep.FailedRun).Rows.Count);
        Assert.Equal(0, _frames.Probes.Where("run_id", _sweep.FailedRun).Rows.Count);

        var noProbes = _frames.Runs.Where("run_id", _sweep.NoProbesRun);
        Assert.Equal("done", noProbes["status"][0]);
        Assert.Equal(4, _frames.Metrics.Where("run_id", _sweep.NoProbesRun).Rows.Count);
        Assert.Equal(0L, noProbes["probe_lines"][0]);

        var last = _frames.SuiteScores.LastEvaluation();
        Assert.Equal(8, last.Rows.Count);
        Assert.DoesNotContain(_sweep.FailedRun, last.Texts("run_id"));
        Assert.DoesNotContain(_sweep.NoProbesRun, last.Texts("run_id"));

        // Both are runs of their conditions, but neither has a score to compare.
        var by = _frames.Conditions("curriculum.order", "random");
        var joined = by.Join(last).Where("status", "done");
        Assert.Equal(8, joined.Rows.Count);
        var table = by.Compare(joined, "accuracy");
        Assert.Equal([4L, 4L], table.Texts("n").Select(long.Parse));
        Assert.Contains(_sweep.FailedRun, by.Runs.Texts("run_id"));
    }

    [Fact]
    public void Last_evaluation_is_each_runs_largest_step_as_the_views_say()
    {
        var last = _frames.SuiteScores.LastEvaluation();
        Assert.All(last.Texts("step"), s => Assert.Equal("200", s));
        AssertSameRows(_frames.Table("last_suite_scores"), last, "run_id", "suite", "step", "accuracy", "paradigms", "pairs", "full");
        AssertSameRows(_frames.Table("last_phenomenon_scores"), _frames.PhenomenonScores.LastEvaluation(), "run_id", "suite", "phenomenon", "step", "accuracy");
        AssertSameRows(_frames.Table("last_probes"), _frames.Probes.LastEvaluation(), "run_id", "suite", "paradigm", "step", "correct", "accuracy");
        AssertSameRows(_frames.Table("last_metrics"), _frames.Metrics.LastEvaluation(), "run_id", "step", "loss");

        foreach (var ((order, layers, seed), id) in _sweep.Done)
            Assert.Equal(HandSweep.FinalAccuracy(order, layers, seed), last.Where("run_id", id).Doubles("accuracy").Single(), 12);
        // The failed run's last metrics line is its only one, at step 50.
        Assert.Equal([50.0], _frames.Metrics.LastEvaluation().Where("run_id", _sweep.FailedRun).Doubles("step"));
    }

    private static void AssertSameRows(DataFrame expected, DataFrame actual, params string[] columns)
    {
        string Rows(DataFrame f) => string.Join("\n", Enumerable.Range(0, (int)f.Rows.Count)
            .Select(i => string.Join("|", columns.Select(c => Frames.Text(f[c][i])))).Order(StringComparer.Ordinal));
        Assert.Equal(Rows(expected), Rows(actual));
    }

    [Fact]
    public void Conditions_over_one_of_two_keys_pair_runs_by_seed_and_the_other_key()
    {
        var by = _frames.Conditions("curriculum.order", "random");
        Assert.Equal(["random", "corpus"], by.Conditions);
        Assert.Equal(["seed", "model.layers"], by.PairKeys);
        Assert.Equal(["curriculum.start", "checkpoint.milestones"], by.CompanionKeys);
        Assert.Equal(10, by.Runs.Rows.Count);
        var pairOf = by.Runs.Texts("run_id").Zip(by.Runs.Texts("pair")).ToDictionary(x => x.First, x => x.Second);
        Assert.Equal("seed=2, model.layers=4", pairOf[_sweep.Done[("corpus", 4, 2)]]);
        Assert.Equal("seed=3, model.layers=2", pairOf[_sweep.FailedRun]);

        // Paired differences, worked out from the correct counts: corpus has 3 + 1 more correct pairs of 20.
        var final = by.Join(_frames.SuiteScores.LastEvaluation()).Where("status", "done").AddScaled("accuracy", 100, "accuracy_pct");
        var diffs = by.Differences(final, "accuracy_pct");
        Assert.Equal(4, diffs.Rows.Count);
        Assert.All(diffs.Doubles("diff"), d => Assert.Equal(100 * (3.0 / 20 + 1.0 / 20) / 2, d, 10));
        Assert.Equal(["seed=1, model.layers=2", "seed=1, model.layers=4", "seed=2, model.layers=2", "seed=2, model.layers=4"], diffs.Texts("pair"));

        var table = by.Compare(final, "accuracy_pct");
        Assert.Equal(["random", "corpus"], table.Texts("condition"));
        double MeanOf(string order) => 100 * HandSweep.Layers.SelectMany(l => HandSweep.Seeds.Select(s => HandSweep.FinalAccuracy(order, l, s))).Average();
        Assert.Equal(MeanOf("random"), table.Doubles("mean")[0], 10);
        Assert.Equal(MeanOf("corpus"), table.Doubles("mean")[1], 10);
        Assert.Equal(10.0, table.Doubles("diff")[1], 10);
        Assert.Equal(4.0, table.Doubles("pairs")[1]);
        Assert.Null(table["diff"][0]);
        // Every difference is the same +10 pp: sd 0, so the sign-flip test gives its smallest p, 2/2⁴.
        Assert.Equal(2.0 / 16, table.Doubles("p_signflip")[1], 12);
    }

    [Fact]
    public void Conditions_over_both_keys_pair_by_seed()
    {
        var by = _frames.Conditions("curriculum.order,model.layers", "random / 2");
        Assert.Equal(["random / 2", "corpus / 2", "corpus / 4", "random / 4"], by.Conditions);
        Assert.Equal(["seed"], by.PairKeys);
        var final = by.Join(_frames.SuiteScores.LastEvaluation()).Where("status", "done").AddScaled("accuracy", 100, "accuracy_pct");
        var table = by.Compare(final, "accuracy_pct");
        // corpus / 4 vs random / 2: (3 + 2) + (1 + 1) more correct pairs of 20 on the two paradigms.
        Assert.Equal(100 * (5.0 / 20 + 2.0 / 20) / 2, table.Where("condition", "corpus / 4").Doubles("diff").Single(), 10);
        Assert.Equal(2.0, table.Where("condition", "corpus / 4").Doubles("pairs").Single());
    }

    [Fact]
    public void The_main_table_equals_the_reports()
    {
        var report = Reporter.Write(new ReportRequest { SweepDir = _sweep.Dir, By = "curriculum.order", Baseline = "random", Out = _dir["report"] });
        var by = _frames.Conditions("curriculum.order", "random");
        Assert.Equal(report.Analysis.PairKeys, by.PairKeys);
        var final = by.Join(_frames.SuiteScores.LastEvaluation().Where("suite", "builtin")).Where("status", "done").AddScaled("accuracy", 100, "accuracy_pct");
        var table = by.Compare(final, "accuracy_pct");
        for (int i = 0; i < report.Analysis.Main.Count; i++)
        {
            var expected = report.Analysis.Main[i];
            Assert.Equal(expected.Condition, table["condition"][i]);
            Assert.Equal((long)expected.Score.N, table["n"][i]);
            Assert.Equal(expected.Score.Mean, (double)table["mean"][i]!, 12);
            Assert.Equal(expected.Score.Low, (double)table["ci_low"][i]!, 12);
            if (expected.VsBaseline is { } d)
            {
                Assert.Equal(d.MeanDiff, (double)table["diff"][i]!, 12);
                Assert.Equal(expected.HolmP, (double)table["p_holm"][i]!, 12);
            }
        }

        // Per phenomenon, Holm over the whole family, as the report's phenomenon table.
        var phen = by.Join(_frames.PhenomenonScores.LastEvaluation()).Where("status", "done").AddScaled("accuracy", 100, "accuracy_pct");
        var groups = by.CompareBy(phen, "accuracy_pct", "phenomenon");
        Assert.Equal(["agreement", "agreement", "islands", "islands"], groups.Texts("phenomenon"));
        foreach (var g in report.Analysis.Phenomena)
        {
            var rows = groups.Where("phenomenon", g.Name);
            Assert.Equal(g.Conditions[1].VsBaseline!.MeanDiff, rows.Doubles("diff")[1], 12);
            Assert.Equal(g.Conditions[1].HolmP, rows.Doubles("p_holm")[1], 12);
        }
    }

    [Fact]
    public void Summarise_gives_learning_curves_over_runs()
    {
        var by = _frames.Conditions("curriculum.order", "random");
        var curves = by.Join(_frames.SuiteScores).Where("status", "done").Summarise(["condition", "step"], "accuracy", "words_seen");
        Assert.Equal(["corpus", "corpus", "random", "random"], curves.Texts("condition"));
        Assert.Equal([100.0, 200.0, 100.0, 200.0], curves.Doubles("step"));
        Assert.Equal([4L, 4L, 4L, 4L], curves.Texts("n").Select(long.Parse));
        var finals = HandSweep.Layers.SelectMany(l => HandSweep.Seeds.Select(s => HandSweep.FinalAccuracy("random", l, s))).ToList();
        var random200 = curves.Where(r => (string)r["condition"] == "random" && (long)r["step"] == 200);
        Assert.Equal(finals.Average(), random200.Doubles("accuracy_mean").Single(), 12);
        Assert.Equal(finals.Min(), random200.Doubles("accuracy_min").Single(), 12);
        Assert.Equal(finals.Max(), random200.Doubles("accuracy_max").Single(), 12);
        Assert.Equal(200_000.0, random200.Doubles("words_seen_mean").Single());
        // Step 100: 4 fewer correct pairs of 20 on each paradigm.
        var random100 = curves.Where(r => (string)r["condition"] == "random" && (long)r["step"] == 100);
        Assert.Equal(finals.Average() - 4.0 / 20, random100.Doubles("accuracy_mean").Single(), 12);
    }

    [Fact]
    public void Frames_render_as_html_and_text_tables()
    {
        var runs = _frames.Runs.Select("run_id", "seed", "optimizer.lr", "checkpoint.milestones", "error").Where("run_id", _sweep.FailedRun);
        var html = runs.ToHtml();
        Assert.Contains("<th title=\"int64\">seed</th>", html);
        Assert.Contains("<td style=\"text-align:right\">0.001</td>", html);
        Assert.Contains("<td>false</td>", html);
        Assert.Contains("<td>out of memory at step 60</td>", html);
        Assert.Contains("1 row × 5 columns", html);
        var text = runs.ToText();
        Assert.StartsWith("run_id      seed  optimizer.lr  checkpoint.milestones  error\n", text);
        Assert.EndsWith("(1 row)\n", text);
    }

    [Fact]
    public void Bad_input_names_the_problem_and_what_there_is()
    {
        var notSweep = Directory.CreateDirectory(_dir["empty"]).FullName;
        var e1 = Assert.Throws<BabyLmException>(() => SweepFrames.Load(notSweep));
        Assert.Contains("is not a sweep directory", e1.Message);
        Assert.Contains("hand", e1.Hint); // the sweep beside it

        var e2 = Assert.Throws<BabyLmException>(() => _frames.Conditions("curriculum.ordr"));
        Assert.Contains("did you mean 'curriculum.order'", e2.Message);
        var e3 = Assert.Throws<BabyLmException>(() => _frames.Conditions("optimizer.lr"));
        Assert.Contains("does not vary", e3.Message);
        Assert.Contains("curriculum.order", e3.Hint);
        var e4 = Assert.Throws<BabyLmException>(() => _frames.Conditions("curriculum.order", "randm"));
        Assert.Contains("did you mean 'random'", e4.Message);
        var e5 = Assert.Throws<BabyLmException>(() => _frames.Runs.Col("sed"));
        Assert.Contains("did you mean 'seed'", e5.Message);
        var e6 = Assert.Throws<BabyLmException>(() => _frames.Table("last_suite_score"));
        Assert.Contains("did you mean 'last_suite_scores'", e6.Message);
        var e7 = Assert.Throws<BabyLmException>(() => _frames.Conditions("curriculum.order", null, "model.layers=8"));
        Assert.Contains("no run matches --where model.layers=8", e7.Message);
        Assert.Contains("model.layers: 2, 4", e7.Hint);
    }

    [Fact]
    public void Where_filters_of_conditions_keep_only_matching_runs()
    {
        var by = _frames.Conditions("curriculum.order", "random", "model.layers=4");
        Assert.Equal(["seed"], by.PairKeys);
        var final = by.Join(_frames.SuiteScores.LastEvaluation()).Where("status", "done");
        Assert.Equal(4, final.Rows.Count);
        Assert.All(final.Texts("run_id"), id => Assert.Contains(id, _sweep.Done.Where(kv => kv.Key.Layers == 4).Select(kv => kv.Value)));
        var mean = by.Compare(final, "accuracy").Doubles("mean")[0];
        Assert.Equal(HandSweep.Seeds.Average(s => HandSweep.FinalAccuracy("random", 4, s)), mean, 12);
    }
}
