// Loads the probe suites a spec names (builtin, blimp:<dir>, zorro:<dir>), once per process.
using System.Collections.Concurrent;
using BabyLm.Corpus.Probes;

namespace BabyLm.Experiments.Evaluation;

public static class Suites
{
    private static readonly ConcurrentDictionary<string, ProbeSuite> s_cache = new(StringComparer.Ordinal);

    public static ProbeSuite Load(SuiteSpec spec) => s_cache.GetOrAdd(spec.ToString(), _ => spec.Kind switch
    {
        SuiteKind.Builtin => BuiltinSuite.Default,
        SuiteKind.Blimp => BlimpLoader.Load(spec.Path!),
        SuiteKind.Zorro => ZorroLoader.Load(spec.Path!),
        _ => throw new BabyLmException($"unknown suite kind {spec.Kind}"),
    });

    /// <summary>All suites of a list of specs ("builtin", "blimp:dir", or comma-separated).</summary>
    public static IReadOnlyList<ProbeSuite> LoadAll(IEnumerable<string> specs)
        => specs.SelectMany(SuiteSpec.ParseList).Select(Load).ToList();
}
