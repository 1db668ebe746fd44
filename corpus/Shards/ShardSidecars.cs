// Annotations a corpus can carry beside its text, and what `corpus prepare` makes of them:
//   <file>.stages         one integer per line of <file> (the synthetic `childes` source writes
//                         childes.<split>.stages): the utterance's age stage (≥ 1; 0 = none), stored in
//                         its record's Aux; read it back with AgeStage.
//   word classes          the part of speech of each word: a `word-classes.tsv` in the corpus root
//                         (`word<TAB>class` per line, '#' starts a comment, a word may have several
//                         lines; WriteWordClasses writes one) for any corpus tagged elsewhere, or — for a
//                         corpus of the built-in language (its corpus.json names the generator) — every
//                         form of the built-in lexicon with its UPOS tags.
//   train/token-classes.json  written by prepare when the corpus has word classes: for every token id,
//                         the set of classes of the words it is part of (a bit mask), so a vocabulary
//                         curriculum can unlock tokens by part of speech.
// Sidecar bytes are part of the shard cache key, so changing them re-prepares the shards.
using System.Text;
using BabyLm.Core;
using BabyLm.Corpus.Language;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Shards;

/// <summary>train/token-classes.json: the word classes each token id takes part in.</summary>
public sealed record TokenClasses
{
    public const string FormatName = "babylm-token-classes";
    public string Format { get; init; } = FormatName;
    public int Version { get; init; } = 1;
    /// <summary>Class names as the corpus spells them (at most 63); bit i of a mask is Classes[i].</summary>
    public required IReadOnlyList<string> Classes { get; init; }
    /// <summary>Per token id: a bit mask of the classes of the words it occurs in (0: no classified word uses it).</summary>
    public required long[] TokenMasks { get; init; }
}

public static class ShardSidecars
{
    public const string StagesSuffix = ".stages";
    public const string WordClassesFile = "word-classes.tsv";
    public const string TokenClassesFile = "token-classes.json";

    /// <summary>The age stage of an utterance, or null when its corpus gave none.</summary>
    public static int? AgeStage(in UtteranceRecord r) => r.Aux > 0 ? r.Aux : null;

    /// <summary>The stages sidecar of a corpus file, if present: stages[line − 1].</summary>
    public static int[]? ReadStages(string corpusFile)
    {
        var path = corpusFile + StagesSuffix;
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllLines(path);
        var stages = new int[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            if (!int.TryParse(lines[i].Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int s) || s < 0 || s == int.MaxValue)
                throw new BabyLmException($"{path}:{i + 1}: '{lines[i]}' is not an age stage (a non-negative integer)");
            stages[i] = s;
        }
        return stages;
    }

    /// <summary>The record Aux of the utterance on <paramref name="line"/> (1-based) given a file's stages.</summary>
    public static int AuxOf(int[]? stages, long line, string corpusFile)
    {
        if (stages is null) return 0;
        if (line > stages.Length)
            throw new BabyLmException($"{corpusFile}{StagesSuffix} has {stages.Length} lines but {corpusFile} has an utterance on line {line}",
                "the stages sidecar needs one integer per line of its corpus file");
        return stages[line - 1];
    }

    /// <summary>A hash over the sidecars of the files prepared (and the word classes), or null when there are none.</summary>
    public static string? Hash(CorpusLayout layout, IEnumerable<CorpusFile> files)
    {
        var paths = files.Select(f => f.Path + StagesSuffix).Append(Path.Combine(layout.Root, WordClassesFile))
            .Where(File.Exists).ToList();
        bool builtin = UsesBuiltinLexicon(layout);
        if (paths.Count == 0 && !builtin) return null;
        var h = new Hashing.Builder();
        foreach (var p in paths) h.Add(Path.GetRelativePath(layout.Root, p).Replace('\\', '/'), Hashing.FileSha256Hex(p));
        if (builtin) h.Add("lexicon", Lexicon.Builtin.ContentHash);
        return h.Hex();
    }

