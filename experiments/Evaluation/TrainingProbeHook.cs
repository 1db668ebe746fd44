// Probe evaluation during training: at the configured steps or word milestones (a subsample of pairs per
// paradigm when eval.probe_pairs > 0) and at the end (eval.final_probe_pairs, 0 = every pair), appends to
// the run's probes.jsonl,
// so learning curves come for free.
using BabyLm.Engine.Models;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Evaluation;

public sealed class TrainingProbeHook(RunConfig config) : IProbeHook
{
    private IReadOnlyList<BabyLm.Corpus.Probes.ProbeSuite>? _suites;

    public void Evaluate(ILanguageModel model, ResolvedData data, long step, long wordsSeen, bool full, string runDir)
    {
        _suites ??= Suites.LoadAll(config.Eval.Probes);
        var scorer = new ModelSentenceScorer(model, data.Tokenizer, causal: config.Objective.Kind == "clm");
        var ties = ProbeEvaluator.ParseTies(config.Eval.Ties);
        var path = Path.Combine(runDir, RunFiles.Probes);
        foreach (var suite in _suites)
        {
            var result = ProbeEvaluator.Evaluate(suite, scorer, ties, full ? config.Eval.FinalProbePairs : config.Eval.ProbePairs);
            foreach (var line in result.ToLines(step, wordsSeen, full)) RunFiles.AppendLine(path, line);
        }
    }
}
