// YAML configs bound to sealed records with init-only properties (snake_case keys). Before binding,
// the node tree is checked against the record types so that every unknown key and every value of the
// wrong type is reported at once with its key path and line; then YamlDotNet binds it and each
// section's Validate() checks values. Dotted overrides (`--set model.layers=8`) edit the tree first.
// Canonical() writes every key (defaults included) in declaration order: the text that is hashed into
// run ids and saved as a run's config.yaml.
// Every problem names where the value came from: file:line for a value read from a file (the position is
// kept through the copies binding makes, so a mapping where a number belongs is reported at its own line),
// `--set key=value` for a value typed on the command line; a range error found by Validate() gets the line
// of its key too (ConfigProblems.Locate).
using System.Collections;
using System.Runtime.CompilerServices;
using System.Globalization;
using System.Reflection;
using System.Text;
using BabyLm.Config;
using BabyLm.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.TypeInspectors;

namespace BabyLm.Experiments.Config;

public static class YamlConfig
{
    private static readonly IDeserializer s_deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    // Only keys a config can set: derived read-only properties (model.head_size, …) would not bind back.
    private static readonly ISerializer s_serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithTypeInspector(inner => new ReadableAndWritablePropertiesTypeInspector(inner))
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.Preserve)
        .DisableAliases()
        .Build();

    /// <summary>Where a node came from: a file and line, or a command-line setting.</summary>
    private sealed record Position(string? File, long? Line, string? Origin);

    private static readonly ConditionalWeakTable<YamlNode, Position> s_positions = new();

    private static void Register(YamlNode node, Position position)
    {
        s_positions.AddOrUpdate(node, position);
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children) { Register(k, position with { Line = k.Start.Line }); Register(v, position with { Line = v.Start.Line }); }
                break;
            case YamlSequenceNode seq:
                foreach (var item in seq.Children) Register(item, position with { Line = item.Start.Line });
                break;
        }
    }

    private static void RegisterOrigin(YamlNode node, string origin)
    {
        s_positions.AddOrUpdate(node, new Position(null, null, origin));
        foreach (var child in node.AllNodes.Skip(1)) s_positions.AddOrUpdate(child, new Position(null, null, origin));
    }

    /// <summary>Gives <paramref name="to"/> the position of <paramref name="from"/> (a node rewritten in place, e.g. a rebased path).</summary>
    public static void InheritPosition(YamlNode from, YamlNode to)
    {
        if (s_positions.TryGetValue(from, out var p)) s_positions.AddOrUpdate(to, p);
    }

    private static Position? PositionOf(YamlNode? node) => node is not null && s_positions.TryGetValue(node, out var p) ? p : null;

    /// <summary>Parses YAML text into a mapping (an empty document is an empty mapping).</summary>
    public static YamlMappingNode Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new BabyLmException($"{source}:{ex.Start.Line}: not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return new YamlMappingNode();
        var root = stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new BabyLmException($"{source}:{stream.Documents[0].RootNode.Start.Line}: the top level must be a mapping of keys to values");
        Register(root, new Position(source, root.Start.Line, null));
        return root;
    }

    public static YamlMappingNode ParseFile(string path)
    {
        InputPath.RequireFile(path, "config file");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Sets <paramref name="dottedKey"/> (e.g. "model.layers") to a YAML value, creating mappings on the way.</summary>
    public static void Set(YamlMappingNode root, string dottedKey, YamlNode value)
    {
        var parts = dottedKey.Split('.');
        var node = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            var key = new YamlScalarNode(parts[i]);
            if (!node.Children.TryGetValue(key, out var child) || child is not YamlMappingNode map)
            {
                map = new YamlMappingNode();
                node.Children[key] = map;
            }
            node = map;
        }
        node.Children[new YamlScalarNode(parts[^1])] = value;
    }

    /// <summary>Applies "key=value" overrides; the value is read as YAML (so `[a, b]` is a list).</summary>
    public static void ApplyOverrides(YamlMappingNode root, IEnumerable<string> overrides)
    {
        foreach (var o in overrides)
        {
            int eq = o.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new BabyLmException($"--set '{o}': expected key=value, e.g. --set model.layers=8");
            var value = ParseValue(o[(eq + 1)..]);
            RegisterOrigin(value, $"--set {o}");
            Set(root, o[..eq].Trim(), value);
        }
    }

    /// <summary>A YAML value from text (a scalar, or a flow list/map).</summary>
    public static YamlNode ParseValue(string text)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException) { return new YamlScalarNode(text); }
        return stream.Documents.Count == 0 ? new YamlScalarNode("") : stream.Documents[0].RootNode;
    }

    /// <summary>Deep copy of a node tree.</summary>
    public static T Clone<T>(T node) where T : YamlNode
    {
        var text = Write(node);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (T)stream.Documents[0].RootNode;
    }

    public static string Write(YamlNode node)
    {
        var sw = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(sw, assignAnchors: false);
        var text = sw.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>Checks, binds and validates: all problems are reported together.</summary>
    public static T Bind<T>(YamlMappingNode root, string source) where T : class, new()
    {
        var problems = new ConfigProblems(source);
        var value = TryBind<T>(root, problems);
        problems.ThrowIfAny();
        return value!;
    }

    /// <summary>Like <see cref="Bind{T}"/>, but adds the problems to <paramref name="problems"/> (null when there are any).</summary>
    public static T? TryBind<T>(YamlMappingNode root, ConfigProblems problems) where T : class, new()
    {
        int before = problems.All.Count;
        // Unknown keys and ill-typed values are reported and pruned, so the rest still binds and its
        // values are validated too: one pass reports every problem of the file.
        var clean = Copy(root);
        var keys = KeyPositions(clean);
        problems.Locate ??= path => keys.TryGetValue(path, out var p) ? (p.File, p.Line, p.Origin) : null;
        CheckNode(clean, typeof(T), "", problems);
        T value;
        try
        {
            value = s_deserializer.Deserialize<T>(Write(clean)) ?? new T();
        }
        catch (YamlException ex)
        {
            problems.Add("", ex.InnerException?.Message ?? ex.Message);
            return null;
        }
        if (value is IConfigSection section) section.Validate(problems, "");
        return problems.All.Count > before ? null : value;
    }

    /// <summary>
    /// Type-checks one value against the type of the key it is meant for (unknown keys, wrong types),
    /// reporting under <paramref name="path"/>. Returns a copy with the bad parts pruned, or null when
    /// the value itself is bad; <paramref name="node"/> is left as it is.
    /// </summary>
    public static YamlNode? CheckValue(YamlNode node, Type type, string path, ConfigProblems problems)
    {
        var copy = Copy(node);
        return CheckNode(copy, type, path, problems) ? copy : null;
    }

    /// <summary>
    /// A copy of a node tree with new mappings and sequences but the same scalar nodes (never mutated
    /// here), so that problems found in the copy still name the lines of the original file.
    /// </summary>
    public static T Copy<T>(T node) where T : YamlNode => (T)CopyNode(node);

    private static YamlNode CopyNode(YamlNode node)
    {
        YamlNode copy = node switch
        {
            YamlMappingNode map => new YamlMappingNode(map.Children.Select(kv => new KeyValuePair<YamlNode, YamlNode>(kv.Key, CopyNode(kv.Value)))),
            YamlSequenceNode seq => new YamlSequenceNode(seq.Children.Select(CopyNode)),
            _ => node,
        };
        InheritPosition(node, copy);
        return copy;
    }

    /// <summary>Key path → where its key (or, for a command-line setting, its value) came from.</summary>
    private static Dictionary<string, Position> KeyPositions(YamlMappingNode root)
    {
        var result = new Dictionary<string, Position>(StringComparer.Ordinal);
        void Walk(YamlNode node, string path)
        {
            if (node is YamlMappingNode map)
            {
                foreach (var (k, v) in map.Children)
                {
                    var child = Join(path, (k as YamlScalarNode)?.Value ?? "");
                    var at = PositionOf(v) is { Origin: not null } set ? set : PositionOf(k) ?? PositionOf(v);
                    if (at is not null) result[child] = at;
                    Walk(v, child);
                }
            }
            else if (node is YamlSequenceNode seq)
            {
                int i = 0;
                foreach (var item in seq.Children)
                {
                    if (PositionOf(item) is { } at) result[$"{path}[{i}]"] = at;
                    Walk(item, $"{path}[{i++}]");
                }
            }
        }
        Walk(root, "");
        return result;
    }

    public static T Load<T>(string path, IEnumerable<string>? overrides = null) where T : class, new()
    {
        var root = ParseFile(path);
        if (overrides is not null) ApplyOverrides(root, overrides);
        return Bind<T>(root, path);
    }

    /// <summary>Every key, defaults included, in declaration order: stable text for hashing and saving.</summary>
    public static string Canonical<T>(T value) => s_serializer.Serialize(value!);

    /// <summary>The YAML (snake_case) name of a property.</summary>
    public static string KeyName(PropertyInfo p) => UnderscoredNamingConvention.Instance.Apply(p.Name);

    /// <summary>Bindable properties of a config record: public, readable, with a setter (init).</summary>
    public static IEnumerable<PropertyInfo> Keys(Type t)
        => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.SetMethod is { IsPublic: true });

    /// <summary>Checks a node against a type; returns false (after reporting) when the node must be dropped.
    /// Unknown keys and invalid list items are removed from their parents in place.</summary>
    private static bool CheckNode(YamlNode node, Type type, string path, ConfigProblems problems)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is YamlScalarNode { Style: ScalarStyle.Plain } nul && (nul.Value is null or "" or "~" or "null"))
        {
            if (underlying is null && type.IsValueType) { Add(problems, path, $"must have a value ({Describe(type)})", node); return false; }
            return true;
        }
        type = underlying ?? type;
        if (IsScalar(type))
        {
            if (node is not YamlScalarNode scalar) { Add(problems, path, $"expected {Describe(type)}, got a {(node is YamlSequenceNode ? "list" : "mapping")}", node); return false; }
            if (!ScalarFits(scalar.Value ?? "", type)) { Add(problems, path, $"'{scalar.Value}' is not {Describe(type)}", node); return false; }
            return true;
        }
        if (ElementType(type) is { } element)
        {
            if (node is not YamlSequenceNode seq) { Add(problems, path, "expected a list", node); return false; }
            var bad = new List<YamlNode>();
            int i = 0;
            foreach (var item in seq.Children) if (!CheckNode(item, element, $"{path}[{i++}]", problems)) bad.Add(item);
            foreach (var b in bad) seq.Children.Remove(b);
            return true;
        }
        if (DictionaryValueType(type) is { } valueType)
        {
            if (node is not YamlMappingNode dict) { Add(problems, path, "expected a mapping", node); return false; }
            var badKeys = dict.Children.Where(kv => !CheckNode(kv.Value, valueType, Join(path, ((YamlScalarNode)kv.Key).Value ?? ""), problems))
                .Select(kv => kv.Key).ToList();
            foreach (var k in badKeys) dict.Children.Remove(k);
            return true;
        }
        if (node is not YamlMappingNode map) { Add(problems, path, "expected a mapping of keys", node); return false; }
        var keys = Keys(type).ToDictionary(KeyName, p => p, StringComparer.Ordinal);
        var drop = new List<YamlNode>();
        foreach (var (k, v) in map.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (!keys.TryGetValue(name, out var prop))
            {
                // A key typed in --set has no position of its own: its value names the setting.
                Add(problems, Join(path, name), Suggest.Unknown("key", name, keys.Keys.ToList()), PositionOf(k) is null ? v : k);
                drop.Add(k);
                continue;
            }
            if (!CheckNode(v, prop.PropertyType, Join(path, name), problems)) drop.Add(k);
        }
        foreach (var k in drop) map.Children.Remove(k);
        return true;
    }

    /// <summary>Reports a problem of <paramref name="node"/> at the position it came from.</summary>
    private static void Add(ConfigProblems problems, string path, string message, YamlNode node)
    {
        // A scalar at its own line; a mapping or list where a scalar belongs at the line of its key (Locate).
        var at = node is YamlScalarNode || PositionOf(node) is { Origin: not null } ? PositionOf(node) : null;
        if (at is null) problems.Add(path, message);
        else problems.Add(path, message, at.Line, at.Origin, at.File);
    }
    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static bool IsScalar(Type t) => t == typeof(string) || t == typeof(int) || t == typeof(long) || t == typeof(double)
        || t == typeof(float) || t == typeof(bool);

    private static string Describe(Type t) => t == typeof(string) ? "a string"
        : t == typeof(int) || t == typeof(long) ? "an integer"
        : t == typeof(double) || t == typeof(float) ? "a number"
        : t == typeof(bool) ? "true or false"
        : t.Name;

    private static bool ScalarFits(string v, Type t)
    {
        var inv = CultureInfo.InvariantCulture;
        if (t == typeof(string)) return true;
        if (t == typeof(int)) return int.TryParse(v, NumberStyles.Integer, inv, out _);
        if (t == typeof(long)) return long.TryParse(v, NumberStyles.Integer, inv, out _);
        if (t == typeof(double) || t == typeof(float)) return double.TryParse(v, NumberStyles.Float, inv, out _);
        if (t == typeof(bool)) return v is "true" or "false" or "True" or "False";
        return false;
    }

    private static Type? ElementType(Type t)
    {
        if (t.IsArray) return t.GetElementType();
        if (!t.IsGenericType) return null;
        var def = t.GetGenericTypeDefinition();
        return def == typeof(List<>) || def == typeof(IReadOnlyList<>) || def == typeof(IList<>) || def == typeof(IEnumerable<>)
            ? t.GetGenericArguments()[0] : null;
    }

    private static Type? DictionaryValueType(Type t)
    {
        if (!t.IsGenericType) return null;
        var def = t.GetGenericTypeDefinition();
        return (def == typeof(Dictionary<,>) || def == typeof(IReadOnlyDictionary<,>)) && t.GetGenericArguments()[0] == typeof(string)
            ? t.GetGenericArguments()[1] : null;
    }

    /// <summary>Short content hash of a canonical config: a run's id.</summary>
    public static string ShortHash(string canonical, int hexChars = 10) => Hashing.Sha256Hex(canonical)[..hexChars];

    internal static string Describe(IEnumerable list) => string.Join(", ", list.Cast<object>());
}
