// The corpus-level difficulty scorers: one score per utterance of the train split, lower = easier.
//   length              BabyLM words of the utterance
//   unigram-perplexity  token unigram model fit on the train split (NgramScores)
//   bigram-perplexity   token bigram model fit on the train split (NgramScores)
//   lexical-diversity   Guiraud's R over words (WordScores)
//   word-rarity         mean −ln relative word frequency (WordScores)
//   age                 position in corpus order (0-based): age order for AO-CHILDES-style files and for
//                       the synthetic `childes` source, which is written in non-decreasing age stage
//   source              rank of the utterance's source under curriculum.sources (SourceOrders)
// The ones that read tokens are cached beside the shard (ScoreCache); the others cost one pass over the
// utterance records. self-perplexity is not here: it needs the model (see SelfPerplexity).
using BabyLm.Core;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Curricula;

/// <summary>What a scorer may need besides the shard.</summary>
public sealed record ScoringInputs
{
    /// <summary>The shard's tokenizer (word-level scorers read token bytes; every cache key names it).</summary>
    public BpeTokenizer? Tokenizer { get; init; }
    /// <summary>Rank of each source (indexed like the shard's source ids), for the source scorer.</summary>
    public int[]? SourceRanks { get; init; }
    public int Threads { get; init; }
    public Action<string>? Log { get; init; }
}

public static class DifficultyScorers
{
    public static readonly IReadOnlyList<string> CorpusLevel =
        ["length", "unigram-perplexity", "bigram-perplexity", "lexical-diversity", "word-rarity", "age", "source"];

    /// <summary>Definition versions of the scorers whose scores are cached; bump one when its definition changes.</summary>
    private static readonly Dictionary<string, int> s_cachedVersions = new(StringComparer.Ordinal)
    {
        ["unigram-perplexity"] = 1, ["bigram-perplexity"] = 1, ["lexical-diversity"] = 1, ["word-rarity"] = 1,
    };

    /// <summary>The scores of <paramref name="scorer"/>, from the cache beside the shard when current.</summary>
    public static double[] Get(string scorer, TokenShard shard, ScoringInputs inputs)
    {
        Suggest.Check("scorer", scorer, CorpusLevel);
        if (!s_cachedVersions.TryGetValue(scorer, out int version)) return Compute(scorer, shard, inputs);
        var tokenizer = inputs.Tokenizer ?? throw new ArgumentException($"scorer {scorer} needs the shard's tokenizer", nameof(inputs));
        return ScoreCache.GetOrCompute(shard, scorer, version, tokenizer.ContentHash(), () => Compute(scorer, shard, inputs), inputs.Log);
    }

    /// <summary>The scores of <paramref name="scorer"/>, computed now (no cache).</summary>
    public static double[] Compute(string scorer, TokenShard shard, ScoringInputs inputs)
    {
        BpeTokenizer Tokenizer() => inputs.Tokenizer ?? throw new ArgumentException($"scorer {scorer} needs the shard's tokenizer", nameof(inputs));
        var records = shard.Records;
        switch (scorer)
        {
            case "length":
            {
                var s = new double[records.Length];
                for (int u = 0; u < s.Length; u++) s[u] = records[u].Words;
                return s;
            }
            case "age":
            {
                var s = new double[records.Length];
                for (int u = 0; u < s.Length; u++) s[u] = u;
                return s;
            }
            case "source":
            {
                var ranks = inputs.SourceRanks ?? throw new ArgumentException("scorer source needs the source ranks", nameof(inputs));
                var s = new double[records.Length];
                for (int u = 0; u < s.Length; u++) s[u] = ranks[records[u].Source];
                return s;
            }
            case "unigram-perplexity": return NgramScores.Unigram(shard, inputs.Threads);
            case "bigram-perplexity": return NgramScores.Bigram(shard, inputs.Threads);
            case "lexical-diversity": return WordScores.Diversity(shard, Tokenizer(), inputs.Threads);
            case "word-rarity": return WordScores.Rarity(shard, Tokenizer(), inputs.Threads);
            default: throw new BabyLmException(Suggest.Unknown("scorer", scorer, CorpusLevel));
        }
    }
}
