// What scoring a task yields: per item the candidates' scores, per UID ("paradigm") the counts and its
// score, per task the aggregate the official pipeline reports. Accuracy tasks: an item is correct when
// candidate 0 scores above every other; when it ties for the top with k others it is a tie, worth
// 1/(k+1) — ½ for a pair — by default (the expected accuracy of breaking the tie at random), or 1 in
// the babylm mode (the official pipeline's argmax takes the first of equal scores, and candidate 0 is
// the right one). Spearman tasks (WUG): the UID's score is ρ between the model's preference for
// alternative 0 (softmax over the alternatives' scores) and the human ratio, with average ranks for
// ties; when ρ is undefined (every preference equal) it is 0 by default — no association — and NaN in
// the babylm mode, as scipy gives. Task score: the unweighted mean over UIDs, or for entity tracking
// the mean over files of the mean over their UIDs. Every result names the suite version, the scorer
// and the mode.
using BabyLm.Corpus.ZeroShot;
using BabyLm.Experiments.Runs;

namespace BabyLm.Experiments.Evaluation;

/// <summary>half: the honest default (ties ½, &lt;s&gt; always scored); babylm: the official pipeline's scoring (ties to candidate 0, its BOS rule).</summary>
public enum TieMode { Half, Babylm }

/// <summary>One item's scores: one per candidate, with the tokens each scored.</summary>
public sealed record ItemScore(string Suite, string Paradigm, int Item, string? Id, IReadOnlyList<Candidate> Candidates,
    IReadOnlyList<double> Scores, IReadOnlyList<int> Tokens, double? Ratio = null)
{
    /// <summary>The candidate the official pipeline predicts: the first of the highest scores.</summary>
    public int Chosen
    {
        get
        {
            int best = 0;
            for (int i = 1; i < Scores.Count; i++) if (Scores[i] > Scores[best]) best = i;
            return best;
        }
    }

    /// <summary>How many other candidates tie candidate 0 at the top (-1 when candidate 0 is not at the top).</summary>
    public int TiedWithFirst
    {
        get
        {
            double max = Scores.Max();
            return Scores[0] < max ? -1 : Scores.Skip(1).Count(s => s == max);
        }
    }

    /// <summary>The softmax share of candidate 0: exp(s0) / Σ exp(si), in double.</summary>
    public double PreferenceForFirst
    {
        get
        {
            // 1 / Σ exp(si - s0): stable for any spread of scores (a huge si gives 0, never NaN).
            double s0 = Scores[0];
            return 1 / Scores.Sum(s => Math.Exp(s - s0));
        }
    }
}

public sealed record ParadigmResult(string Paradigm, string Phenomenon, string? Field, int Pairs, int Correct, int Ties, double Accuracy)
{
    /// <summary>The UID's share of the task score when it is not an equal one (entity tracking), else null.</summary>
    public double? Weight { get; init; }
    /// <summary>The accuracy of guessing, mean over items of 1 / candidates (½ for pairs); 0 for spearman.</summary>
    public double Chance { get; init; } = 0.5;
}

public sealed record SuiteResult(string Suite, string Version, string Scorer, TieMode Ties,
    IReadOnlyList<ParadigmResult> Paradigms, IReadOnlyList<ItemScore> Items)
{
    public TaskMetric Metric { get; init; } = TaskMetric.Accuracy;
    /// <summary>Task score = mean over phenomena of the mean over their UIDs (entity tracking).</summary>
    public bool MeanOfPhenomena { get; init; }
    /// <summary>Every item a pair of whole sentences (BLiMP, Zorro, built-in): item scores keep the good/bad layout.</summary>
    public bool MinimalPairs { get; init; }
    /// <summary>The official task key (blimp, ewok, …), or null.</summary>
    public string? OfficialName { get; init; }
    public bool Fast { get; init; }
    public bool PredictsWholeText { get; init; }

    /// <summary>The task score: unweighted mean over UIDs, or over phenomena of their UID means.</summary>
    public double Score => Paradigms.Count == 0 ? double.NaN
        : MeanOfPhenomena ? ByPhenomenon.Average(p => p.Accuracy) : Paradigms.Average(p => p.Accuracy);

    /// <summary>Per phenomenon: unweighted mean over its paradigms.</summary>
    public IReadOnlyList<(string Phenomenon, double Accuracy, int Paradigms)> ByPhenomenon =>
        Paradigms.GroupBy(p => p.Phenomenon).Select(g => (g.Key, g.Average(p => p.Accuracy), g.Count())).OrderBy(x => x.Key, StringComparer.Ordinal).ToList();

    /// <summary>Per field (BLiMP), when the suite has fields.</summary>
    public IReadOnlyList<(string Field, double Accuracy, int Paradigms)> ByField =>
        Paradigms.Where(p => p.Field is not null).GroupBy(p => p.Field!).Select(g => (g.Key, g.Average(p => p.Accuracy), g.Count()))
            .OrderBy(x => x.Key, StringComparer.Ordinal).ToList();

    public static string TieName(TieMode t) => t == TieMode.Half ? "half" : "babylm";

    /// <summary>"accuracy" or "spearman": what <see cref="Score"/> and each paradigm's Accuracy hold.</summary>
    public string MetricName => Metric == TaskMetric.Spearman ? "spearman" : "accuracy";

    public IEnumerable<ProbeLine> ToLines(long step, long wordsSeen, bool full) => Paradigms.Select(p => new ProbeLine
    {
        Step = step, WordsSeen = wordsSeen, Suite = Suite, SuiteVersion = Version, Paradigm = p.Paradigm, Phenomenon = p.Phenomenon,
        Field = p.Field, Pairs = p.Pairs, Correct = p.Correct, Ties = p.Ties, Accuracy = p.Accuracy, Scorer = Scorer,
        TieMode = TieName(Ties), Full = full, Metric = Metric == TaskMetric.Spearman ? "spearman" : null, Weight = p.Weight,
        Chance = Metric == TaskMetric.Accuracy && p.Chance != 0.5 ? p.Chance : null,
    });

    /// <summary>The task's chance level under its aggregation: accuracy of guessing, or 0 for ρ.</summary>
    public double Chance => Paradigms.Count == 0 ? double.NaN
        : MeanOfPhenomena ? Paradigms.GroupBy(p => p.Phenomenon).Average(g => g.Average(p => p.Chance)) : Paradigms.Average(p => p.Chance);
}
