// The n-gram baselines against hand-computed probabilities on a tiny corpus.
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.Reading;

namespace BabyLm.Corpus.Tests.Probes;

public sealed class NGramBaselineTests
{
    // 3 lines, 11 tokens: the dog barks . / the dogs bark . / a dog .
    private static readonly string[] Corpus = ["the dog barks .", "the dogs bark .", "a dog ."];
    private const double K = 0.5;
    private const double V = 7 + 1; // the dog barks . dogs bark a + unknown

    [Fact]
    public void Unigram_scores_are_sums_of_add_k_log_probabilities()
    {
        var m = NGramBaseline.Fit(Corpus, order: 1, k: K);
        Assert.Equal((7, 11L), (m.Types, m.Tokens));
        double p(int count) => Math.Log((count + K) / (11 + K * V));
        Assert.Equal(p(2) + p(2) + p(1) + p(3), m.Score("the dog barks ."), 12);
        Assert.Equal(p(2) + p(0), m.Score("the zebra"), 12); // unknown words share the unseen type
    }

    [Fact]
    public void Bigram_scores_condition_on_the_previous_word_from_a_sentence_start()
    {
        var m = NGramBaseline.Fit(Corpus, order: 2, k: K);
        // contexts: <s> 3, the 2, dog 2, dogs 1, barks 1, bark 1, a 1
        double p(int pair, int context) => Math.Log((pair + K) / (context + K * V));
        Assert.Equal(p(2, 3) + p(1, 2) + p(1, 2) + p(1, 1), m.Score("the dog barks ."), 12);
        Assert.Equal(p(2, 3) + p(1, 2) + p(0, 1) + p(1, 1), m.Score("the dogs barks ."), 12);
        Assert.True(m.Score("the dogs bark .") > m.Score("the dogs barks ."));
    }

    [Fact]
    public void Text_is_lower_cased_and_final_punctuation_split_off_like_the_corpus()
    {
        Assert.Equal(["raymond", "is", "selling", "this", "sketch", "."], NGramBaseline.Tokenize("Raymond is selling this sketch."));
        Assert.Equal(["what", "?", "!"], NGramBaseline.Tokenize("What?!"));
        Assert.Equal(["don't", "go", "."], NGramBaseline.Tokenize("don't  go ."));
        var m = NGramBaseline.Fit(Corpus, order: 2, k: K);
        Assert.Equal(m.Score("the dog barks ."), m.Score("The dog barks."), 12);
    }

    [Fact]
    public void Unigram_scores_every_permutation_of_a_sentence_exactly_alike()
    {
        // Counts 1..12 give twelve different log-probabilities; summed left to right, orders differ in the last bits.
        var lines = Enumerable.Range(1, 12).SelectMany(n => Enumerable.Repeat($"w{n}", n)).ToList();
        var m = NGramBaseline.Fit(lines, order: 1, k: K);
        var words = Enumerable.Range(1, 12).Select(n => $"w{n}").ToArray();
        double reference = m.Score(string.Join(' ', words));
        var rng = new Random(3);
        int naiveDiffers = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            var shuffled = words.OrderBy(_ => rng.Next()).ToArray();
            Assert.Equal(reference, m.Score(string.Join(' ', shuffled)));
            double naive = 0;
            foreach (var w in shuffled) naive += Math.Log((int.Parse(w[1..]) + K) / (78 + K * 13));
            if (naive != reference) naiveDiffers++;
        }
        Assert.True(naiveDiffers > 0, "the check is void: left-to-right sums never differed");
    }

    [Fact]
    public void Accuracy_counts_a_tie_as_half()
    {
        var m = NGramBaseline.Fit(Corpus, order: 1, k: K);
        var paradigm = new Paradigm
        {
            Uid = "x", Phenomenon = "x",
            Pairs = [new("the dog .", "the zebra ."), new("dog the .", "the dog ."), new("the zebra .", "the dog .")],
        };
        Assert.Equal((1 + 0.5 + 0) / 3, m.Accuracy(paradigm), 12);
    }

    [Fact]
    public void Fits_the_train_split_of_a_corpus_folder()
    {
        using var dir = new TempDir();
        dir.Write("c/train_10M/childes.train", string.Join("\n", Corpus) + "\n");
        dir.Write("c/dev/childes.dev", "zebra zebra zebra .\n");
        var m = NGramBaseline.Fit(CorpusLayout.Open(dir["c"]), order: 2, k: K);
        Assert.Equal(11, m.Tokens);
        Assert.Equal("bigram", m.Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => NGramBaseline.Fit(Corpus, order: 3));
    }
}
