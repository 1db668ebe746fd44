// The corpus-level scorers against plain references (dictionaries over token lists; whitespace words of
// the decoded text), and the score cache: written once, read back, recomputed when stale or damaged,
// and keyed on the shard's bytes.
using BabyLm.Corpus.Curricula;
using BabyLm.Corpus.Shards;

namespace BabyLm.Corpus.Tests.Curricula;

public sealed class ScorerTests(CurriculumFixture fx) : IClassFixture<CurriculumFixture>
{
    // Sums of ~10 logs in a different association order: a few ulps of relative error.
    private const double Tolerance = 1e-10;

    private List<int[]> AllTokens() => Enumerable.Range(0, fx.Train.Count).Select(fx.Train.Tokens).ToList();

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * Math.Abs(expected[i]), $"utterance {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Fact]
    public void UnigramPerplexity_MatchesTheReference()
        => AssertClose(NgramScores.UnigramReference(AllTokens(), fx.Train.VocabSize), NgramScores.Unigram(fx.Train, 2));

    [Fact]
    public void BigramPerplexity_MatchesTheReference_AndIsBelowUnigramOnAverage()
    {
        var bigram = NgramScores.Bigram(fx.Train, 2);
        AssertClose(NgramScores.BigramReference(AllTokens(), fx.Train.VocabSize), bigram);
        Assert.True(bigram.Average() < NgramScores.Unigram(fx.Train).Average());
    }

    [Fact]
    public void WordScores_MatchTheReferenceOnTheDecodedText()
    {
        var texts = AllTokens().Select(t => fx.Tokenizer.Decode(t)).ToList();
        var (rarity, diversity) = WordScores.Reference(texts);
        AssertClose(rarity, WordScores.Rarity(fx.Train, fx.Tokenizer, 2));
        AssertClose(diversity, WordScores.Diversity(fx.Train, fx.Tokenizer, 2));
    }

    [Fact]
    public void Scores_DoNotDependOnTheThreadCount()
    {
        foreach (var scorer in DifficultyScorers.CorpusLevel.Where(s => s != "source"))
        {
            var one = DifficultyScorers.Compute(scorer, fx.Train, new ScoringInputs { Tokenizer = fx.Tokenizer, Threads = 1 });
            var two = DifficultyScorers.Compute(scorer, fx.Train, new ScoringInputs { Tokenizer = fx.Tokenizer, Threads = 2 });
            Assert.Equal(one, two);
        }
    }

    [Fact]
    public void LengthAgeAndSource_AreWordsPositionAndRank()
    {
        var inputs = new ScoringInputs { Tokenizer = fx.Tokenizer, SourceRanks = [3, 1, 2] };
        var length = DifficultyScorers.Compute("length", fx.Train, inputs);
        var age = DifficultyScorers.Compute("age", fx.Train, inputs);
        var source = DifficultyScorers.Compute("source", fx.Train, inputs);
        for (int u = 0; u < fx.Train.Count; u++)
        {
            Assert.Equal(fx.Train[u].Words, length[u]);
            Assert.Equal(u, age[u]);
            Assert.Equal(new[] { 3, 1, 2 }[fx.Train[u].Source], source[u]);
        }
    }

    [Fact]
    public void ScoreCache_IsWrittenOnce_ReadBack_AndReplacedWhenStaleOrDamaged()
    {
        var inputs = new ScoringInputs { Tokenizer = fx.Tokenizer };
        var path = ScoreCache.PathFor(fx.TrainDir, "word-rarity");
        File.Delete(path);
        var fresh = DifficultyScorers.Get("word-rarity", fx.Train, inputs);
        Assert.True(File.Exists(path));
        Assert.Equal(ScoreCache.HeaderBytes + 8L * fx.Train.Count, new FileInfo(path).Length);

        // A current file is what Get returns: plant recognisable scores under the right key.
        var key = ScoreCache.Key(fx.Train, "word-rarity", 1, fx.Tokenizer.ContentHash());
        var planted = fresh.Select(s => s + 1000).ToArray();
        ScoreCache.Write(path, key, planted);
        Assert.Equal(planted, DifficultyScorers.Get("word-rarity", fx.Train, inputs));

        // Under another key (another shard or scorer version) it is stale: recomputed and replaced.
        var otherKey = (byte[])key.Clone();
        otherKey[0] ^= 1;
        ScoreCache.Write(path, otherKey, planted);
        Assert.Equal(fresh, DifficultyScorers.Get("word-rarity", fx.Train, inputs));
        Assert.Equal(fresh, ScoreCache.TryRead(path, key, fx.Train.Count));

        // Truncated: recomputed too.
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^8]);
        Assert.Equal(fresh, DifficultyScorers.Get("word-rarity", fx.Train, inputs));
    }

    [Fact]
    public void ScoreCacheKey_ChangesWithTheShardBytes_TheScorerAndItsVersion()
    {
        using var dir = new TempDir();
        foreach (var f in new[] { ShardFiles.Tokens, ShardFiles.Utterances })
            File.Copy(Path.Combine(fx.TrainDir, f), Path.Combine(dir.Path, f));
        using (var copy = TokenShard.Open(dir.Path))
        {
            var key = ScoreCache.Key(copy, "unigram-perplexity", 1, "tok");
            Assert.Equal(key, ScoreCache.Key(fx.Train, "unigram-perplexity", 1, "tok"));
            Assert.NotEqual(key, ScoreCache.Key(copy, "bigram-perplexity", 1, "tok"));
            Assert.NotEqual(key, ScoreCache.Key(copy, "unigram-perplexity", 2, "tok"));
            Assert.NotEqual(key, ScoreCache.Key(copy, "unigram-perplexity", 1, "other tokenizer"));
        }
        // Swap two different tokens of the first utterance (ids stay valid): same sizes, new key.
        var tokensPath = Path.Combine(dir.Path, ShardFiles.Tokens);
        var bytes = File.ReadAllBytes(tokensPath);
        int i = ShardFormat.HeaderBytes;
        int j = i + 2;
        while (bytes[j] == bytes[i] && bytes[j + 1] == bytes[i + 1]) j += 2;
        (bytes[i], bytes[i + 1], bytes[j], bytes[j + 1]) = (bytes[j], bytes[j + 1], bytes[i], bytes[i + 1]);
        File.WriteAllBytes(tokensPath, bytes);
        using var changed = TokenShard.Open(dir.Path);
        Assert.NotEqual(ScoreCache.Key(fx.Train, "unigram-perplexity", 1, "tok"), ScoreCache.Key(changed, "unigram-perplexity", 1, "tok"));
    }
}
