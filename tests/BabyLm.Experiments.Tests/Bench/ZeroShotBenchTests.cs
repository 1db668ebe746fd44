// The zero-shot bench measures what it says: its synthetic suite has the official full suite's tasks,
// proportions and shapes at a tenth of the size, and a quick run checks, times and reports its figures.
using BabyLm.Corpus.ZeroShot;
using BabyLm.Experiments.Bench;

namespace BabyLm.Experiments.Tests.Bench;

public sealed class ZeroShotBenchTests
{
    [Fact]
    public void The_synthetic_suite_has_the_official_tasks_in_their_proportions()
    {
        var tasks = ZeroShotBench.Tasks(new BenchText(3), 0.1);
        Assert.Equal(["blimp", "blimp_supplement", "ewok", "entity_tracking", "wug_adj", "wug_past", "comps"], tasks.Select(t => t.Name));
        // A tenth of BLiMP's 57k filtered pairs over 67 UIDs, the supplement's 5.2k, EWoK's 7.6k, entity tracking's 10.6k, COMPS's 91k; WUG whole.
        Assert.Equal([67 * 85, 5 * 104, 11 * 69, 18 * 58, 200, 50, 4934 + 3 * 1390], tasks.Select(t => t.ItemCount));
        Assert.True(tasks[0].IsMinimalPairs && tasks[1].IsMinimalPairs);
        var entity = tasks[3];
        Assert.True(entity.MeanOfPhenomena);
        Assert.All(entity.Groups.SelectMany(g => g.Items), i =>
        {
            Assert.Equal(5, i.Candidates.Count);
            Assert.Single(i.Candidates.Select(c => c.Prefix).Distinct());
            Assert.Contains("Box 6 contains", i.Candidates[0].Prefix);
        });
        Assert.Equal(TaskMetric.Spearman, tasks[4].Metric);
        Assert.All(tasks[6].Groups.SelectMany(g => g.Items), i => Assert.Equal(i.Candidates[0].Completion, i.Candidates[1].Completion));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void A_quick_run_checks_then_reports_the_per_item_and_per_token_ratios()
    {
        var context = new BenchContext(new StringWriter(), json: null, threads: 2, quick: true);
        new ZeroShotBench().Run(context);
        var names = context.Results.Select(r => r.Name).ToList();
        Assert.Equal("zeroshot.suite.seconds_per_item", names[0]);
        Assert.Equal("zeroshot.suite.seconds_per_1k_tokens", names[1]);
        Assert.Equal(7, names.Count(n => n.EndsWith(".share", StringComparison.Ordinal)));
        Assert.All(context.Results.Take(2), r => Assert.True(r.Ratio > 0));
        Assert.Equal(1.0, context.Results.Skip(2).Sum(r => r.Value), 9);
    }
}
