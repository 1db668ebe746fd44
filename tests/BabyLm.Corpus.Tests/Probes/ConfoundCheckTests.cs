// ConfoundCheck against figures worked out by hand on a three-line corpus and a byte-level tokenizer
// (no merges: a sentence's tokens are its bytes), with each limit crossed by one paradigm and met by
// another; and the final-mark model against counts.
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Tests.Probes;

public sealed class ConfoundCheckTests
{
    // 3 utterances, all ending in ".": the dog barks . / the dogs bark . / a dog .
    internal static readonly string[] Corpus = ["the dog barks .", "the dogs bark .", "a dog ."];

    internal static SurfaceReference Reference() => new(NGramBaseline.Fit(Corpus, 1), NGramBaseline.Fit(Corpus, 2), FinalMarks.Fit(Corpus),
        BpeTokenizer.FromMerges([]), "three lines", "bytes");

    /// <summary>
    /// Four pairs, by hand (k = 0.1; unigram counts the 2, dog 2, . 3, barks 1, dogs 1, bark 1, a 1; "?" unseen):
    /// <list type="bullet">
    /// <item>the dog barks . / the dog . — bad shorter (4 vs 3 words, 15 vs 9 bytes); same mark; the unigram and the
    /// bigram prefer bad (one factor fewer; the bigram's p(barks|dog)·p(.|barks) &lt; p(.|dog), as p(barks|dog) = p(.|dog)).</item>
    /// <item>a dog ? / a dog . — same length; marks differ and "." ends 3 of 3 utterances: punctuation, unigram and bigram prefer bad.</item>
    /// <item>dogs bark . / bark dogs . — a permutation: ties for length, mark and unigram; the bigram has seen dogs→bark→. only.</item>
    /// <item>the dog . / the dog barks . — the first pair reversed: good shorter, and every scorer prefers it.</item>
    /// </list>
    /// </summary>
    internal static readonly MinimalPair[] MixedPairs =
    [
        new("the dog barks .", "the dog ."), new("a dog ?", "a dog ."), new("dogs bark .", "bark dogs ."), new("the dog .", "the dog barks ."),
    ];

    /// <summary>One pair: same words but dog (2) for dogs (1): the unigram prefers good; good has a byte fewer.</summary>
    internal static readonly MinimalPair[] FrequentPairs = [new("the dog barks .", "the dogs barks .")];

    [Fact]
    public void Every_cue_scores_what_was_worked_out_by_hand()
    {
        var suite = ProbeSuite.Create("t", "t", [
            new Paradigm { Uid = "mixed", Phenomenon = "x", Pairs = MixedPairs },
            new Paradigm { Uid = "frequent", Phenomenon = "x", Pairs = FrequentPairs },
            new Paradigm { Uid = "bytes", Phenomenon = "y", Pairs = [new("the dogs bark .", "the dogs barks .")] },
        ]);
        var r = ConfoundCheck.Run(suite, Reference());
        var mixed = r.Paradigms[0];
        Assert.Equal(4, mixed.Pairs);
        Assert.Equal(2 / 4.0, mixed.LengthDiffering);
        Assert.Equal((0 + 0.5 + 0.5 + 1) / 4, mixed.ShorterInWords);
        Assert.Equal((0 + 0.5 + 0.5 + 1) / 4, mixed.ShorterInTokens);
        Assert.Equal(1 / 4.0, mixed.PunctuationDiffering);
        Assert.Equal((0.5 + 0 + 0.5 + 0.5) / 4, mixed.Punctuation);
        Assert.Equal((0 + 0 + 0.5 + 1) / 4, mixed.Unigram);
        Assert.Equal((0 + 0 + 1 + 1) / 4.0, mixed.Bigram);
        // length differs in half the pairs (over 10%); punctuation at 37.5% (outside 45–55%); the unigram's 37.5% is inside 35–65%
        Assert.Equal(2, mixed.Flags.Count);
        Assert.Equal("length in words differs in 50% of pairs (at most 10%)", mixed.Flags[0]);
        Assert.Equal("final punctuation scores 37.5% (allowed 45–55%)", mixed.Flags[1]);

        var frequent = r.Paradigms[1];
        Assert.Equal((0.0, 0.5, 1.0, 0.5, 1.0), (frequent.LengthDiffering, frequent.ShorterInWords, frequent.ShorterInTokens, frequent.Punctuation, frequent.Unigram));
        Assert.Equal(["shorter-in-tokens scores 100.0% (allowed 45–55%)", "unigram scores 100.0% (allowed 35–65%)"], frequent.Flags);

        // bark (1) and barks (1) tie for the unigram; the byte-shorter good wins on tokens (15 vs 16): flagged
        var bytes = r.Paradigms[2];
        Assert.Equal((0.5, 1.0), (bytes.Unigram, bytes.ShorterInTokens));
        Assert.Equal(["shorter-in-tokens scores 100.0% (allowed 45–55%)"], bytes.Flags);

        var x = r.Phenomena.Single(p => p.Phenomenon == "x");
        Assert.Equal((2, (0.375 + 1) / 2), (x.Paradigms, x.Unigram));
        Assert.Equal(["unigram mean 68.8% (allowed 45–55%)"], x.Flags);
        Assert.Empty(r.Phenomena.Single(p => p.Phenomenon == "y").Flags);
        Assert.Equal((3, 1), (r.ConfoundedParadigms, r.ConfoundedPhenomena));
        Assert.False(r.Clean);
        Assert.Equal((suite.Version, "three lines", "bytes"), (r.Version, r.Reference, r.Tokenizer));
    }

