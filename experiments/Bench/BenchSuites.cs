// The registry of benchmark suites, in the order `babylm bench all` runs them.
using BabyLm.Experiments.Cuda;

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
        .. new[] { Type.GetType("BabyLm.Analysis.ReportBench, BabyLm.Analysis") }.OfType<Type>().Select(t => (IBenchSuite)Activator.CreateInstance(t)!), // analysis is above experiments: found by name
    ];

    public static IBenchSuite? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
