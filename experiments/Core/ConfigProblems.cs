// Collects every problem found in a configuration, each with its key path (and line where known), and
// reports them together as one user error — a sweep of 100 runs should not fail one typo at a time.
using System.Globalization;
using System.Text;

namespace BabyLm.Config;

public sealed class ConfigProblems
{
    private readonly List<string> _problems = [];

    public ConfigProblems(string source) => Source = source;

    /// <summary>The file (or other origin) the configuration came from, for messages.</summary>
    public string Source { get; }

    public IReadOnlyList<string> All => _problems;
    public bool Any => _problems.Count > 0;

    /// <summary>
    /// Where a key path was written: (file, line, origin) of the key, or of its nearest ancestor, or null. Set by
    /// the binder, so problems found while validating values (ranges, names) name the line too.
    /// </summary>
    public Func<string, (string? File, long? Line, string? Origin)?>? Locate { get; set; }

    /// <param name="line">The line in <paramref name="file"/> (default: <see cref="Source"/>); looked up with <see cref="Locate"/> when neither it nor an origin is given.</param>
    /// <param name="origin">Where a value came from when not from a file, e.g. "--set model.layers=999".</param>
    public void Add(string keyPath, string message, long? line = null, string? origin = null, string? file = null)
    {
        if (line is null && origin is null && Locate is not null)
        {
            for (var path = keyPath; path.Length > 0; path = Parent(path))
            {
                if (Locate(path) is { } at)
                {
                    (file, line, origin) = at;
                    break;
                }
            }
        }
        var where = origin ?? (line is { } l ? $"{file ?? Source}:{l.ToString(CultureInfo.InvariantCulture)}" : file ?? Source);
        _problems.Add($"{where}: {(keyPath.Length > 0 ? keyPath + ": " : "")}{message}");
    }

    private static string Parent(string path)
    {
        int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut > 0 ? path[..cut] : "";
    }

    /// <summary>Checks a value lies in [min, max].</summary>
    public void Range(string keyPath, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
            Add(keyPath, $"{value.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Checks a name is one of the allowed ones (with "did you mean").</summary>
    public void OneOf(string keyPath, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is null || !allowed.Contains(value))
            Add(keyPath, BabyLm.Core.Suggest.Unknown("value", value ?? "null", allowed));
    }

    public void ThrowIfAny()
    {
        if (_problems.Count == 0) return;
        var sb = new StringBuilder();
        sb.Append(_problems.Count == 1 ? "invalid configuration: " : $"invalid configuration ({_problems.Count} problems):");
        if (_problems.Count == 1) sb.Append(_problems[0]);
        else foreach (var p in _problems) sb.Append("\n  ").Append(p);
        throw new BabyLmException(sb.ToString(), "fix the keys named above; `babylm validate <file>` checks a file without running it");
    }
}

/// <summary>A configuration section that checks its own values (ranges, names, consistency).</summary>
public interface IConfigSection
{
    /// <param name="path">This section's key path, e.g. "model".</param>
    void Validate(ConfigProblems problems, string path);
}
