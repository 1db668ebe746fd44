// A sweep expanded into its runs: the cartesian product of the axes (grid keys in the order written,
// then zip groups, then seeds; the first axis varies slowest), minus excluded points, each resolved to a
// full run config and validated. A run's id is the short hash of its canonical config (every key,
// defaults included, in declaration order, seed included), so it does not depend on how the spec is
// written — key order, include vs base, 1e-3 vs 0.001 — only on what the run trains. Every problem of
// every run is reported at once, grouped by message, before anything runs.
using BabyLm.Config;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Training;
using YamlDotNet.RepresentationModel;

namespace BabyLm.Experiments.Sweeps;

/// <summary>A key the sweep varies and this run's value of it, as written in the spec.</summary>
public sealed record RunValue(string Key, string Value);

public sealed record PlannedRun(int Index, string Id, RunConfig Config, string Canonical, IReadOnlyList<RunValue> Values)
{
    /// <summary>"model.width=64 seed=2": what sets this run apart in its sweep.</summary>
    public string Label => Values.Count == 0 ? "(base)" : string.Join(' ', Values.Select(v => $"{v.Key}={v.Value}"));
}

public sealed record SweepPlan(SweepSpec Spec, IReadOnlyList<PlannedRun> Runs, int Excluded, IReadOnlyList<string> Warnings)
{
    /// <summary>More runs than this is almost certainly a mistake in the spec.</summary>
    public const int MaxRuns = 100_000;

    /// <summary>
    /// Loads a spec and expands it; all problems of the spec and of every run come in one exception
    /// (what is wrong in the spec is left out, and the rest is still expanded and checked).
    /// </summary>
    /// <param name="overrides">"key=value" settings applied to every run (on top of the spec's base and set), e.g.
    /// data.corpus=/data/babylm; relative paths in them are relative to the current folder.</param>
    public static SweepPlan Load(string specPath, IEnumerable<string>? overrides = null)
    {
        var problems = new SweepProblems();
        var spec = SweepSpec.Read(specPath, problems);
        if (overrides is not null) ConfigPaths.ApplyCommandLine(spec.Base, overrides);
        var plan = Expand(spec, problems, specIsClean: problems.All.Count == 0);
        problems.ThrowIfAny();
        return plan;
    }

    public static SweepPlan Expand(SweepSpec spec)
    {
        var problems = new SweepProblems();
        var plan = Expand(spec, problems, specIsClean: true);
        problems.ThrowIfAny();
        return plan;
    }

