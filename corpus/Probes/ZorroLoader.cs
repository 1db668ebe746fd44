// Reads a Zorro folder: one paradigm per `<phenomenon>-<paradigm>.txt`, where the phenomenon may itself
// contain '-' or '_' (filler-gap, island-effects, agreement_subject_verb), so known phenomenon prefixes
// are matched, longest first. Consecutive lines form a pair: the odd line (1st, 3rd, …) is the
// ungrammatical sentence, the even line the grammatical one. Files without a known prefix are skipped
// with a note; a folder where none is recognised is an error, as is a malformed file (blank line inside,
// odd number of lines), named with its line.
namespace BabyLm.Corpus.Probes;

public static class ZorroLoader
{
    /// <summary>Zorro's 13 phenomena (file-name prefixes).</summary>
    public static readonly IReadOnlyList<string> Phenomena =
    [
        "agreement_determiner_noun", "agreement_subject_verb", "anaphor_agreement", "argument_structure", "binding",
        "case", "ellipsis", "filler-gap", "irregular", "island-effects", "local_attractor", "npi_licensing", "quantifiers",
    ];

    public static ProbeSuite Load(string path)
    {
        var files = BlimpLoader.ListFiles(path, ".txt", "Zorro");
        var paradigms = new List<Paradigm>();
        var notes = new List<string>();
        foreach (var file in files)
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            var phenomenon = PhenomenonOf(stem);
            if (phenomenon is null)
            {
                notes.Add($"{Path.GetFileName(file)}: no known Zorro phenomenon prefix (skipped)");
                continue;
            }
            paradigms.Add(new Paradigm { Uid = stem, Phenomenon = phenomenon, Pairs = ReadPairs(file), SourceFile = file });
        }
        if (paradigms.Count == 0)
        {
            throw new BabyLmException($"'{path}' holds no Zorro files: none of its {files.Count} .txt file(s) is named <phenomenon>-<paradigm>.txt",
                "known phenomena: " + string.Join(", ", Phenomena));
        }
        return ProbeSuite.Create("zorro", new SuiteSpec(SuiteKind.Zorro, path).ToString(), paradigms, notes: notes);
    }

    /// <summary>The phenomenon prefix of a Zorro file stem (<c>filler-gap-wh_question_object</c> → filler-gap), or null.</summary>
    public static string? PhenomenonOf(string stem)
        => Phenomena.OrderByDescending(p => p.Length)
            .FirstOrDefault(p => stem.StartsWith(p + "-", StringComparison.Ordinal) && stem.Length > p.Length + 1);

    private static List<MinimalPair> ReadPairs(string file)
    {
        var lines = ProbeFile.ReadLines(file).Select(l => l.TrimEnd('\r', ' ', '\t')).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length == 0)
                throw new BabyLmException($"{file}:{i + 1}: blank line inside a Zorro file", "Zorro files hold pairs on consecutive lines: ungrammatical, then grammatical");
        }
        if (lines.Count == 0) throw new BabyLmException($"{file}: empty Zorro file");
        if (lines.Count % 2 != 0)
        {
            throw new BabyLmException($"{file}:{lines.Count}: odd number of lines ({lines.Count}): the last sentence has no partner",
                "Zorro files hold pairs on consecutive lines: ungrammatical (odd lines), then grammatical (even lines)");
        }
        var pairs = new List<MinimalPair>(lines.Count / 2);
        for (int i = 0; i < lines.Count; i += 2)
            pairs.Add(new MinimalPair(Good: lines[i + 1].Trim(), Bad: lines[i].Trim(), Id: (i / 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return pairs;
    }
}
