// A sweep spec: one YAML file naming a grid of training runs.
//
//   name: width-lr                 # the folder under runs/ (default: the file's name)
//   include: ../configs/tiny.yaml  # a run config to start from (optional; its relative paths stay its own)
//   base:                          # run config keys on top of include (optional)
//     budget: {steps: 2000}
//   set: {optimizer.clip: 0.5}     # dotted keys fixed for every run (optional)
//   grid:                          # dotted key → values; runs are the cartesian product (first key slowest)
//     model.width: [64, 128, 256]
//     optimizer.lr: [1e-3, 3e-3]
//   zip:                           # groups of keys whose lists vary together (equal lengths)
//     - {curriculum.scorer: [none, length], curriculum.pacing: [none, linear]}
//   seeds: [1, 2, 3]               # or a count: `seeds: 3` is 1, 2, 3
//   exclude:                       # a run matching every key of a rule is left out; a list means any of
//     - {model.width: 256, optimizer.lr: 3e-3}
//
// Loading checks the file's shape and every value against the run config schema, and reports every
// problem at once with its key path and line. Expanding into runs and validating each resolved run is
// SweepPlan's job.
using System.Text.RegularExpressions;
using BabyLm.Config;
using BabyLm.Core;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Training;
using YamlDotNet.RepresentationModel;

namespace BabyLm.Experiments.Sweeps;

/// <summary>One key set to one value in a run.</summary>
public sealed record SweepAssignment(string Key, YamlNode Value);

/// <summary>A dimension of the sweep: a grid key, a zip group or the seeds; each point sets one or more keys.</summary>
public sealed record SweepAxis(string Label, IReadOnlyList<string> Keys, IReadOnlyList<IReadOnlyList<SweepAssignment>> Points);

/// <summary>One key of an exclude rule: matches when the run's value (normalised) is one of <see cref="AnyOf"/>.</summary>
public sealed record ExcludeCondition(string Key, Type Type, IReadOnlyList<string> AnyOf);

public sealed record ExcludeRule(int Index, IReadOnlyList<ExcludeCondition> Conditions);

public sealed partial record SweepSpec
{
    public static readonly IReadOnlyList<string> TopLevelKeys = ["name", "description", "include", "base", "set", "grid", "zip", "seeds", "exclude"];

    /// <summary>Keys whose markers say a YAML file is a sweep spec rather than a run config.</summary>
    public static readonly IReadOnlyList<string> SpecMarkers = ["include", "base", "set", "grid", "zip", "seeds", "exclude"];

    public required string Name { get; init; }
    public string Description { get; init; } = "";
    /// <summary>The spec file (full path); relative data paths in runs are relative to its folder.</summary>
    public required string Path { get; init; }
    public string Dir => System.IO.Path.GetDirectoryName(Path)!;
    /// <summary>The spec file's text, as read.</summary>
    public required string Text { get; init; }
    /// <summary>include ⊕ base ⊕ set: the tree every run starts from.</summary>
    public required YamlMappingNode Base { get; init; }
    public required IReadOnlyList<SweepAxis> Axes { get; init; }
    public required IReadOnlyList<ExcludeRule> Excludes { get; init; }

    /// <summary>Reads and checks a spec; every problem in it is reported in one <see cref="BabyLmException"/>.</summary>
    public static SweepSpec Load(string path)
    {
        var problems = new SweepProblems();
        var spec = Read(path, problems);
        problems.ThrowIfAny();
        return spec;
    }

    /// <summary>
    /// Reads a spec, adding its problems to <paramref name="problems"/>; what is wrong is left out (unknown
    /// keys, bad values, broken rules), so the rest can still be expanded and checked run by run.
    /// </summary>
    internal static SweepSpec Read(string path, SweepProblems problems)
    {
        var full = System.IO.Path.GetFullPath(path);
        InputPath.RequireFile(full, "sweep spec");
        return Parse(File.ReadAllText(full), full, problems);
    }

    /// <summary>True when a YAML file's top level looks like a sweep spec (it has include, base, grid, … keys).</summary>
    public static bool LooksLikeSpec(YamlMappingNode root)
        => root.Children.Keys.OfType<YamlScalarNode>().Any(k => SpecMarkers.Contains(k.Value ?? ""));

