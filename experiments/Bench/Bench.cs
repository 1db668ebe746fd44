// The benchmark harness behind `babylm bench <suite>` and `make bench`. Every suite first checks that
// what it times is right (against a reference), then times it, interleaving with its baseline where it
// has one, and reports each figure once: a readable line, and with --json one JSON object per line
// ({"name","value","unit","baseline","baseline_value","ratio"}), so figures can be tracked over time.
// A ratio is always "how many times better ours is" (> 1 means ours wins), whatever the unit.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BabyLm.Core;

namespace BabyLm.Experiments.Bench;

public sealed record BenchResult
{
    public required string Name { get; init; }
    public required double Value { get; init; }
    public required string Unit { get; init; }
    [JsonIgnore] public bool HigherIsBetter { get; init; } = true;
    public string? Baseline { get; init; }
    public double? BaselineValue { get; init; }
    /// <summary>The acceptance target for the ratio (or value, when there is no baseline), if the issue names one.</summary>
    public double? Target { get; init; }
    public string? Note { get; init; }

    public double? Ratio => BaselineValue is not { } b || b == 0 || Value == 0
        ? null
        : HigherIsBetter ? Value / b : b / Value;

    /// <summary>Met, missed, or null when there is no target.</summary>
    public bool? MeetsTarget => Target is not { } t ? null
        : Ratio is { } r ? r >= t
        : HigherIsBetter ? Value >= t : Value <= t;
}

/// <summary>Where results go: human lines to one writer, JSON lines to another (or both to one).</summary>
public sealed class BenchContext
{
    private readonly TextWriter _human;
    private readonly TextWriter? _json;
    private readonly List<BenchResult> _results = [];

    public BenchContext(TextWriter human, TextWriter? json, int threads, bool quick = false)
    {
        _human = human;
        _json = json;
        Threads = threads > 0 ? threads : Environment.ProcessorCount;
        Quick = quick;
    }

    public int Threads { get; }
    /// <summary>Smaller problems and fewer rounds (for smoke tests of the suites themselves).</summary>
    public bool Quick { get; }
    public IReadOnlyList<BenchResult> Results => _results;

    public void Info(string line) => _human.WriteLine(line);

    public void Report(BenchResult r)
    {
        _results.Add(r);
        var inv = CultureInfo.InvariantCulture;
        var line = $"{r.Name,-48} {r.Value.ToString("G4", inv),12} {r.Unit}";
        if (r.BaselineValue is { } bv)
            line += $"   {r.Baseline}: {bv.ToString("G4", inv)} {r.Unit}   ratio {r.Ratio?.ToString("0.00", inv)}x";
        if (r.MeetsTarget is { } ok) line += ok ? $"   (target {r.Target?.ToString("G3", inv)}: met)" : $"   (target {r.Target?.ToString("G3", inv)}: MISSED)";
        if (r.Note is not null) line += $"   [{r.Note}]";
        _human.WriteLine(line);
        _json?.WriteLine(JsonSerializer.Serialize(r, Json.Line));
        _json?.Flush();
    }
}

public static class BenchTimer
{
    /// <summary>Median wall time in seconds of <paramref name="action"/> over <paramref name="rounds"/> runs after warm-up.</summary>
    public static double Median(Action action, int rounds = 5, int warmup = 1)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new double[rounds];
        for (int i = 0; i < rounds; i++) times[i] = Time(action);
        return MedianOf(times);
    }

    /// <summary>
    /// Medians of several actions timed in interleaved rounds (A B C, A B C, …), so slow drifts of the
    /// machine affect all of them alike. Returns one median per action, in seconds.
    /// </summary>
    public static double[] Interleaved(IReadOnlyList<Action> actions, int rounds = 5, int warmup = 1)
    {
        foreach (var a in actions) for (int i = 0; i < warmup; i++) a();
        var times = new double[actions.Count][];
        for (int k = 0; k < actions.Count; k++) times[k] = new double[rounds];
        for (int r = 0; r < rounds; r++)
            for (int k = 0; k < actions.Count; k++) times[k][r] = Time(actions[k]);
        return times.Select(MedianOf).ToArray();
    }

    public static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalSeconds;
    }

    public static double MedianOf(double[] values)
    {
        var s = values.OrderBy(v => v).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}

/// <summary>A named group of measurements: `babylm bench NAME`.</summary>
public interface IBenchSuite
{
    string Name { get; }
    string Description { get; }
    void Run(BenchContext context);
}
