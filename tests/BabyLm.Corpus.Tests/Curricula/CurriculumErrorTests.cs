// Bad input is a clear error: unknown scorer, pacing function or source name lists the valid ones with
// "did you mean"; contradictory settings name their keys; a part-of-speech vocabulary curriculum on a
// corpus without parts of speech says so — and on one with them, unlocks nouns first.
using BabyLm.Corpus.Curricula;
using BabyLm.Corpus.Shards;

namespace BabyLm.Corpus.Tests.Curricula;

public sealed class CurriculumErrorTests(CurriculumFixture fx) : IClassFixture<CurriculumFixture>
{
    private BabyLmException Fails(CurriculumConfig config) => Assert.Throws<BabyLmException>(() => fx.Create(config));

    [Fact]
    public void UnknownScorer_ListsTheScorers_WithDidYouMean()
    {
        var ex = Fails(new CurriculumConfig { Scorer = "unigram-perplexty", Pacing = "linear" });
        Assert.Contains("curriculum.scorer", ex.Message);
        Assert.Contains("did you mean 'unigram-perplexity'", ex.Message);
        Assert.Contains("bigram-perplexity, lexical-diversity, word-rarity, age, source, self-perplexity", ex.Message);
    }

    [Fact]
    public void UnknownPacing_ListsThePacingFunctions_WithDidYouMean()
    {
        var ex = Fails(new CurriculumConfig { Scorer = "length", Pacing = "lienar" });
        Assert.Contains("curriculum.pacing", ex.Message);
        Assert.Contains("did you mean 'linear'", ex.Message);
        Assert.Contains("none, linear, quad, root, step, exp, log", ex.Message);
        Assert.Contains("did you mean 'root'", Assert.Throws<BabyLmException>(() => Pacing.Difficulty("rot", 0.5, default)).Message);
    }

    [Fact]
    public void UnknownSourceName_ListsTheSources_WithDidYouMean()
    {
        var ex = Fails(new CurriculumConfig { Order = "source", Sources = ["childs", "dialogue+stories"] });
        Assert.Contains("unknown source 'childs' (did you mean 'childes'?)", ex.Message);
        Assert.Contains("allowed: childes, dialogue, stories, spoken-first, grammatical-first", ex.Message);
        Assert.Contains("did you mean 'spoken-first'", Fails(new CurriculumConfig { Order = "source", Sources = ["spoken-frst"] }).Message);
    }

    [Fact]
    public void SourceList_MustNameEverySourceOnce()
    {
        Assert.Contains("leaves out source(s) of the corpus: stories", Fails(new CurriculumConfig { Order = "source", Sources = ["childes", "dialogue"] }).Message);
        Assert.Contains("twice", Fails(new CurriculumConfig { Order = "source", Sources = ["childes", "dialogue", "stories+childes"] }).Message);
        Assert.Contains("mixes a named order", Fails(new CurriculumConfig { Order = "source", Sources = ["spoken-first", "childes"] }).Message);
    }

    [Fact]
    public void NamedOrder_OnAnUnknownSource_AsksForAnExplicitList()
    {
        var ex = Assert.Throws<BabyLmException>(() => SourceOrders.Ranks(["spoken-first"], ["childes", "my_forum_posts"]));
        Assert.Contains("my_forum_posts", ex.Message);
        Assert.Contains("explicit list", ex.Hint);
        Assert.Equal([1, 2, 5, 6], SourceOrders.Ranks(["spoken-first"], ["aochildes", "switchboard", "simple_wiki", "gutenberg"]));
        Assert.Equal([6, 5, 2, 1], SourceOrders.Ranks(["grammatical-first"], ["aochildes", "switchboard", "simple_wiki", "gutenberg"]));
    }

    [Fact]
    public void ContradictorySettings_NameTheirKeys()
    {
        Assert.Contains("curriculum.pacing: scorer 'length' needs a pacing function", Fails(new CurriculumConfig { Scorer = "length" }).Message);
        Assert.Contains("curriculum.scorer: pacing 'root' needs a difficulty scorer", Fails(new CurriculumConfig { Pacing = "root" }).Message);
        Assert.Contains("curriculum.order", Fails(new CurriculumConfig { Order = "corpus", Scorer = "age", Pacing = "linear" }).Message);
        Assert.Contains("curriculum.weighted", Fails(new CurriculumConfig { Weighted = true }).Message);
        Assert.Contains("curriculum.vocab_pacing", Fails(new CurriculumConfig { Vocab = "id", VocabPacing = "none" }).Message);
    }

    [Fact]
    public void PosVocabulary_OnACorpusWithoutPartsOfSpeech_IsAClearError()
    {
        var ex = Fails(new CurriculumConfig { Vocab = "pos" });
        Assert.Contains("vocab: pos needs part-of-speech data, and this corpus has none", ex.Message);
        Assert.Contains(ShardSidecars.TokenClassesFile, ex.Message);
        Assert.Contains("vocab: id", ex.Hint);
    }
}

public sealed class PosVocabularyTests(PosCurriculumFixture pos) : IClassFixture<PosCurriculumFixture>
{
    private CurriculumFixture Fx => pos.Inner;

    [Fact]
    public void Prepare_WritesTokenClasses_WhenTheCorpusHasWordClasses()
    {
        var classes = ShardSidecars.ReadTokenClasses(Fx.TrainDir);
        Assert.NotNull(classes);
        Assert.Equal(Fx.Train.VocabSize, classes!.TokenMasks.Length);
        Assert.Equal(["adj", "det", "noun", "punct", "verb"], classes.Classes.Order());
        int dog = Fx.Tokenizer.Encode(" dog").Single(); // a frequent word is one token
        Assert.Equal(1L << classes.Classes.ToList().IndexOf("noun"), classes.TokenMasks[dog]);
    }

    [Fact]
    public void PosVocabulary_UnlocksNounsFirst_ThenVerbs_ThenTheRest()
    {
        var c = Fx.Create(new CurriculumConfig { Vocab = "pos", VocabPacing = "linear", D0 = 0.1, Start = 0, End = 1 });
        // Classes present: noun, verb, adjective, determiner, then other (function words of no listed class).
        Assert.Equal(["noun", "verb", "adjective", "determiner", "other"], c.Vocabulary.Classes);
        bool Kept(string word, double progress)
        {
            var ids = Fx.Tokenizer.Encode(word);
            Assert.Single(ids); // frequent words are single tokens in this corpus
            c.FilterInputs(ids, progress);
            return ids[0] != 3;
        }
        // d = 0.1 at the start: ⌊0.1·5⌋ → the first class only (nouns), and punctuation always.
        Assert.True(Kept(" dog", 0) && Kept(" ball", 0) && Kept(" .", 0));
        Assert.False(Kept(" find", 0) || Kept(" big", 0) || Kept(" the", 0) || Kept(" is", 0));
        // d = 0.46 at 0.4: ⌊2.3⌋ = 2 classes: verbs join.
        Assert.True(Kept(" find", 0.4) && Kept(" dog", 0.4));
        Assert.False(Kept(" big", 0.4) || Kept(" the", 0.4));
        // d = 0.82 at 0.8: ⌊4.1⌋ = 4: adjectives and determiners too; unclassified words last.
        Assert.True(Kept(" big", 0.8) && Kept(" the", 0.8));
        Assert.False(Kept(" is", 0.8));
        Assert.True(Kept(" is", 1.0));
        Assert.True(c.Vocabulary.AllowedShare(0) < c.Vocabulary.AllowedShare(0.5));
    }
}