    internal static SweepSpec Parse(string text, string fullPath, SweepProblems problems)
    {
        var p = new ConfigProblems(fullPath);
        var root = YamlConfig.Parse(text, fullPath);
        var dir = System.IO.Path.GetDirectoryName(fullPath)!;
        foreach (var key in root.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!TopLevelKeys.Contains(name)) p.Add(name, Suggest.Unknown("sweep key", name, TopLevelKeys), Line(key));
        }

        var sweepName = Scalar(root, "name", p) ?? System.IO.Path.GetFileNameWithoutExtension(fullPath);
        if (!SafeName().IsMatch(sweepName))
            p.Add("name", $"'{sweepName}' cannot name a folder: use letters, digits, '.', '_' and '-', starting with a letter or digit", Line(Get(root, "name")));

        var tree = new YamlMappingNode();
        if (Scalar(root, "include", p) is { } include)
        {
            var includePath = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, include));
            if (!File.Exists(includePath))
            {
                p.Add("include", $"'{include}' does not exist (looked for {includePath})", Line(Get(root, "include")));
            }
            else
            {
                var ip = new ConfigProblems(includePath);
                if (YamlConfig.CheckValue(YamlConfig.ParseFile(includePath), typeof(RunConfig), "", ip) is YamlMappingNode included)
                {
                    RebasePaths(included, System.IO.Path.GetDirectoryName(includePath)!, dir);
                    ConfigPaths.Merge(tree, included);
                }
                problems.Add(ip);
            }
        }
        if (Get(root, "base") is { } baseNode && YamlConfig.CheckValue(baseNode, typeof(RunConfig), "base", p) is YamlMappingNode baseMap)
            ConfigPaths.Merge(tree, baseMap);
        if (Get(root, "set") is { } setNode)
        {
            foreach (var (key, value) in Entries(setNode, "set", p))
            {
                if (Resolve(key, "set", p) is { } type && YamlConfig.CheckValue(value, type, $"set.{key}", p) is { } valid)
                    ConfigPaths.Set(tree, key, valid);
            }
        }

        var axes = new List<SweepAxis>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal); // key → where it varies
        void Claim(string key, string where, YamlNode at)
        {
            if (seen.TryGetValue(key, out var first)) p.Add(where, $"'{key}' already varies in {first}; a key can vary in one place only", Line(at));
            else seen[key] = where;
        }

        if (Get(root, "grid") is { } gridNode)
        {
            foreach (var (key, value) in Entries(gridNode, "grid", p))
            {
                Claim(key, $"grid.{key}", value);
                if (Resolve(key, "grid", p) is not { } type) continue;
                var values = ValueList(value, type, $"grid.{key}", p);
                if (values.Count > 0) axes.Add(new SweepAxis(key, [key], values.Select(v => (IReadOnlyList<SweepAssignment>)[new SweepAssignment(key, v)]).ToList()));
            }
        }
        if (Get(root, "zip") is { } zipNode)
        {
            if (zipNode is not YamlSequenceNode groups)
            {
                p.Add("zip", "expected a list of groups, e.g. - {model.width: [64, 128], model.heads: [2, 4]}", Line(zipNode));
            }
            else
            {
                for (int g = 0; g < groups.Children.Count; g++)
                {
                    var where = $"zip[{g}]";
                    var columns = new List<(string Key, List<YamlNode> Values)>();
                    foreach (var (key, value) in Entries(groups.Children[g], where, p))
                    {
                        Claim(key, $"{where}.{key}", value);
                        if (Resolve(key, where, p) is { } type) columns.Add((key, ValueList(value, type, $"{where}.{key}", p, unique: false)));
                    }
                    if (columns.Count == 0) continue;
                    if (columns.Select(c => c.Values.Count).Distinct().Count() > 1)
                    {
                        p.Add(where, "the lists of a zip group must have the same length; here: "
                            + string.Join(", ", columns.Select(c => $"{c.Key} has {c.Values.Count}")), Line(groups.Children[g]));
                        continue;
                    }
                    var points = Enumerable.Range(0, columns[0].Values.Count)
                        .Select(i => (IReadOnlyList<SweepAssignment>)columns.Select(c => new SweepAssignment(c.Key, c.Values[i])).ToList()).ToList();
                    // The points of a group vary together: each tuple must be new.
                    var tuples = new Dictionary<string, int>(StringComparer.Ordinal);
                    for (int i = 0; i < points.Count; i++)
                    {
                        var tuple = string.Join("\u0001", points[i].Select(a => ConfigPaths.Show(a.Value)));
                        if (tuples.TryGetValue(tuple, out int first))
                            p.Add($"{where}[{i}]", $"repeats point {first} of the group ({string.Join(", ", points[i].Select(a => $"{a.Key}={ConfigPaths.Show(a.Value)}"))})", Line(groups.Children[g]));
                        else tuples[tuple] = i;
                    }
                    if (points.Count > 0) axes.Add(new SweepAxis(string.Join("+", columns.Select(c => c.Key)), columns.Select(c => c.Key).ToList(), points));
                }
            }
        }
        if (Get(root, "seeds") is { } seedsNode)
        {
            Claim("seed", "seeds", seedsNode);
            var seeds = Seeds(seedsNode, p);
            if (seeds.Count > 0) axes.Add(new SweepAxis("seed", ["seed"], seeds.Select(s => (IReadOnlyList<SweepAssignment>)[new SweepAssignment("seed", s)]).ToList()));
        }

        var excludes = new List<ExcludeRule>();
        if (Get(root, "exclude") is { } excludeNode)
        {
            if (excludeNode is not YamlSequenceNode rules)
            {
                p.Add("exclude", "expected a list of rules, e.g. - {model.width: 256, optimizer.lr: 3e-3}", Line(excludeNode));
            }
            else
            {
                for (int r = 0; r < rules.Children.Count; r++)
                {
                    var conditions = new List<ExcludeCondition>();
                    foreach (var (key, value) in Entries(rules.Children[r], $"exclude[{r}]", p))
                    {
                        if (Resolve(key, $"exclude[{r}]", p) is not { } type) continue;
                        // A list is "any of", unless the key itself holds a list and the items are not lists.
                        bool anyOf = value is YamlSequenceNode seq && (!IsList(type) || seq.Children.All(c => c is YamlSequenceNode));
                        var alternatives = anyOf ? ((YamlSequenceNode)value).Children.ToList() : [value];
                        var valid = alternatives.Select((a, i) => YamlConfig.CheckValue(a, type, anyOf ? $"exclude[{r}].{key}[{i}]" : $"exclude[{r}].{key}", p))
                            .OfType<YamlNode>().ToList();
                        conditions.Add(new ExcludeCondition(key, type, valid.Select(a => ConfigPaths.Normalized(a, type)).ToList()));
                    }
                    // A rule with a bad key or no valid value is left out (its problem is reported), not applied half.
                    if (conditions.Count > 0 && rules.Children[r] is YamlMappingNode m && conditions.Count == m.Children.Count && conditions.All(c => c.AnyOf.Count > 0))
                        excludes.Add(new ExcludeRule(r, conditions));
                    else if (rules.Children[r] is YamlMappingNode { Children.Count: 0 }) p.Add($"exclude[{r}]", "an empty rule would exclude every run", Line(rules.Children[r]));
                }
            }
        }

        var description = Scalar(root, "description", p) ?? "";
        problems.Add(p);
        return new SweepSpec
        {
            Name = sweepName,
            Description = description,
            Path = fullPath,
            Text = text,
            Base = tree,
            Axes = axes,
            Excludes = excludes,
        };
    }

    /// <summary>Relative data paths of an included config, rewritten to be relative to the spec's folder instead.</summary>
    private static void RebasePaths(YamlMappingNode config, string fromDir, string toDir)
    {
        if (fromDir == toDir) return;
        ConfigPaths.RebasePaths(config, path => System.IO.Path.GetRelativePath(toDir, System.IO.Path.GetFullPath(System.IO.Path.Combine(fromDir, path))));
    }

    /// <param name="unique">Report repeated values (grid keys, seeds). A zip column may repeat a value: the
    /// group's points must differ as tuples, which the zip checks itself.</param>
    private static List<YamlNode> ValueList(YamlNode node, Type type, string path, ConfigProblems p, bool unique = true)
    {
        if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            p.Add(path, node is YamlSequenceNode ? "an empty list gives no runs" : $"expected a list of values, e.g. [{ConfigPaths.Show(node)}]", Line(node));
            return [];
        }
        // Bad and repeated values are reported and left out, so the rest of the grid is still checked run by run.
        var normalized = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new List<YamlNode>();
        for (int i = 0; i < seq.Children.Count; i++)
        {
            if (YamlConfig.CheckValue(seq.Children[i], type, $"{path}[{i}]", p) is not { } valid) continue;
            var n = ConfigPaths.Normalized(valid, type);
            if (unique && normalized.TryGetValue(n, out int first))
            {
                p.Add($"{path}[{i}]", $"repeats the value of {path}[{first}] ({ConfigPaths.Show(seq.Children[i])})", Line(seq.Children[i]));
                continue;
            }
            normalized[n] = i;
            values.Add(valid);
        }
        return values;
    }

    private static List<YamlNode> Seeds(YamlNode node, ConfigProblems p)
    {
        if (node is YamlScalarNode scalar)
        {
            if (!int.TryParse(scalar.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int count) || count < 1 || count > 100_000)
            {
                p.Add("seeds", $"'{scalar.Value}' is not a seed count; write a count (3 means seeds 1, 2, 3) or a list, e.g. [1, 2, 3]", Line(node));
                return [];
            }
            return Enumerable.Range(1, count).Select(i => (YamlNode)new YamlScalarNode(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        }
        var values = ValueList(node, typeof(long), "seeds", p);
        for (int i = 0; i < values.Count; i++)
            if (values[i] is YamlScalarNode { Value: { } v } && long.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out long s) && s < 0)
                p.Add($"seeds[{i}]", $"{s} is negative; seeds are 0 or more", Line(values[i]));
        return values;
    }

    private static Type? Resolve(string key, string where, ConfigProblems p)
    {
        if (ConfigPaths.TryResolve(key, out var type, out var error)) return type;
        p.Add($"{where}.{key}", error);
        return null;
    }

    private static IEnumerable<(string Key, YamlNode Value)> Entries(YamlNode node, string path, ConfigProblems p)
    {
        if (node is not YamlMappingNode map)
        {
            p.Add(path, "expected a mapping of dotted keys to values, e.g. {model.width: [64, 128]}", Line(node));
            yield break;
        }
        foreach (var (k, v) in map.Children)
            yield return (((YamlScalarNode)k).Value ?? "", v);
    }

    private static bool IsList(Type t) => t.IsArray || (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>));

    private static YamlNode? Get(YamlMappingNode root, string key) => root.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string? Scalar(YamlMappingNode root, string key, ConfigProblems p)
    {
        var node = Get(root, key);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { Length: > 0 } s }) return s;
        p.Add(key, "expected a non-empty string", Line(node));
        return null;
    }

    internal static long? Line(YamlNode? n) => n is not null && n.Start.Line > 0 ? n.Start.Line : null;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SafeName();
}

/// <summary>Problems from several files (the spec, an included config), reported together as ConfigProblems does.</summary>
internal sealed class SweepProblems
{
    private readonly List<string> _all = [];

    public IReadOnlyList<string> All => _all;

    public void Add(ConfigProblems problems) => _all.AddRange(problems.All);

    public void Add(string problem) => _all.Add(problem);

    public void ThrowIfAny()
    {
        if (_all.Count == 0) return;
        var message = _all.Count == 1
            ? "invalid sweep: " + _all[0]
            : $"invalid sweep ({_all.Count} problems):" + string.Concat(_all.Select(p => "\n  " + p));
        throw new BabyLmException(message, "fix the keys named above; `babylm validate <spec>` checks a spec without running anything");
    }
}