    /// <summary>Writes <c>corpusRoot/word-classes.tsv</c> (atomically), one line per (word, class), in the order given.</summary>
    public static void WriteWordClasses(string corpusRoot, IEnumerable<(string Word, string Class)> classes)
    {
        var sb = new StringBuilder("# word<TAB>part of speech, read by `babylm corpus prepare` for vocabulary curricula\n");
        foreach (var (word, cls) in classes)
        {
            if (word.Length == 0 || word.Any(char.IsWhiteSpace) || cls.Any(c => c is '\t' or '\n'))
                throw new ArgumentException($"word '{word}' / class '{cls}' cannot be written as a TSV line", nameof(classes));
            sb.Append(word).Append('\t').Append(cls).Append('\n');
        }
        AtomicFile.WriteAllText(Path.Combine(corpusRoot, WordClassesFile), sb.ToString());
    }

    /// <summary>A corpus of the built-in language with no word-classes.tsv of its own: its classes come from the built-in lexicon.</summary>
    public static bool UsesBuiltinLexicon(CorpusLayout layout)
        => layout.Kind != LayoutKind.SingleFile && !File.Exists(Path.Combine(layout.Root, WordClassesFile))
           && CorpusManifest.TryRead(layout.Root)?.Generator?["name"]?.GetValue<string>() == SyntheticCorpus.GeneratorName;

    /// <summary>word → classes of every form of the built-in lexicon (UPOS tags in lower case, most frequent reading first).</summary>
    public static IReadOnlyDictionary<string, List<string>> BuiltinWordClasses()
    {
        var lexicon = Lexicon.Builtin;
        return lexicon.Forms.ToDictionary(f => f, f => lexicon.PartsOfSpeech(f).Select(p => p.ToString().ToLowerInvariant()).ToList(),
            StringComparer.Ordinal);
    }

    /// <summary>word → classes from the corpus's word-classes.tsv or (built-in language) the lexicon; null when it has none.</summary>
    public static IReadOnlyDictionary<string, List<string>>? ReadWordClasses(CorpusLayout layout)
    {
        var path = Path.Combine(layout.Root, WordClassesFile);
        if (!File.Exists(path)) return UsesBuiltinLexicon(layout) ? BuiltinWordClasses() : null;
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        int n = 0;
        foreach (var raw in File.ReadLines(path, Encoding.UTF8))
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split('\t');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Trim().Length == 0)
                throw new BabyLmException($"{path}:{n}: expected `word<TAB>class`, got '{line}'");
            var list = map.TryGetValue(parts[0], out var l) ? l : map[parts[0]] = [];
            var cls = parts[1].Trim();
            if (!list.Contains(cls)) list.Add(cls);
        }
        return map;
    }

    /// <summary>
    /// The classes of each token id: a word's classes go to every token of its encoding as it appears in
    /// text (after a space, and at the start of a line).
    /// </summary>
    public static TokenClasses BuildTokenClasses(IReadOnlyDictionary<string, List<string>> wordClasses, BpeTokenizer tokenizer)
    {
        var classes = new List<string>();
        var masks = new long[tokenizer.VocabSize];
        foreach (var (word, list) in wordClasses.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            long mask = 0;
            foreach (var c in list)
            {
                int i = classes.IndexOf(c);
                if (i < 0)
                {
                    if (classes.Count == 63) throw new BabyLmException($"{WordClassesFile} names more than 63 word classes");
                    classes.Add(c);
                    i = classes.Count - 1;
                }
                mask |= 1L << i;
            }
            foreach (int t in tokenizer.Encode(word)) masks[t] |= mask;
            foreach (int t in tokenizer.Encode(" " + word)) masks[t] |= mask;
        }
        return new TokenClasses { Classes = classes, TokenMasks = masks };
    }

    public static void WriteTokenClasses(string splitDir, TokenClasses classes) => Json.WriteFile(Path.Combine(splitDir, TokenClassesFile), classes);

    /// <summary>The token classes of a prepared split folder, or null when its corpus carried none.</summary>
    public static TokenClasses? ReadTokenClasses(string splitDir)
    {
        var path = Path.Combine(splitDir, TokenClassesFile);
        if (!File.Exists(path)) return null;
        var tc = Json.ReadFile<TokenClasses>(path, "token classes file");
        if (tc.Format != TokenClasses.FormatName || tc.Version != 1 || tc.Classes is null || tc.TokenMasks is null)
            throw new BabyLmException($"{path}: not a token classes file of this version", "delete the shard folder and prepare again");
        return tc;
    }
}
