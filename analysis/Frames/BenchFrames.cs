// A bench run (`babylm bench … --json`: one JSON object per measurement) as a DataFrame, for the bench
// notebook: suite (the name's first part: gemm, attention, train, report, …), name, value, unit, the
// baseline timed in the same rounds and its value, ratio (> 1: ours is better, whatever the unit),
// target, whether it was met, and the note. Several files (bench runs on different days or machines)
// stack, with the file's name in a run column, so figures can be followed over time.
using System.Globalization;
using System.Text.Json;
using BabyLm.Core;
using Microsoft.Data.Analysis;

namespace BabyLm.Analysis;

public static class BenchFrames
{
    /// <summary>Reads one or more bench JSONL files; a line that is not a bench result is an error naming the file and line.</summary>
    public static DataFrame Load(params string[] paths)
    {
        if (paths.Length == 0) throw new ArgumentException("give at least one bench file");
        var rows = new List<(string Run, string Name, double Value, string Unit, string? Baseline, double? BaselineValue, double? Ratio,
            double? Target, bool? Met, string? Note)>();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
                throw new BabyLmException($"bench results '{path}' do not exist",
                    "write them with `babylm bench all --json > runs/bench/bench.jsonl` (or one suite: `babylm bench report --quick --json > …`)");
            int lineNo = 0, found = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNo++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    var o = doc.RootElement;
                    if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty("name", out var name) || !o.TryGetProperty("value", out var value))
                        throw new JsonException("not an object with name and value");
                    rows.Add((Path.GetFileNameWithoutExtension(path), name.GetString()!, Number(value)!.Value, Str(o, "unit") ?? "", Str(o, "baseline"),
                        Num(o, "baseline_value"), Num(o, "ratio"), Num(o, "target"),
                        o.TryGetProperty("meets_target", out var m) && m.ValueKind is JsonValueKind.True or JsonValueKind.False ? m.GetBoolean() : null,
                        Str(o, "note")));
                    found++;
                }
                catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
                {
                    throw new BabyLmException($"{path}:{lineNo}: not a bench result ({ex.Message})",
                        "bench files hold the JSON lines of `babylm bench … --json` (its readable lines go to stderr): `babylm bench all --json > bench.jsonl`");
                }
            }
            if (found == 0) throw new BabyLmException($"bench results '{path}' hold no measurement", "write them with `babylm bench all --json > runs/bench/bench.jsonl`");
        }
        return new DataFrame(
            new StringDataFrameColumn("run", rows.Select(r => r.Run)),
            new StringDataFrameColumn("suite", rows.Select(r => r.Name.Split('.')[0])),
            new StringDataFrameColumn("name", rows.Select(r => r.Name)),
            new DoubleDataFrameColumn("value", rows.Select(r => (double?)r.Value)),
            new StringDataFrameColumn("unit", rows.Select(r => r.Unit)),
            new StringDataFrameColumn("baseline", rows.Select(r => r.Baseline)),
            new DoubleDataFrameColumn("baseline_value", rows.Select(r => r.BaselineValue)),
            new DoubleDataFrameColumn("ratio", rows.Select(r => r.Ratio)),
            new DoubleDataFrameColumn("target", rows.Select(r => r.Target)),
            new BooleanDataFrameColumn("meets_target", rows.Select(r => r.Met)),
            new StringDataFrameColumn("note", rows.Select(r => r.Note)));
    }

    private static string? Str(JsonElement o, string key) => o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Num(JsonElement o, string key) => o.TryGetProperty(key, out var v) ? Number(v) : null;

    // Json.Line writes NaN and infinities as strings ("NaN").
    private static double? Number(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String => double.Parse(v.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.Null => null,
        _ => throw new FormatException($"expected a number, found {v.ValueKind}"),
    };
}