    private static SweepPlan Expand(SweepSpec spec, SweepProblems problems, bool specIsClean)
    {
        long total = spec.Axes.Aggregate(1L, (n, a) => n * a.Points.Count);
        if (total > MaxRuns)
            throw new BabyLmException($"{spec.Path}: the grid has {total:N0} points, more than {MaxRuns:N0}", "split the sweep, or use zip for keys that vary together");

        var runs = new List<PlannedRun>();
        var runProblems = new Dictionary<string, List<int[]>>(StringComparer.Ordinal);
        var ruleMatches = new int[spec.Excludes.Count];
        int excluded = 0;
        foreach (var combo in Combinations(spec.Axes))
        {
            var tree = YamlConfig.Copy(spec.Base);
            var values = new List<RunValue>();
            for (int a = 0; a < spec.Axes.Count; a++)
            {
                foreach (var assignment in spec.Axes[a].Points[combo[a]])
                {
                    ConfigPaths.Set(tree, assignment.Key, assignment.Value);
                    values.Add(new RunValue(assignment.Key, ConfigPaths.Show(assignment.Value)));
                }
            }
            bool skip = false;
            for (int r = 0; r < spec.Excludes.Count; r++)
            {
                if (!spec.Excludes[r].Conditions.All(c => c.AnyOf.Contains(ConfigPaths.Normalized(tree, c.Key, c.Type)))) continue;
                ruleMatches[r]++;
                skip = true;
            }
            if (skip)
            {
                excluded++;
                continue;
            }
            var found = new ConfigProblems(RunSource);
            var config = YamlConfig.TryBind<RunConfig>(tree, found);
            foreach (var message in found.All)
            {
                var text = message.StartsWith(RunSource + ": ", StringComparison.Ordinal) ? message[(RunSource.Length + 2)..] : message;
                if (!runProblems.TryGetValue(text, out var list)) runProblems[text] = list = [];
                list.Add(combo);
            }
            if (config is null) continue;
            var canonical = YamlConfig.Canonical(config);
            runs.Add(new PlannedRun(runs.Count, RunIdentity.ShortId(config), config, canonical, values));
        }

        var planProblems = new ConfigProblems(spec.Path);
        foreach (var (text, affected) in runProblems)
            planProblems.Add("", $"{text} ({Describe(spec.Axes, affected, (int)total - excluded)})");
        for (int r = 0; r < spec.Excludes.Count && specIsClean; r++)   // with parts of the spec left out, a rule may match nothing for that reason
        {
            if (ruleMatches[r] == 0)
                planProblems.Add($"exclude[{spec.Excludes[r].Index}]", "matches no run of the grid; check its keys and values");
        }
        foreach (var group in runs.GroupBy(r => r.Id).Where(g => g.Count() > 1))
        {
            planProblems.Add("", $"runs {string.Join(" and ", group.Select(r => $"[{r.Label}]"))} resolve to the same config (id {group.Key}): "
                + "a swept key has no effect or repeats a value");
        }
        if (runs.Count == 0 && runProblems.Count == 0 && specIsClean) planProblems.Add("", "every run is excluded");
        problems.Add(planProblems);
        return new SweepPlan(spec, runs, excluded, MissingData(spec, runs));
    }

    /// <summary>Source name for problems found while binding one run (replaced by a run description).</summary>
    private const string RunSource = "run";

    /// <summary>
    /// Which runs a problem hits, as briefly as possible: the axes whose values among the affected runs
    /// are not all of that axis's values ("in runs with model.heads=3: 6 of 18").
    /// </summary>
    private static string Describe(IReadOnlyList<SweepAxis> axes, List<int[]> affected, int considered)
    {
        var parts = new List<string>();
        for (int a = 0; a < axes.Count; a++)
        {
            var points = affected.Select(c => c[a]).Distinct().Order().ToList();
            if (points.Count == axes[a].Points.Count) continue;
            var shown = points.Select(i => string.Join(",", axes[a].Points[i].Select(s => ConfigPaths.Show(s.Value))));
            parts.Add($"{axes[a].Label}={string.Join("|", shown)}");
        }
        var count = $"{affected.Count} of {considered} runs";
        return parts.Count == 0 ? $"in all {considered} runs" : $"in runs with {string.Join(' ', parts)}: {count}";
    }

    private static IEnumerable<int[]> Combinations(IReadOnlyList<SweepAxis> axes)
    {
        var index = new int[axes.Count];
        while (true)
        {
            yield return (int[])index.Clone();
            int a = axes.Count - 1;
            while (a >= 0 && ++index[a] == axes[a].Points.Count)
            {
                index[a] = 0;
                a--;
            }
            if (a < 0) yield break;
        }
    }

    /// <summary>Data paths that do not exist yet: not an error (a job may create them), but worth saying.</summary>
    private static List<string> MissingData(SweepSpec spec, List<PlannedRun> runs)
    {
        var warnings = new List<string>();
        foreach (var group in runs.GroupBy(r => r.Config.Data.Corpus))
        {
            var path = Path.GetFullPath(Path.Combine(spec.Dir, group.Key));   // as the trainer resolves it: relative to the spec
            if (!File.Exists(path) && !Directory.Exists(path))
                warnings.Add($"data.corpus '{group.Key}' does not exist ({path}); the {group.Count()} run(s) using it will fail unless it is there when they start");
        }
        return warnings;
    }
}
