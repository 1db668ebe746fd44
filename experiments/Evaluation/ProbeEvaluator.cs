// Scoring a task: every candidate of every item (or of the first N items of each UID) in one call to
// the scorer, so candidates of all items and UIDs share batches; then the counts, scores and
// aggregates of SuiteResult. Minimal-pair suites are tasks whose items are pairs of whole sentences.
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.ZeroShot;

namespace BabyLm.Experiments.Evaluation;

public static class ProbeEvaluator
{
    public static TieMode ParseTies(string text) => text switch
    {
        "half" => TieMode.Half,
        "babylm" => TieMode.Babylm,
        _ => throw new BabyLmException(BabyLm.Core.Suggest.Unknown("tie mode", text, ["half", "babylm"])),
    };

    /// <summary>A minimal-pair suite: every pair (or the first <paramref name="pairsPerParadigm"/> of each paradigm when &gt; 0).</summary>
    public static SuiteResult Evaluate(ProbeSuite suite, ISentenceScorer scorer, TieMode ties, int pairsPerParadigm = 0)
        => Evaluate(ZeroShotTask.FromSuite(suite), scorer, ties, pairsPerParadigm);

    /// <summary>Scores every item (or the first <paramref name="itemsPerGroup"/> of each UID when &gt; 0).</summary>
    public static SuiteResult Evaluate(ZeroShotTask task, ISentenceScorer scorer, TieMode ties, int itemsPerGroup = 0)
    {
        var selected = task.Groups.Select(g => (Group: g, Items: itemsPerGroup > 0 ? g.Items.Take(itemsPerGroup).ToList() : g.Items.ToList())).ToList();
        var candidates = new List<Candidate>();
        foreach (var (_, items) in selected)
            foreach (var item in items) candidates.AddRange(item.Candidates);
        var (scores, tokens) = scorer.Score(candidates);

        var results = new List<ParadigmResult>();
        var itemScores = new List<ItemScore>();
        int k = 0;
        foreach (var (group, items) in selected)
        {
            var groupItems = new List<ItemScore>(items.Count);
            for (int i = 0; i < items.Count; i++)
            {
                int n = items[i].Candidates.Count;
                groupItems.Add(new ItemScore(task.Name, group.Uid, i, items[i].Id, items[i].Candidates,
                    scores.AsSpan(k, n).ToArray(), tokens.AsSpan(k, n).ToArray(), items[i].Ratio));
                k += n;
            }
            itemScores.AddRange(groupItems);
            results.Add(task.Metric == TaskMetric.Spearman ? Correlate(group, groupItems, ties) : Count(group, groupItems, ties));
        }
        if (task.MeanOfPhenomena)
        {
            // Each UID's share of the task score: 1 / (phenomena × UIDs of its phenomenon).
            var perPhenomenon = results.GroupBy(r => r.Phenomenon).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            results = results.Select(r => r with { Weight = 1.0 / (perPhenomenon.Count * perPhenomenon[r.Phenomenon]) }).ToList();
        }
        return new SuiteResult(task.Name, task.Version, scorer.Name, ties, results, itemScores)
        {
            Metric = task.Metric, MeanOfPhenomena = task.MeanOfPhenomena, MinimalPairs = task.IsMinimalPairs,
            OfficialName = task.OfficialName, Fast = task.Fast, PredictsWholeText = task.PredictsWholeText,
        };
    }

    private static ParadigmResult Count(TaskGroup group, List<ItemScore> items, TieMode ties)
    {
        int correct = 0, tied = 0;
        double credit = 0;
        foreach (var item in items)
        {
            int others = item.TiedWithFirst;
            if (others == 0) correct++;
            else if (others > 0)
            {
                tied++;
                credit += ties == TieMode.Babylm ? 1 : 1.0 / (others + 1);
            }
        }
        double accuracy = items.Count == 0 ? double.NaN : (correct + credit) / items.Count;
        double chance = items.Count == 0 ? double.NaN : items.Average(i => 1.0 / i.Candidates.Count);
        return new ParadigmResult(group.Uid, group.Phenomenon, group.Field, items.Count, correct, tied, accuracy) { Chance = chance };
    }

    /// <summary>WUG: ρ between the preference for alternative 0 and the human ratio; Correct counts items where alternative 0 scored highest.</summary>
    private static ParadigmResult Correlate(TaskGroup group, List<ItemScore> items, TieMode ties)
    {
        double rho = Spearman.Rho(items.Select(i => i.PreferenceForFirst).ToList(), items.Select(i => i.Ratio!.Value).ToList());
        if (double.IsNaN(rho) && ties == TieMode.Half) rho = 0;
        return new ParadigmResult(group.Uid, group.Phenomenon, group.Field, items.Count,
            items.Count(i => i.TiedWithFirst == 0), items.Count(i => i.TiedWithFirst > 0), rho) { Chance = 0 };
    }
}
