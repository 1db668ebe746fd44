// The vocabulary curriculum: tokens not yet allowed are replaced by <unk> in the model's inputs (never in
// its targets, never in the word count). The allowed set grows with d = g(progress) of vocab_pacing:
//   id   token ids ≤ d·|V| (BPE ids ≈ frequency order after the specials and the 256 bytes)
//   pos  classes in the order noun (proper nouns included), verb, adjective, adverb, pronoun, determiner,
//        preposition, conjunction, then any other class the corpus names (alphabetically: auxiliary, intj,
//        num, part, …), then "other" (tokens of no classified word); the first max(1, ⌊d·K⌋) of the K
//        classes present are allowed, and a token is allowed when any word it is part of is. UPOS and
//        Penn tags map onto these names. Punctuation (class punct, or tokens of punctuation bytes only)
//        is always allowed: it shapes every utterance; dropping it would change the task, not its vocabulary.
// Special tokens are always allowed. Pure: the allowed set is a function of progress alone.
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Curricula;

public sealed class VocabularySchedule
{
    /// <summary>The order classes are unlocked in, by canonical name; aliases below map tag sets onto them.</summary>
    public static readonly IReadOnlyList<string> ClassOrder =
        ["noun", "verb", "adjective", "adverb", "pronoun", "determiner", "preposition", "conjunction"];

    private static readonly Dictionary<string, string> s_aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["n"] = "noun", ["nn"] = "noun", ["nns"] = "noun", ["propn"] = "noun", ["proper"] = "noun", ["proper_noun"] = "noun", ["name"] = "noun",
        ["v"] = "verb", ["vb"] = "verb",
        ["adj"] = "adjective", ["jj"] = "adjective",
        ["aux"] = "auxiliary", ["md"] = "auxiliary", ["modal"] = "auxiliary",
        ["adv"] = "adverb", ["rb"] = "adverb",
        ["pron"] = "pronoun", ["prp"] = "pronoun",
        ["det"] = "determiner", ["dt"] = "determiner", ["article"] = "determiner", ["demonstrative"] = "determiner",
        ["prep"] = "preposition", ["adp"] = "preposition",
        ["conj"] = "conjunction", ["cc"] = "conjunction", ["cconj"] = "conjunction", ["sconj"] = "conjunction",
        ["punctuation"] = Punct, ["."] = Punct,
    };

    public const string Other = "other";
    /// <summary>The punctuation class: always allowed.</summary>
    public const string Punct = "punct";

    private readonly string _mode;
    private readonly string _pacing;
    private readonly PacingParams _params;
    private readonly int _vocab;
    private readonly int[] _rank = [];   // pos: per token, 1-based class position; 0 = always allowed

    private VocabularySchedule(string mode, string pacing, PacingParams p, int vocab, int[] rank, IReadOnlyList<string> classes)
    {
        _mode = mode;
        _pacing = pacing;
        _params = p;
        _vocab = vocab;
        _rank = rank;
        Classes = classes;
    }

    /// <summary>pos mode: the classes in unlock order (K = Count).</summary>
    public IReadOnlyList<string> Classes { get; }

    public bool Active => _mode != "none";

    public static VocabularySchedule Create(string mode, string pacing, PacingParams p, int vocab, TokenClasses? classes, BpeTokenizer? tokenizer, string shardDir)
    {
        if (mode != "pos") return new VocabularySchedule(mode, pacing, p, vocab, [], []);
        if (classes is null)
            throw new BabyLmException(
                $"curriculum.vocab: pos needs part-of-speech data, and this corpus has none ({Path.Combine(shardDir, ShardSidecars.TokenClassesFile)} is missing)",
                $"the built-in synthetic corpus carries it (babylm corpus synth), as does any corpus with a {ShardSidecars.WordClassesFile} beside its text; use vocab: id otherwise");
        if (classes.TokenMasks.Length != vocab)
            throw new BabyLmException($"{Path.Combine(shardDir, ShardSidecars.TokenClassesFile)} covers {classes.TokenMasks.Length} tokens, the vocabulary has {vocab}",
                "delete the shard folder and prepare again");
        var canonical = classes.Classes.Select(Canonical).ToList();
        var order = ClassOrder.Where(canonical.Contains)
            .Concat(canonical.Where(c => !ClassOrder.Contains(c) && c != Punct).Distinct().Order(StringComparer.Ordinal)).ToList();
        bool anyOther = false;
        var rank = new int[vocab];
        for (int t = 0; t < vocab; t++)
        {
            if (t < BpeTokenizer.ByteOffset || (tokenizer is not null && IsPunctuation(tokenizer.TokenBytes(t)))) continue;
            long mask = classes.TokenMasks[t];
            int best = int.MaxValue;
            for (int i = 0; i < canonical.Count; i++)
                if ((mask & (1L << i)) != 0) best = Math.Min(best, canonical[i] == Punct ? 0 : order.IndexOf(canonical[i]) + 1);
            if (best == int.MaxValue) { best = order.Count + 1; anyOther = true; }
            rank[t] = best;
        }
        if (anyOther) order.Add(Other);
        return new VocabularySchedule(mode, pacing, p, vocab, rank, order);
    }

    /// <summary>The canonical name of a class tag (lower case, aliases resolved).</summary>
    public static string Canonical(string tag)
    {
        var t = tag.Trim().ToLowerInvariant();
        return s_aliases.TryGetValue(t, out var c) ? c : t;
    }

    private static bool IsPunctuation(ReadOnlySpan<byte> token)
    {
        bool any = false;
        foreach (byte b in token)
        {
            if (b == ' ') continue;
            if (b >= 0x80 || char.IsLetterOrDigit((char)b) || b < 0x21) return false;
            any = true;
        }
        return any;
    }

    public double Difficulty(double progress) => Active ? Pacing.Difficulty(_pacing, progress, _params) : 1.0;

    /// <summary>id mode: the largest allowed id; pos mode: the number of allowed classes.</summary>
    public double Limit(double progress)
    {
        double d = Difficulty(progress);
        return _mode == "pos" ? Math.Max(1, Math.Floor(d * Classes.Count)) : d * _vocab;
    }

    public bool Allowed(int token, double limit) => _mode switch
    {
        "id" => token < BpeTokenizer.ByteOffset || token <= limit,
        "pos" => _rank[token] <= limit,
        _ => true,
    };

    /// <summary>Replaces tokens not yet allowed by &lt;unk&gt;, in place.</summary>
    public void Filter(Span<int> tokens, double progress, int unkId)
    {
        if (!Active) return;
        double limit = Limit(progress);
        for (int i = 0; i < tokens.Length; i++) if (!Allowed(tokens[i], limit)) tokens[i] = unkId;
    }

    /// <summary>The share of the vocabulary allowed at this progress (for `curriculum show`).</summary>
    public double AllowedShare(double progress)
    {
        if (!Active) return 1.0;
        double limit = Limit(progress);
        int allowed = 0;
        for (int t = 0; t < _vocab; t++) if (Allowed(t, limit)) allowed++;
        return (double)allowed / _vocab;
    }
}
