// What a run uses unless a caller (a test, a benchmark) substitutes its own: the curriculum built from the
// config's curriculum block, and the probe evaluation of eval.probes.
using BabyLm.Corpus.Curricula;
using BabyLm.Corpus.Shards;

namespace BabyLm.Experiments.Training;

public static class TrainingDefaults
{
    public static ICurriculum Curriculum(RunConfig config, TokenShard train, ResolvedData data, Action<string> log)
        => CurriculumBuilder.Create(config.Curriculum, train, new CurriculumContext
        {
            Seed = config.Seed,
            Tokenizer = data.Tokenizer,
            Sources = data.Shards.Sources,
            Threads = config.Threads,
            Log = log,
        });

    /// <summary>The probe hook for eval.probes, or null when none are configured.</summary>
    public static IProbeHook? Probes(RunConfig config) => config.Eval.Probes.Count == 0 ? null : new Evaluation.TrainingProbeHook(config);
}
