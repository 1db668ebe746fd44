// `babylm eval` as one library call: score a loaded model on every task, record the lines in the run's
// probes.jsonl (replacing an earlier evaluation of the same step, suite, scorer and mode), and write
// the optional item scores, submission and results files. The babylm mode is the official pipeline's
// scoring (ties to candidate 0, its BOS rule); it has no per-token means or within-word PLL, so those
// options are refused with it rather than producing numbers that look official and are not.
using System.Text.Json;
using BabyLm.Core;
using BabyLm.Corpus.ZeroShot;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Evaluation;

public sealed record EvalRequest
{
    public required IReadOnlyList<ZeroShotTask> Tasks { get; init; }
    public TieMode Ties { get; init; } = TieMode.Half;
    public bool Mean { get; init; }
    public PllVariant Pll { get; init; } = PllVariant.Original;
    public string? ScoresPath { get; init; }
    public string? SubmissionPath { get; init; }
    public string? ResultsPath { get; init; }
    /// <summary>Called before each task with its index and name.</summary>
    public Action<int, string>? Progress { get; init; }
}

public sealed record EvalOutcome(IReadOnlyList<SuiteResult> Results, IReadOnlyDictionary<string, List<FastEvalScores>> FastHistory, long Step, long WordsSeen);

public static class ModelEvaluation
{
    public static ScorerOptions Options(EvalRequest request)
    {
        if (request.Ties == TieMode.Babylm && (request.Mean || request.Pll != PllVariant.Original))
            throw new BabyLmException("--ties babylm is the official pipeline's scoring: the sum of log-probabilities and the original PLL",
                "drop --mean and --pll l2r, or score them in the default mode (--ties half)");
        return ScorerOptions.For(request.Ties) with { Mean = request.Mean, Pll = request.Pll };
    }

    public static EvalOutcome Run(RunModel loaded, EvalRequest request)
    {
        bool causal = loaded.Config.Objective.Kind == "clm";
        var scorer = new ModelSentenceScorer(loaded.Model, loaded.Tokenizer, causal, Options(request));
        var results = new List<SuiteResult>();
        for (int i = 0; i < request.Tasks.Count; i++)
        {
            request.Progress?.Invoke(i, request.Tasks[i].Name);
            results.Add(ProbeEvaluator.Evaluate(request.Tasks[i], scorer, request.Ties));
        }

        var probesPath = Path.Combine(loaded.RunDir, RunFiles.Probes);
        EvaluationFiles.ReplaceProbeLines(probesPath, results.SelectMany(r => r.ToLines(loaded.Step, loaded.WordsSeen, full: true)).ToList());
        var fast = EvaluationFiles.FastHistory(RunFiles.ReadLines<ProbeLine>(probesPath), scorer.Name, SuiteResult.TieName(request.Ties));
        if (request.ScoresPath is { } scores) EvaluationFiles.WriteItemScores(scores, results);
        if (request.SubmissionPath is { } submission) EvaluationFiles.WriteSubmission(submission, results, fast);
        var outcome = new EvalOutcome(results, fast, loaded.Step, loaded.WordsSeen);
        if (request.ResultsPath is { } path) AtomicFile.WriteAllText(path, ResultsJson(outcome) + "\n");
        return outcome;
    }

    /// <summary>Every task's score, aggregation, mode and UID scores as one JSON document (what --json prints and --results writes).</summary>
    public static string ResultsJson(EvalOutcome outcome) => JsonSerializer.Serialize(outcome.Results.Select(r => new
    {
        suite = r.Suite,
        official_name = r.OfficialName,
        fast = r.Fast,
        version = r.Version,
        scorer = r.Scorer,
        ties = SuiteResult.TieName(r.Ties),
        mode = r.Ties == TieMode.Babylm ? "babylm (official: ties to the first candidate, no <s> before the text)" : "honest (ties share the credit, <s> always scored)",
        metric = r.MetricName,
        aggregation = Aggregation(r),
        score = r.Score,
        // As the official pipeline prints it: accuracy in percent, ρ × 100.
        official_scale = 100 * r.Score,
        step = outcome.Step,
        words_seen = outcome.WordsSeen,
        items = r.Paradigms.Sum(p => p.Pairs),
        ties_count = r.Paradigms.Sum(p => p.Ties),
        phenomena = r.ByPhenomenon.ToDictionary(p => p.Phenomenon, p => p.Accuracy),
        paradigms = r.Paradigms,
    }), Json.Pretty);

    /// <summary>How the task score is aggregated, in a few words (for tables).</summary>
    public static string ShortAggregation(SuiteResult r) => r.Metric == TaskMetric.Spearman ? "Spearman ρ vs human ratios"
        : r.MeanOfPhenomena ? $"mean of {r.ByPhenomenon.Count} file means" : $"mean of {r.Paradigms.Count} UIDs";

    /// <summary>How the task score is aggregated, in words.</summary>
    public static string Aggregation(SuiteResult r) => r.Metric == TaskMetric.Spearman
        ? "Spearman's rho between the model's preference for the first alternative and the human ratio"
        : r.MeanOfPhenomena ? $"mean over {r.ByPhenomenon.Count} files of the mean over their UIDs (numbers of operations)"
        : $"unweighted mean over {r.Paradigms.Count} UIDs";
}
