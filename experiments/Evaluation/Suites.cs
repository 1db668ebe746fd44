// The probe suites a run or command names, loaded once per process (the built-in suite is generated,
// real suites are read from disk).
using System.Collections.Concurrent;
using BabyLm.Corpus.Probes;

namespace BabyLm.Experiments.Evaluation;

public static class Suites
{
    private static readonly ConcurrentDictionary<string, ProbeSuite> s_cache = new(StringComparer.Ordinal);

    public static ProbeSuite Load(SuiteSpec spec) => s_cache.GetOrAdd(spec.ToString(), _ => ProbeSuites.Load(spec));

    /// <summary>All suites of a list of specs ("builtin", "blimp:dir", or comma-separated).</summary>
    public static IReadOnlyList<ProbeSuite> LoadAll(IEnumerable<string> specs)
        => specs.SelectMany(SuiteSpec.ParseList).Select(Load).ToList();
}
