// The lexicon as data: it parses, is a few thousand words large, carries the features the grammar and
// the probes need, answers part-of-speech look-ups, and reports malformed lines with their number.
using System.Text;
using BabyLm.Corpus.Language;

namespace BabyLm.Corpus.Tests.Language;

public sealed class LexiconTests
{
    private static readonly Lexicon L = Lexicon.Builtin;

    private static LexEntry Entry(PartOfSpeech pos, string word) => L.Of(pos).Single(e => e.Word == word);

    [Fact]
    public void Builtin_lexicon_holds_a_few_thousand_words_with_a_version_and_hash()
    {
        Assert.InRange(L.Forms.Count, 3000, 12_000);
        Assert.True(L.Version >= 1);
        Assert.Equal(64, L.ContentHash.Length);
        Assert.True(L.Of(PartOfSpeech.Noun).Count() > 800);
        Assert.True(L.Of(PartOfSpeech.Verb).Count() > 150);
        Assert.True(L.Of(PartOfSpeech.Adj).Count() > 100);
        Assert.True(L.Of(PartOfSpeech.Propn).Count() > 150);
    }

    [Fact]
    public void Nouns_carry_number_irregular_plurals_animacy_and_mass()
    {
        Assert.Equal("children", Entry(PartOfSpeech.Noun, "child").Form("pl"));
        Assert.Equal("mice", Entry(PartOfSpeech.Noun, "mouse").Form("pl"));
        Assert.Equal("sheep", Entry(PartOfSpeech.Noun, "sheep").Form("pl"));
        Assert.Equal("dogs", Entry(PartOfSpeech.Noun, "dog").Form("pl"));
        Assert.True(Entry(PartOfSpeech.Noun, "dog").Has("animal"));
        Assert.True(Entry(PartOfSpeech.Noun, "girl").Has("person"));
        Assert.Equal("f", Entry(PartOfSpeech.Noun, "girl").Value("gender"));
        Assert.True(Entry(PartOfSpeech.Noun, "milk").Has("mass"));
        Assert.Null(Entry(PartOfSpeech.Noun, "milk").Form("pl"));
        Assert.Equal("f", Entry(PartOfSpeech.Propn, "mommy").Value("gender"));
        Assert.Equal("m", Entry(PartOfSpeech.Propn, "daddy").Value("gender"));
    }

    [Fact]
    public void Verbs_carry_frames_agreement_past_and_participle()
    {
        var eat = Entry(PartOfSpeech.Verb, "eat");
        Assert.Equal(("eats", "ate", "eaten", "eating"), (eat.Form("3sg"), eat.Form("past"), eat.Form("part"), eat.Form("ing")));
        Assert.Equal("animate", eat.Value("subj"));
        Assert.Contains("food", eat.Value("obj")!);
        Assert.True(Entry(PartOfSpeech.Verb, "find").Has("trans"));
        Assert.True(Entry(PartOfSpeech.Verb, "sleep").Has("intr"));
        Assert.True(Entry(PartOfSpeech.Verb, "think").Has("clausal"));
        Assert.True(Entry(PartOfSpeech.Verb, "wash").Has("refl"));
        Assert.Equal("stopped", Entry(PartOfSpeech.Verb, "stop").Form("past"));
        Assert.Equal("cries", Entry(PartOfSpeech.Verb, "cry").Form("3sg"));
        Assert.Equal("making", Entry(PartOfSpeech.Verb, "make").Form("ing"));
    }

