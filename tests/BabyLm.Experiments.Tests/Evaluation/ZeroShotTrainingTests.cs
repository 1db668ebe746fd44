// Learning curves on the fast BabyLM tasks come from training itself: with eval.probes naming a
// fast_eval folder, every evaluation during training writes one line per UID of every fast task (a
// subsample of items when eval.probe_pairs is set), the final one scores every item, and eval.ties
// babylm scores them the official way.
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Tests.Training;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Tests.Evaluation;

public sealed class ZeroShotTrainingTests(TrainingFixture fx) : IClassFixture<TrainingFixture>
{
    private static readonly string[] FastTasks = ["blimp_fast", "blimp_supplement_fast", "ewok_fast", "entity_tracking_fast", "wug_adj_fast", "wug_past_fast"];

    private List<ProbeLine> Train(string ties)
    {
        var cfg = fx.Config($"", $"eval.probes=[babylm:{ZeroShotData.Fast}]", "eval.probes_every_steps=10", "eval.probe_pairs=1", $"eval.ties={ties}");
        var dir = fx.NewRunDir("fast-" + ties);
        Trainer.Run(new TrainRequest { Config = cfg, RunDir = dir, Probes = TrainingDefaults.Probes(cfg) });
        return RunFiles.ReadLines<ProbeLine>(Path.Combine(dir, RunFiles.Probes));
    }

    [Fact]
    public void Training_writes_a_learning_curve_for_every_fast_task()
    {
        var lines = Train("half");
        Assert.Equal(FastTasks, lines.Select(l => l.Suite).Distinct());
        // Evaluations at steps 10 and 20 on one item per UID, and the final full one at step 30.
        Assert.Equal([10L, 20L, 30L], lines.Select(l => l.Step).Distinct());
        var entity = lines.Where(l => l.Suite == "entity_tracking_fast").ToList();
        Assert.Equal(["regular_0_ops", "regular_1_ops", "regular_2_ops"], entity.Where(l => l.Step == 10).Select(l => l.Paradigm));
        Assert.All(lines.Where(l => l.Step < 30 && l.Suite != "wug_adj_fast" && l.Suite != "wug_past_fast"), l => Assert.Equal(1, l.Pairs));
        Assert.All(lines.Where(l => l.Step < 30), l => Assert.False(l.Full));
        Assert.Equal([2, 2, 1], entity.Where(l => l.Step == 30).Select(l => l.Pairs));
        Assert.All(lines, l => Assert.Equal(("clm-sum", "half"), (l.Scorer, l.TieMode)));
        Assert.All(lines.Where(l => l.Suite.StartsWith("wug", StringComparison.Ordinal)), l => Assert.Equal("spearman", l.Metric));
    }

    [Fact]
    public void Training_in_the_babylm_mode_scores_the_official_way()
    {
        var lines = Train("babylm");
        Assert.Equal(FastTasks, lines.Select(l => l.Suite).Distinct());
        Assert.All(lines, l => Assert.Equal(("clm-sum-nobos", "babylm"), (l.Scorer, l.TieMode)));
    }
}