    [Fact]
    public void A_paradigm_of_swaps_and_same_length_substitutions_is_clean()
    {
        var suite = ProbeSuite.Create("t", "t", [new Paradigm
        {
            Uid = "swaps", Phenomenon = "x",
            // permutations tie for every cue but the bigram; the two substitutions cancel for the unigram (dog 2 vs dogs 1, then back)
            Pairs = [new("dogs bark .", "bark dogs ."), new("the dog barks .", "the dogs barks ."), new("the dogs bark .", "the dog bark ."),
                new("bark dogs .", "dogs bark .")],
        }]);
        var p = ConfoundCheck.Run(suite, Reference()).Paradigms[0];
        Assert.Equal((0.5, 0.5, 0.5), (p.ShorterInWords, p.Punctuation, p.Unigram));
        Assert.Equal((0.5 + 1 + 0 + 0.5) / 4, p.ShorterInTokens);
        Assert.Empty(p.Flags);
        Assert.False(p.Confounded);
    }

    [Fact]
    public void Limits_are_inclusive_and_configurable()
    {
        var p = new ParadigmConfounds
        {
            Uid = "u", Phenomenon = "x", Pairs = 20, LengthDiffering = 0.10, ShorterInWords = 0.45, ShorterInTokens = 0.55,
            PunctuationDiffering = 0, Punctuation = 0.5, Unigram = 0.35, Bigram = 0.9, Flags = [],
        };
        Assert.Empty(ConfoundCheck.FlagsOf(p, ConfoundLimits.Default));
        Assert.Equal(["unigram scores 35.0% (allowed 40–60%)"], ConfoundCheck.FlagsOf(p, new ConfoundLimits { UnigramLow = 0.40, UnigramHigh = 0.60 }));
        Assert.Equal(["length in words differs in 10% of pairs (at most 5%)"], ConfoundCheck.FlagsOf(p, new ConfoundLimits { MaxLengthDiffering = 0.05 }));
    }

    [Fact]
    public void Final_marks_count_utterance_endings_with_add_one_smoothing()
    {
        var m = FinalMarks.Fit(["where is it ?", "look !", "all done .", "uh oh", "the ball .", "", "What?"]);
        Assert.Equal((6L, 2L, 2L, 1L, 1L), (m.Total, m.Count("."), m.Count("?"), m.Count("!"), m.Count(FinalMarks.None)));
        Assert.Equal(Math.Log(3.0 / 13), m.LogProb("."), 12);
        Assert.Equal(Math.Log(1.0 / 13), m.LogProb(";"), 12);
        Assert.Equal(("?", ".", FinalMarks.None, "!"), (FinalMarks.Of("Is it?"), FinalMarks.Of("It is. "), FinalMarks.Of("it is"), FinalMarks.Of("go !")));
    }

    [Fact]
    public void The_reference_fits_a_corpus_folder_and_trains_a_tokenizer_when_none_is_given()
    {
        using var dir = new TempDir();
        dir.Write("c/train_10M/childes.train", string.Join("\n", Corpus) + "\n");
        var r = SurfaceReference.Fit(CorpusLayout.Open(dir["c"]), vocab: BpeTokenizer.MinVocab + 3);
        Assert.Equal((11L, 11L, 3L), (r.Unigram.Tokens, r.Bigram.Tokens, r.Marks.Total));
        Assert.Equal(BpeTokenizer.MinVocab + 3, r.Tokenizer.VocabSize);
        Assert.Contains("vocab 264", r.TokenizerSource);
        Assert.Contains("train_10M", r.Corpus);
        var given = SurfaceReference.Fit(CorpusLayout.Open(dir["c"]), tokenizer: BpeTokenizer.FromMerges([]), tokenizerPath: "tok.json");
        Assert.Equal(("tok.json", 15), (given.TokenizerSource, given.TokenCount("the dog barks .")));
    }
}
