// Reads BLiMP and BLiMP-supplement JSONL files (a folder of them, or one file). BLiMP records carry
// sentence_good, sentence_bad, field, linguistics_term, UID and pairID (extra keys are ignored); the
// supplement's carry only the two sentences. The UID is the file stem in both; phenomenon and field
// are normalised (`syntax/semantics` → syntax_semantics; `s-selection` → argument_structure, as the
// BLiMP paper counts it). Files may hold any number of pairs (BabyLM's filtered BLiMP keeps fewer than
// 1000). A malformed line is an error naming file and line; a folder without a usable file is an error.
using System.Text.Json;
using BabyLm.Core;

namespace BabyLm.Corpus.Probes;

public static class BlimpLoader
{
    public const string SupplementField = "supplement";

    public static ProbeSuite Load(string path)
    {
        var files = ListFiles(path, ".jsonl", "BLiMP");
        var paradigms = new List<Paradigm>();
        var notes = new List<string>();
        foreach (var file in files)
        {
            var p = LoadFile(file);
            if (p.Pairs.Count == 0) notes.Add($"{Path.GetFileName(file)}: no pairs (skipped)");
            else paradigms.Add(p);
        }
        if (paradigms.Count == 0)
        {
            throw new BabyLmException($"'{path}' holds no BLiMP pairs ({files.Count} .jsonl file(s), all empty)",
                "point blimp:<dir> at a folder of BLiMP or BLiMP-supplement .jsonl files");
        }
        string name = paradigms.All(p => p.Field == SupplementField) ? "blimp_supplement" : "blimp";
        return ProbeSuite.Create(name, new SuiteSpec(SuiteKind.Blimp, path).ToString(), paradigms, notes: notes);
    }

    /// <summary>One BLiMP (or supplement) file as a paradigm.</summary>
    public static Paradigm LoadFile(string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        var pairs = new List<MinimalPair>();
        string? phenomenon = null, field = null;
        bool supplement = true;
        int number = 0;
        foreach (var raw in ProbeFile.ReadLines(file))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(line); }
            catch (JsonException ex) { throw new BabyLmException($"{file}:{number}: not a JSON object: {ex.Message}"); }
            using (doc)
            {
                var o = doc.RootElement;
                if (o.ValueKind != JsonValueKind.Object) throw new BabyLmException($"{file}:{number}: not a JSON object");
                var good = RequiredString(o, "sentence_good", file, number);
                var bad = RequiredString(o, "sentence_bad", file, number);
                if (OptionalString(o, "linguistics_term") is { } term)
                {
                    phenomenon ??= NormalisePhenomenon(term);
                    supplement = false;
                }
                if (OptionalString(o, "field") is { } f)
                {
                    field ??= NormaliseField(f);
                    supplement = false;
                }
                if (o.TryGetProperty("UID", out _)) supplement = false;
                string? id = o.TryGetProperty("pairID", out var pid) ? pid.ValueKind switch
                {
                    JsonValueKind.String => pid.GetString(),
                    JsonValueKind.Number => pid.GetRawText(),
                    _ => null,
                } : null;
                pairs.Add(new MinimalPair(good, bad, id));
            }
        }
        return new Paradigm
        {
            Uid = stem,
            Phenomenon = phenomenon ?? stem,
            Field = supplement ? SupplementField : field,
            Pairs = pairs,
            SourceFile = file,
        };
    }

    /// <summary>Lower case; BLiMP's <c>s-selection</c> (the two animate_subject files) counts under argument_structure.</summary>
    public static string NormalisePhenomenon(string term)
    {
        var t = term.Trim().ToLowerInvariant().Replace(' ', '_');
        return t == "s-selection" ? "argument_structure" : t;
    }

    /// <summary>Lower case; <c>syntax/semantics</c> (one BLiMP file spells it so) → syntax_semantics.</summary>
    public static string NormaliseField(string field)
    {
        var f = field.Trim().ToLowerInvariant();
        return f is "syntax/semantics" or "syntax-semantics" or "syntax semantics" ? "syntax_semantics" : f;
    }

    private static string RequiredString(JsonElement o, string key, string file, int line)
    {
        if (!o.TryGetProperty(key, out var v)) throw new BabyLmException($"{file}:{line}: missing \"{key}\"", "BLiMP lines need sentence_good and sentence_bad");
        if (v.ValueKind != JsonValueKind.String) throw new BabyLmException($"{file}:{line}: \"{key}\" is not a string");
        var s = v.GetString()!;
        if (s.Trim().Length == 0) throw new BabyLmException($"{file}:{line}: \"{key}\" is empty");
        return s;
    }

    private static string? OptionalString(JsonElement o, string key)
        => o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The files a suite path names: the path itself if it is a file, else the folder's files with <paramref name="extension"/>.</summary>
    internal static List<string> ListFiles(string path, string extension, string what)
    {
        if (File.Exists(path)) return [Path.GetFullPath(path)];
        InputPath.RequireFolder(path, $"{what} path", $"give a folder of {what} {extension} files");
        var files = Directory.GetFiles(path)
            .Where(f => string.Equals(Path.GetExtension(f), extension, StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new BabyLmException($"'{path}' holds no {what} files (*{extension})", $"point the suite at a folder of {what} {extension} files");
        return files;
    }
}
