// Dotted key paths into the run config schema ("model.width", "curriculum.sources"): resolving them to
// the property type they name (with "did you mean" for typos), setting values in a YAML tree, reading
// a value back in a normalised form so that `1e-2` and `0.01` compare equal, and showing a value in
// one short line. This is the schema knowledge sweeps need on top of YamlConfig; it never binds a
// whole run config.
using BabyLm.Core;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Training;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace BabyLm.Experiments.Sweeps;

public static class ConfigPaths
{
    private static readonly IDeserializer s_deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    private static readonly RunConfig s_defaults = new();

    /// <summary>The type of the value at <paramref name="dotted"/> in a run config, or an error message naming the bad segment.</summary>
    public static bool TryResolve(string dotted, out Type type, out string error)
    {
        type = typeof(RunConfig);
        error = "";
        if (string.IsNullOrWhiteSpace(dotted))
        {
            error = "empty key";
            return false;
        }
        var parts = dotted.Split('.');
        for (int i = 0; i < parts.Length; i++)
        {
            var keys = YamlConfig.Keys(type).ToDictionary(YamlConfig.KeyName, p => p, StringComparer.Ordinal);
            if (keys.Count == 0 || !IsSection(type))
            {
                error = $"'{string.Join('.', parts[..i])}' is a value, not a section: it has no key '{parts[i]}'";
                return false;
            }
            if (!keys.TryGetValue(parts[i], out var prop))
            {
                error = Suggest.Unknown("key", parts[i], keys.Keys.ToList());
                return false;
            }
            type = prop.PropertyType;
        }
        return true;
    }

    /// <summary>Sets <paramref name="dotted"/> to <paramref name="value"/> in a tree; a mapping is merged into an existing mapping key by key.</summary>
    public static void Set(YamlMappingNode root, string dotted, YamlNode value)
    {
        if (value is YamlMappingNode incoming && NodeAt(root, dotted) is YamlMappingNode target) Merge(target, incoming);
        else YamlConfig.Set(root, dotted, YamlConfig.Copy(value));
    }

    /// <summary>Deep-merges <paramref name="overlay"/> into <paramref name="target"/> (overlay wins; mappings merge, everything else replaces).</summary>
    public static void Merge(YamlMappingNode target, YamlMappingNode overlay)
    {
        foreach (var (k, v) in overlay.Children)
        {
            if (v is YamlMappingNode map && target.Children.TryGetValue(k, out var existing) && existing is YamlMappingNode inner)
                Merge(inner, map);
            else
                target.Children[k] = YamlConfig.Copy(v);
        }
    }

    /// <summary>Keys whose values are paths (eval.probes holds kind:dir suite specs too).</summary>
    public static readonly IReadOnlyList<string> PathKeys = ["data.corpus", "data.tokenizer", "data.cache"];

    /// <summary>Rewrites every relative path of a config tree (data paths, the folders of blimp:/zorro: suites) with <paramref name="rebase"/>.</summary>
    public static void RebasePaths(YamlMappingNode config, Func<string, string> rebase)
    {
        string Rebase(string path) => path.Length == 0 || Path.IsPathRooted(path) ? path : rebase(path);
        foreach (var key in PathKeys)
            if (NodeAt(config, key) is YamlScalarNode { Value: { } v } old)
            {
                var rebased = new YamlScalarNode(Rebase(v));
                YamlConfig.InheritPosition(old, rebased);
                Set(config, key, rebased);
            }
        if (NodeAt(config, "eval.probes") is YamlSequenceNode probes)
        {
            var rebased = probes.Children.Select(n => n is YamlScalarNode { Value: { } s } && s.IndexOf(':', StringComparison.Ordinal) is > 0 and var c
                ? new YamlScalarNode($"{s[..c]}:{Rebase(s[(c + 1)..])}") : n);
            Set(config, "eval.probes", new YamlSequenceNode(rebased));
        }
    }

    /// <summary>
    /// Applies "key=value" settings typed on a command line: a relative path in them is relative to the
    /// current folder (where the user typed it), not to the config file, so it is made absolute first.
    /// </summary>
    public static void ApplyCommandLine(YamlMappingNode root, IEnumerable<string> overrides)
    {
        var overlay = new YamlMappingNode();
        YamlConfig.ApplyOverrides(overlay, overrides);
        RebasePaths(overlay, Path.GetFullPath);
        Merge(root, overlay);
    }

    /// <summary>A run config file with command-line settings on top (see <see cref="ApplyCommandLine"/>).</summary>
    public static Training.RunConfig LoadRunConfig(string path, IEnumerable<string> overrides)
    {
        var root = YamlConfig.ParseFile(path);
        ApplyCommandLine(root, overrides);
        return YamlConfig.Bind<Training.RunConfig>(root, path);
    }

    /// <summary>The node at <paramref name="dotted"/> in a tree, or null when the key is not written there.</summary>
    public static YamlNode? NodeAt(YamlMappingNode root, string dotted)
    {
        YamlNode node = root;
        foreach (var part in dotted.Split('.'))
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(part), out var child)) return null;
            node = child;
        }
        return node;
    }

    /// <summary>
    /// The value at <paramref name="dotted"/> in canonical text: the key's default when the tree does not
    /// set it, the value converted through the key's type when it can be (so 1e-2 equals 0.01), the raw
    /// YAML otherwise.
    /// </summary>
    public static string Normalized(YamlMappingNode root, string dotted, Type type)
    {
        var node = NodeAt(root, dotted);
        return node is null ? YamlConfig.Canonical(DefaultAt(dotted)) : Normalized(node, type);
    }

    /// <summary>A value node in canonical text, converted through <paramref name="type"/> when it can be.</summary>
    public static string Normalized(YamlNode node, Type type)
        => TryConvert(node, type, out var value) ? YamlConfig.Canonical(value) : YamlConfig.Write(node);

    public static bool TryConvert(YamlNode node, Type type, out object? value)
    {
        try
        {
            value = s_deserializer.Deserialize(YamlConfig.Write(node), type);
            return true;
        }
        catch (YamlException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>One short line for a value: a scalar as written, a list or mapping in flow style.</summary>
    public static string Show(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "null",
        YamlSequenceNode seq => "[" + string.Join(", ", seq.Children.Select(Show)) + "]",
        YamlMappingNode map => "{" + string.Join(", ", map.Children.Select(kv => $"{Show(kv.Key)}: {Show(kv.Value)}")) + "}",
        _ => node.ToString(),
    };

    private static object? DefaultAt(string dotted)
    {
        object? value = s_defaults;
        foreach (var part in dotted.Split('.'))
        {
            if (value is null) return null;
            var prop = YamlConfig.Keys(value.GetType()).First(p => YamlConfig.KeyName(p) == part);
            value = prop.GetValue(value);
        }
        return value;
    }

    private static bool IsSection(Type t) => t.IsClass && t != typeof(string) && !t.IsArray && !t.IsGenericType;
}
