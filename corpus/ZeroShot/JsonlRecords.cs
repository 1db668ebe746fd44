// Reading the official task files: JSONL, one JSON object per line (blank lines skipped), as the
// pipeline's read_files.py reads them. Every problem is an error naming the file and line, what was
// wrong, and which keys the format has; unknown keys are tolerated.
using System.Globalization;
using System.Text.Json;

namespace BabyLm.Corpus.ZeroShot;

/// <summary>One line of a task file, with typed accessors that fail with the file, line and format named.</summary>
public readonly struct JsonlRecord(JsonElement obj, string file, int line, string format)
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public JsonElement Object { get; } = obj;

    public BabyLmException Error(string what) => new($"{File}:{Line}: {what}", format);

    public bool Has(string key) => Object.TryGetProperty(key, out _);

    /// <summary>A string value that must be there and hold text.</summary>
    public string String(string key)
    {
        if (!Object.TryGetProperty(key, out var v)) throw Error($"missing \"{key}\"");
        if (v.ValueKind != JsonValueKind.String) throw Error($"\"{key}\" is not a string ({v.ValueKind.ToString().ToLowerInvariant()})");
        var s = v.GetString()!;
        if (s.Trim().Length == 0) throw Error($"\"{key}\" is empty");
        return s;
    }

    public string? OptionalString(string key)
        => Object.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A list of non-empty strings, at least <paramref name="min"/> of them.</summary>
    public IReadOnlyList<string> Strings(string key, int min)
    {
        if (!Object.TryGetProperty(key, out var v)) throw Error($"missing \"{key}\"");
        if (v.ValueKind != JsonValueKind.Array) throw Error($"\"{key}\" is not a list of strings");
        var list = new List<string>();
        foreach (var e in v.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String) throw Error($"\"{key}\"[{list.Count}] is not a string");
            var s = e.GetString()!;
            if (s.Trim().Length == 0) throw Error($"\"{key}\"[{list.Count}] is empty");
            list.Add(s);
        }
        if (list.Count < min) throw Error($"\"{key}\" has {list.Count} entr{(list.Count == 1 ? "y" : "ies")}; at least {min} are needed");
        return list;
    }

    /// <summary>A finite number, written as a JSON number or as a numeric string (the pipeline reads both with float()).</summary>
    public double Number(string key)
    {
        if (!Object.TryGetProperty(key, out var v)) throw Error($"missing \"{key}\"");
        double x;
        if (v.ValueKind == JsonValueKind.Number) x = v.GetDouble();
        else if (v.ValueKind != JsonValueKind.String || !double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out x))
            throw Error($"\"{key}\" is not a number ({v.GetRawText()})");
        if (!double.IsFinite(x)) throw Error($"\"{key}\" is not a finite number ({v.GetRawText()})");
        return x;
    }

    /// <summary>A non-negative whole number, written as a JSON number or a string of digits.</summary>
    public int Count(string key)
    {
        if (!Object.TryGetProperty(key, out var v)) throw Error($"missing \"{key}\"");
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n >= 0) return n;
        if (v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n)) return n;
        throw Error($"\"{key}\" is not a non-negative whole number ({v.GetRawText()})");
    }
}

public static class JsonlRecords
{
    /// <summary>Every non-blank line of <paramref name="file"/> as a JSON object; <paramref name="format"/> is the hint on errors.</summary>
    public static IEnumerable<JsonlRecord> Read(string file, string format)
    {
        int number = 0;
        foreach (var raw in System.IO.File.ReadLines(file))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(line); }
            catch (JsonException ex) { throw new BabyLmException($"{file}:{number}: not a JSON object: {ex.Message}", format); }
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new BabyLmException($"{file}:{number}: not a JSON object", format);
            }
            // Values are read before the next line is parsed; the clone outlives the document.
            var obj = doc.RootElement.Clone();
            doc.Dispose();
            yield return new JsonlRecord(obj, file, number, format);
        }
    }

    /// <summary>The .jsonl files a task path names: the path itself if it is a file, else the folder's, sorted by name.</summary>
    public static List<string> Files(string path, string task, string expected)
    {
        if (System.IO.File.Exists(path)) return [Path.GetFullPath(path)];
        if (!Directory.Exists(path))
            throw new BabyLmException($"{task} path '{path}' does not exist", $"give the folder of {task} .jsonl files ({expected})");
        var files = Directory.GetFiles(path)
            .Where(f => string.Equals(Path.GetExtension(f), ".jsonl", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).Select(Path.GetFullPath).ToList();
        if (files.Count == 0)
            throw new BabyLmException($"'{path}' holds no {task} files (*.jsonl)", $"point {task} at a folder of .jsonl files ({expected})");
        return files;
    }

    /// <summary>True when a task folder is a fast_eval subsample: its name ends in _fast or its parent is fast_eval.</summary>
    public static bool IsFast(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        if (System.IO.File.Exists(full)) full = Path.GetDirectoryName(full)!;
        return Path.GetFileName(full).EndsWith("_fast", StringComparison.Ordinal)
            || Path.GetFileName(Path.GetDirectoryName(full) ?? "") == "fast_eval";
    }
}
