// Flattens a run's config.yaml into dotted keys (`model.layers`, `curriculum.order`, `seed`) with
// SQLite-ready values, generically from the YAML tree, so a key added to RunConfig needs no code here.
// Plain scalars that read as integers or numbers become INTEGER or REAL; null/~/empty become NULL;
// everything else (quoted strings, true/false, names) stays TEXT exactly as written; lists become
// their flow text, e.g. [childes, stories].
using System.Globalization;
using BabyLm.Experiments.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BabyLm.Analysis;

public static class ConfigFlattener
{
    /// <summary>Keys in document order with their values (long, double, string or null).</summary>
    public static List<KeyValuePair<string, object?>> Flatten(string yamlText, string source)
    {
        var result = new List<KeyValuePair<string, object?>>();
        Walk(YamlConfig.Parse(yamlText, source), "", result);
        return result;
    }

    private static void Walk(YamlMappingNode map, string prefix, List<KeyValuePair<string, object?>> into)
    {
        foreach (var (k, v) in map.Children)
        {
            var key = prefix + ((k as YamlScalarNode)?.Value ?? "");
            if (v is YamlMappingNode child && child.Children.Count > 0) Walk(child, key + ".", into);
            else into.Add(new(key, Value(v)));
        }
    }

    private static object? Value(YamlNode node) => node switch
    {
        YamlScalarNode s when s.Style is ScalarStyle.Plain or ScalarStyle.Any => Plain(s.Value ?? ""),
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode seq => "[" + string.Join(", ", seq.Children.Select(c => Text(Value(c)))) + "]",
        YamlMappingNode => "{}",
        _ => null,
    };

    private static object? Plain(string v)
    {
        if (v is "" or "~" or "null" or "Null" or "NULL") return null;
        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return v;
    }

    /// <summary>The text a value is shown as (and compared by, in --by/--baseline/--where).</summary>
    public static string Text(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
