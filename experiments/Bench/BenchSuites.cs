// The benchmark suites of the experiments layer, in the order `babylm bench all` runs them. Suites of
// higher layers (analysis's report bench) are added by the CLI, which sees every library.

namespace BabyLm.Experiments.Bench;

public static class BenchSuites
{
    public static IReadOnlyList<IBenchSuite> All { get; } =
    [
        new CorpusBench(),
        new KernelsBench(),
        new AttentionBench(),
        new CurriculumBench(),
        new TrainBench(),
        new EvalBench(),
        new ZeroShotBench(),
    ];
}
