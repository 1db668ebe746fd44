// Probe evaluation during training: at the configured steps or word milestones (a subsample of items per
// UID when eval.probe_pairs > 0) and at the end (eval.final_probe_pairs, 0 = every item), appends to the
// run's probes.jsonl, so learning curves come for free — on the fast BabyLM tasks too
// (eval.probes: [babylm:evaluation_data/fast_eval], eval.probes_at_milestones: true). eval.ties
// babylm scores the official way, the pipeline's BOS rule included.
using BabyLm.Corpus.ZeroShot;
using BabyLm.Engine.Models;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Evaluation;

public sealed class TrainingProbeHook(RunConfig config) : IProbeHook
{
    // Loaded when the hook is made, before training starts: a suite folder that is not there is an error
    // now, not at the first evaluation hours into the run.
    private readonly IReadOnlyList<ZeroShotTask> _tasks = Suites.LoadAll(config.Eval.Probes);

    public void Evaluate(ILanguageModel model, ResolvedData data, long step, long wordsSeen, bool full, string runDir)
    {
        var ties = ProbeEvaluator.ParseTies(config.Eval.Ties);
        var scorer = new ModelSentenceScorer(model, data.Tokenizer, causal: config.Objective.Kind == "clm", ScorerOptions.For(ties));
        var path = Path.Combine(runDir, RunFiles.Probes);
        foreach (var task in _tasks)
        {
            var result = ProbeEvaluator.Evaluate(task, scorer, ties, full ? config.Eval.FinalProbePairs : config.Eval.ProbePairs);
            foreach (var line in result.ToLines(step, wordsSeen, full)) RunFiles.AppendLine(path, line);
        }
    }
}