    [Fact]
    public void Closed_classes_cover_pronouns_determiners_npis_quantifiers_there_and_only()
    {
        var she = Entry(PartOfSpeech.Pron, "she");
        Assert.Equal(("her", "her", "herself"), (she.Form("acc"), she.Form("gen"), she.Form("refl")));
        Assert.Equal("themselves", Entry(PartOfSpeech.Pron, "they").Form("refl"));
        Assert.Equal("pl", Entry(PartOfSpeech.Det, "these").Value("num"));
        Assert.True(Entry(PartOfSpeech.Det, "any").Has("npi"));
        Assert.True(Entry(PartOfSpeech.Adv, "ever").Has("npi"));
        Assert.True(Entry(PartOfSpeech.Det, "every").Has("quant"));
        Assert.True(Entry(PartOfSpeech.Pron, "there").Has("expletive"));
        Assert.True(Entry(PartOfSpeech.Adv, "only").Has("focus"));
        Assert.True(Entry(PartOfSpeech.Part, "not").Has("neg"));
        Assert.Equal("biggest", Entry(PartOfSpeech.Adj, "big").Form("sup"));
        Assert.Equal("best", Entry(PartOfSpeech.Adj, "good").Form("sup"));
        Assert.Contains(L.Of(PartOfSpeech.Aux), e => e.Has("modal"));
        Assert.Contains(L.Of(PartOfSpeech.Adv), e => e.Has("wh"));
    }

    [Fact]
    public void Weights_fall_roughly_as_one_over_rank_within_a_class()
    {
        // Within each semantic class the file lists nouns by commonness with weight ~ K/(rank+2).
        var animals = L.Of(PartOfSpeech.Noun).Where(e => e.Has("animal")).Select(e => e.Weight).ToList();
        Assert.True(animals.Count > 100);
        Assert.Equal(animals.OrderByDescending(w => w), animals);
        double ratio = animals[0] / animals[98];
        Assert.InRange(ratio, 20, 80);
    }

    [Theory]
    [InlineData("dog", PartOfSpeech.Noun)]
    [InlineData("children", PartOfSpeech.Noun)]
    [InlineData("mommy", PartOfSpeech.Propn)]
    [InlineData("ran", PartOfSpeech.Verb)]
    [InlineData("eaten", PartOfSpeech.Verb)]
    [InlineData("biggest", PartOfSpeech.Adj)]
    [InlineData("that", PartOfSpeech.Pron)]
    [InlineData("the", PartOfSpeech.Det)]
    [InlineData("herself", PartOfSpeech.Pron)]
    [InlineData("is", PartOfSpeech.Aux)]
    [InlineData("under", PartOfSpeech.Adp)]
    [InlineData("?", PartOfSpeech.Punct)]
    public void PartOfSpeech_of_a_word_form(string word, PartOfSpeech expected) => Assert.Equal(expected, L.PartOfSpeech(word));

    [Fact]
    public void PartOfSpeech_knows_ambiguous_forms_invented_names_and_unknown_words()
    {
        Assert.Contains(PartOfSpeech.Det, L.PartsOfSpeech("that"));
        Assert.Contains(PartOfSpeech.Sconj, L.PartsOfSpeech("that"));
        Assert.Null(L.PartOfSpeech("xylograph"));
        Assert.Empty(L.PartsOfSpeech("xylograph"));
        Assert.Equal(PartOfSpeech.Propn, L.PartOfSpeech(L.InventedNames.Pick(new Core.Rng(1))));
        Assert.True(L.InventedNames.Count > 15_000);
    }

    [Fact]
    public void Malformed_lines_are_errors_naming_the_line()
    {
        static BabyLmException Parse(string text) => Assert.Throws<BabyLmException>(() => Lexicon.Parse(Encoding.UTF8.GetBytes(text), "lex.tsv"));
        Assert.Contains("lex.tsv:3", Parse("# version 1\nnoun\tdog\t5\tanimal\tpl=dogs\nnoun\tcat\t5\tanimal\n").Message);
        Assert.Contains("lex.tsv:2: unknown part of speech 'nom'", Parse("# version 1\nnom\tdog\t5\tanimal\t-\n").Message);
        Assert.Contains("lex.tsv:2: weight", Parse("# version 1\nnoun\tdog\t-1\tanimal\t-\n").Message);
        Assert.Contains("lex.tsv:2: form 'pl'", Parse("# version 1\nnoun\tdog\t1\tanimal\tpl\n").Message);
        Assert.Contains("version", Parse("noun\tdog\t1\tanimal\t-\n").Message);
    }
}
