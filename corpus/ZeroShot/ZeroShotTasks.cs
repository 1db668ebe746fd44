// Loading tasks from suite specs: the one entry point the evaluation, training and `probes ls` use.
// Minimal-pair suites (builtin, blimp, zorro) load through their own loaders and become tasks of pairs;
// babylm:<dir> expands into every task of the folder.
using BabyLm.Corpus.Probes;

namespace BabyLm.Corpus.ZeroShot;

public static class ZeroShotTasks
{
    /// <summary>The tasks one spec names (one, or several for babylm:&lt;dir&gt;).</summary>
    public static IReadOnlyList<ZeroShotTask> Load(SuiteSpec spec, BuiltinProbeOptions? builtin = null) => spec.Kind switch
    {
        SuiteKind.Babylm => BabyLmEvalFolder.Load(spec.Path!),
        SuiteKind.Ewok => [EwokLoader.Load(spec.Path!)],
        SuiteKind.Comps => [CompsLoader.Load(spec.Path!)],
        SuiteKind.Entity => [EntityTrackingLoader.Load(spec.Path!)],
        SuiteKind.WugAdj => [WugLoader.Load(spec.Path!, WugTask.Adjective)],
        SuiteKind.WugPast => [WugLoader.Load(spec.Path!, WugTask.PastTense)],
        _ => [ZeroShotTask.FromSuite(ProbeSuites.Load(spec, builtin))],
    };

    /// <summary>Every task of a comma-separated spec list; two tasks of one name are an error (their results would mix).</summary>
    public static IReadOnlyList<ZeroShotTask> Load(string specs, BuiltinProbeOptions? builtin = null)
        => Distinct(SuiteSpec.ParseList(specs).SelectMany(s => Load(s, builtin)).ToList());

    /// <summary>Checks that no two tasks share a name.</summary>
    public static IReadOnlyList<ZeroShotTask> Distinct(IReadOnlyList<ZeroShotTask> tasks)
    {
        foreach (var g in tasks.GroupBy(t => t.Name).Where(g => g.Count() > 1))
            throw new BabyLmException($"suite '{g.Key}' is named twice ({string.Join(" and ", g.Select(t => t.Spec))}): its results would mix",
                "name each suite once in --probes / eval.probes");
        return tasks;
    }
}
