// The built-in suite measures grammar, not surface cues (issue 22). On every paradigm of the default
// suite (seed 0, 1000 pairs per paradigm) a scorer that knows only the sentence length, only the final
// punctuation mark or only word frequency lands at chance, so no paradigm is decided by what a summed
// log-probability or a frequency model prefers. The figures are computed here from the sentences
// themselves — words split on spaces, the final mark as the last word, tokens from a 4096-token BPE
// trained on the fixture's 1M-word corpus, the fixture's unigram — and do not go through ConfoundCheck;
// ConfoundCheckTests holds that to hand-computed values.
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.Tests.Language;

namespace BabyLm.Corpus.Tests.Probes;

[Collection(SynthCorpusCollection.Name)]
public sealed class BuiltinSuiteConfoundTests(SynthCorpusFixture fx)
{
    private const double MaxLengthDiffering = 0.10, ChanceLow = 0.45, ChanceHigh = 0.55, UnigramLow = 0.35, UnigramHigh = 0.65;

    private static int Words(string s) => s.Split(' ').Length;

    private static string Mark(string s) => s.Split(' ')[^1] is "." or "?" or "!" ? s.Split(' ')[^1] : "none";

    /// <summary>Share of pairs where the score of the good sentence is higher; a tie counts half.</summary>
    private static double Accuracy(Paradigm p, Func<string, double> score)
    {
        double right = 0;
        foreach (var pair in p.Pairs)
        {
            double g = score(pair.Good), b = score(pair.Bad);
            right += g > b ? 1 : g == b ? 0.5 : 0;
        }
        return right / p.Pairs.Count;
    }

    private static string Percent(double x) => $"{100 * x:0.0}%";

    /// <summary>Every paradigm whose figure lies outside [lo, hi], with the figure: the message of a failing assertion.</summary>
    private static string Outside(IEnumerable<(string Uid, double Value)> figures, double lo, double hi)
        => string.Join("; ", figures.Where(f => f.Value < lo || f.Value > hi).Select(f => $"{f.Uid} {Percent(f.Value)}"));

    [Fact]
    public void The_default_suite_is_the_one_checked()
    {
        Assert.Equal("seed=0 pairs=1000", fx.Suite.Generator![(fx.Suite.Generator!.IndexOf(" seed=", StringComparison.Ordinal) + 1)..]);
        Assert.All(fx.Suite.Paradigms, p => Assert.Equal(1000, p.Pairs.Count));
    }

    [Fact]
    public void At_most_a_tenth_of_the_pairs_of_any_paradigm_differ_in_length_in_words()
    {
        var shares = fx.Suite.Paradigms.Select(p => (p.Uid, p.Pairs.Average(x => Words(x.Good) != Words(x.Bad) ? 1.0 : 0.0))).ToList();
        Assert.True(Outside(shares, 0, MaxLengthDiffering) == "", "pairs that differ in length: " + Outside(shares, 0, MaxLengthDiffering));
    }

    [Fact]
    public void Preferring_the_shorter_sentence_in_words_scores_45_to_55_percent_on_every_paradigm()
    {
        var scores = fx.Suite.Paradigms.Select(p => (p.Uid, Accuracy(p, s => -Words(s)))).ToList();
        Assert.True(Outside(scores, ChanceLow, ChanceHigh) == "", "shorter in words wins: " + Outside(scores, ChanceLow, ChanceHigh));
    }

    [Fact]
    public void Preferring_the_shorter_sentence_in_tokens_scores_45_to_55_percent_on_every_paradigm()
    {
        var tok = fx.Tokenizer;
        var scores = fx.Suite.Paradigms.Select(p => (p.Uid, Accuracy(p, s => -tok.Encode(s).Length))).ToList();
        Assert.True(Outside(scores, ChanceLow, ChanceHigh) == "", "shorter in tokens wins: " + Outside(scores, ChanceLow, ChanceHigh));
    }

    [Fact]
    public void Any_preference_among_final_punctuation_marks_scores_45_to_55_percent_on_every_paradigm()
    {
        // every strict order of the four endings: whichever mark a scorer favours, it learns nothing
        string[] marks = [".", "?", "!", "none"];
        var orders = Permutations(marks).ToList();
        Assert.Equal(24, orders.Count);
        var failures = new List<string>();
        foreach (var order in orders)
        {
            var rank = order.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => (double)x.i);
            var scores = fx.Suite.Paradigms.Select(p => (p.Uid, Accuracy(p, s => rank[Mark(s)]))).ToList();
            if (Outside(scores, ChanceLow, ChanceHigh) is { Length: > 0 } bad) failures.Add($"[{string.Join(" > ", order.Reverse())}] {bad}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_unigram_fit_on_1M_words_scores_35_to_65_percent_on_every_paradigm_and_45_to_55_on_every_phenomenon()
    {
        Assert.InRange(fx.Unigram.Tokens, 990_000, 1_010_000); // the train split's 1M words (final marks are words of their own already)
        var scores = fx.Suite.Paradigms.Select(p => (p.Uid, p.Phenomenon, Value: Accuracy(p, fx.Unigram.Score))).ToList();
        string paradigms = Outside(scores.Select(s => (s.Uid, s.Value)), UnigramLow, UnigramHigh);
        var means = scores.GroupBy(s => s.Phenomenon).Select(g => (g.Key, g.Average(s => s.Value))).ToList();
        string phenomena = Outside(means, ChanceLow, ChanceHigh);
        Assert.True(paradigms == "" && phenomena == "", $"unigram outside its range: paradigms: {paradigms}; phenomena: {phenomena}");
    }

    private static IEnumerable<string[]> Permutations(string[] items)
    {
        if (items.Length <= 1) { yield return items; yield break; }
        for (int i = 0; i < items.Length; i++)
            foreach (var rest in Permutations([.. items[..i], .. items[(i + 1)..]]))
                yield return [items[i], .. rest];
    }
}
