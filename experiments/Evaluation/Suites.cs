// The tasks a run or command names, loaded once per process (the built-in suite is generated, the
// others are read from disk).
using System.Collections.Concurrent;
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.ZeroShot;

namespace BabyLm.Experiments.Evaluation;

public static class Suites
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<ZeroShotTask>> s_cache = new(StringComparer.Ordinal);

    public static IReadOnlyList<ZeroShotTask> Load(SuiteSpec spec) => s_cache.GetOrAdd(spec.ToString(), _ => ZeroShotTasks.Load(spec));

    /// <summary>All tasks of a list of specs ("builtin", "blimp:dir", "babylm:dir", or comma-separated).</summary>
    public static IReadOnlyList<ZeroShotTask> LoadAll(IEnumerable<string> specs)
        => ZeroShotTasks.Distinct(specs.SelectMany(SuiteSpec.ParseList).SelectMany(Load).ToList());
}
