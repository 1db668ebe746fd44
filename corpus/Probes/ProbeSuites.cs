// Loading suites from specs: the one entry point `probes ls`, `probes export` and the evaluation use.
namespace BabyLm.Corpus.Probes;

public static class ProbeSuites
{
    /// <summary>Loads the suite a spec names; <paramref name="builtin"/> sets the built-in suite's seed and size (default: seed 0, 1000 pairs).</summary>
    public static ProbeSuite Load(SuiteSpec spec, BuiltinProbeOptions? builtin = null) => spec.Kind switch
    {
        SuiteKind.Builtin => builtin is null || builtin == new BuiltinProbeOptions() ? BuiltinSuite.Default : BuiltinSuite.Generate(builtin),
        SuiteKind.Blimp => BlimpLoader.Load(spec.Path!),
        SuiteKind.Zorro => ZorroLoader.Load(spec.Path!),
        _ => throw new BabyLmException($"suite '{spec}' is not a minimal-pair suite", "this command takes builtin, blimp:<dir> or zorro:<dir>"),
    };

    /// <summary>Loads every suite of a comma-separated spec list (<c>builtin,blimp:data/blimp</c>).</summary>
    public static IReadOnlyList<ProbeSuite> Load(string specs, BuiltinProbeOptions? builtin = null)
        => SuiteSpec.ParseList(specs).Select(s => Load(s, builtin)).ToList();
}
