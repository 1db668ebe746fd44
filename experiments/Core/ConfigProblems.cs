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

    public void Add(string keyPath, string message, long? line = null)
    {
        var where = line is { } l ? $"{Source}:{l.ToString(CultureInfo.InvariantCulture)}" : Source;
        _problems.Add($"{where}: {(keyPath.Length > 0 ? keyPath + ": " : "")}{message}");
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
