// Surface-cue checks for a probe suite (`babylm probes check`). A minimal pair is evidence of
// grammatical knowledge only if nothing but the grammatical contrast separates its two sentences: a
// summed log-probability prefers the shorter sentence, a frequency model the more frequent words. For
// every paradigm this scores the pairs with scorers that see only one surface cue — the length in words,
// the length in tokens (prefer the shorter; ties ½), the final punctuation mark (prefer the mark that
// ends more utterances of the reference corpus), word frequency (a unigram) — beside a word bigram, and
// flags the paradigm when one of those cues decides it (ConfoundLimits). A bigram above chance is no
// confound: local agreement is what a bigram can learn. The check says nothing about whether the good
// sentences are grammatical.
using System.Globalization;

namespace BabyLm.Corpus.Probes;

/// <summary>The ranges a cue-only scorer must stay in for a paradigm (or phenomenon) to count as unconfounded.</summary>
public sealed record ConfoundLimits
{
    /// <summary>At most this share of a paradigm's pairs may differ in length in words.</summary>
    public double MaxLengthDiffering { get; init; } = 0.10;
    /// <summary>Length-only (words and tokens) and punctuation-only scorers must land in [ChanceLow, ChanceHigh].</summary>
    public double ChanceLow { get; init; } = 0.45;
    public double ChanceHigh { get; init; } = 0.55;
    /// <summary>The unigram must land in [UnigramLow, UnigramHigh] on every paradigm …</summary>
    public double UnigramLow { get; init; } = 0.35;
    public double UnigramHigh { get; init; } = 0.65;
    /// <summary>… and its mean over each phenomenon's paradigms in [ChanceLow, ChanceHigh].</summary>
    public static readonly ConfoundLimits Default = new();
}

/// <summary>What each surface cue alone scores on one paradigm (accuracies in [0, 1], ties counted ½).</summary>
public sealed record ParadigmConfounds
{
    public required string Uid { get; init; }
    public required string Phenomenon { get; init; }
    public string? Field { get; init; }
    public required int Pairs { get; init; }
    /// <summary>Share of pairs whose two sentences differ in length in words.</summary>
    public required double LengthDiffering { get; init; }
    /// <summary>Accuracy of "prefer the sentence with fewer words".</summary>
    public required double ShorterInWords { get; init; }
    /// <summary>Accuracy of "prefer the sentence with fewer tokens" (the reference tokenizer).</summary>
    public required double ShorterInTokens { get; init; }
    /// <summary>Share of pairs whose two sentences end in different punctuation.</summary>
    public required double PunctuationDiffering { get; init; }
    /// <summary>Accuracy of "prefer the final mark that ends more utterances of the reference corpus".</summary>
    public required double Punctuation { get; init; }
    public required double Unigram { get; init; }
    public required double Bigram { get; init; }
    /// <summary>Which limits the paradigm breaks, in words; empty when none.</summary>
    public required IReadOnlyList<string> Flags { get; init; }
    public bool Confounded => Flags.Count > 0;
}

/// <summary>Unweighted means over a phenomenon's paradigms.</summary>
public sealed record PhenomenonConfounds
{
    public required string Phenomenon { get; init; }
    public required int Paradigms { get; init; }
    public required double ShorterInWords { get; init; }
    public required double ShorterInTokens { get; init; }
    public required double Punctuation { get; init; }
    public required double Unigram { get; init; }
    public required double Bigram { get; init; }
    public required IReadOnlyList<string> Flags { get; init; }
    public bool Confounded => Flags.Count > 0;
}

public sealed record ConfoundReport
{
    public required string Suite { get; init; }
    public required string Spec { get; init; }
    public required string Version { get; init; }
    public string? Generator { get; init; }
    /// <summary>The corpus the reference models were fit on, and the tokenizer's origin.</summary>
    public required string Reference { get; init; }
    public required string Tokenizer { get; init; }
    public required ConfoundLimits Limits { get; init; }
    public required IReadOnlyList<ParadigmConfounds> Paradigms { get; init; }
    public required IReadOnlyList<PhenomenonConfounds> Phenomena { get; init; }

    public int ConfoundedParadigms => Paradigms.Count(p => p.Confounded);
    public int ConfoundedPhenomena => Phenomena.Count(p => p.Confounded);
    public bool Clean => ConfoundedParadigms == 0 && ConfoundedPhenomena == 0;
}

public static class ConfoundCheck
{
    public static ConfoundReport Run(ProbeSuite suite, SurfaceReference reference, ConfoundLimits? limits = null)
    {
        var lim = limits ?? ConfoundLimits.Default;
        var paradigms = new ParadigmConfounds[suite.Paradigms.Count];
        Parallel.For(0, paradigms.Length, i => paradigms[i] = Check(suite.Paradigms[i], reference, lim));
        var phenomena = paradigms.GroupBy(p => p.Phenomenon, StringComparer.Ordinal).Select(g =>
        {
            double unigram = g.Average(p => p.Unigram);
            var flags = new List<string>();
            if (!InRange(unigram, lim.ChanceLow, lim.ChanceHigh)) flags.Add($"unigram mean {Pct(unigram)} (allowed {Range(lim.ChanceLow, lim.ChanceHigh)})");
            return new PhenomenonConfounds
            {
                Phenomenon = g.Key,
                Paradigms = g.Count(),
                ShorterInWords = g.Average(p => p.ShorterInWords),
                ShorterInTokens = g.Average(p => p.ShorterInTokens),
                Punctuation = g.Average(p => p.Punctuation),
                Unigram = unigram,
                Bigram = g.Average(p => p.Bigram),
                Flags = flags,
            };
        }).ToList();
        return new ConfoundReport
        {
            Suite = suite.Name,
            Spec = suite.Spec,
            Version = suite.Version,
            Generator = suite.Generator,
            Reference = reference.Corpus,
            Tokenizer = reference.TokenizerSource,
            Limits = lim,
            Paradigms = paradigms,
            Phenomena = phenomena,
        };
    }

    public static ParadigmConfounds Check(Paradigm paradigm, SurfaceReference reference, ConfoundLimits? limits = null)
    {
        var lim = limits ?? ConfoundLimits.Default;
        var pairs = paradigm.Pairs;
        if (pairs.Count == 0) throw new ArgumentException($"paradigm {paradigm.Uid} has no pairs", nameof(paradigm));
        int lengthDiffers = pairs.Count(p => Words(p.Good) != Words(p.Bad));
        int markDiffers = pairs.Count(p => FinalMarks.Of(p.Good) != FinalMarks.Of(p.Bad));
        var r = new ParadigmConfounds
        {
            Uid = paradigm.Uid,
            Phenomenon = paradigm.Phenomenon,
            Field = paradigm.Field,
            Pairs = pairs.Count,
            LengthDiffering = (double)lengthDiffers / pairs.Count,
            ShorterInWords = Accuracy(pairs, s => -Words(s)),
            ShorterInTokens = Accuracy(pairs, s => -reference.TokenCount(s)),
            PunctuationDiffering = (double)markDiffers / pairs.Count,
            Punctuation = Accuracy(pairs, s => reference.Marks.LogProb(FinalMarks.Of(s))),
            Unigram = Accuracy(pairs, reference.Unigram.Score),
            Bigram = Accuracy(pairs, reference.Bigram.Score),
            Flags = [],
        };
        return r with { Flags = FlagsOf(r, lim) };
    }

    /// <summary>The limits a paradigm's figures break, as readable lines.</summary>
    public static IReadOnlyList<string> FlagsOf(ParadigmConfounds p, ConfoundLimits lim)
    {
        var flags = new List<string>();
        if (p.LengthDiffering > lim.MaxLengthDiffering)
            flags.Add($"length in words differs in {Pct(p.LengthDiffering, 0)} of pairs (at most {Pct(lim.MaxLengthDiffering, 0)})");
        if (!InRange(p.ShorterInWords, lim.ChanceLow, lim.ChanceHigh))
            flags.Add($"shorter-in-words scores {Pct(p.ShorterInWords)} (allowed {Range(lim.ChanceLow, lim.ChanceHigh)})");
        if (!InRange(p.ShorterInTokens, lim.ChanceLow, lim.ChanceHigh))
            flags.Add($"shorter-in-tokens scores {Pct(p.ShorterInTokens)} (allowed {Range(lim.ChanceLow, lim.ChanceHigh)})");
        if (!InRange(p.Punctuation, lim.ChanceLow, lim.ChanceHigh))
            flags.Add($"final punctuation scores {Pct(p.Punctuation)} (allowed {Range(lim.ChanceLow, lim.ChanceHigh)})");
        if (!InRange(p.Unigram, lim.UnigramLow, lim.UnigramHigh))
            flags.Add($"unigram scores {Pct(p.Unigram)} (allowed {Range(lim.UnigramLow, lim.UnigramHigh)})");
        return flags;
    }

    /// <summary>Share of pairs where <paramref name="score"/> ranks the good sentence higher; a tie counts ½.</summary>
    public static double Accuracy(IReadOnlyList<MinimalPair> pairs, Func<string, double> score)
    {
        double right = 0;
        foreach (var p in pairs)
        {
            double g = score(p.Good), b = score(p.Bad);
            right += g > b ? 1 : g == b ? 0.5 : 0;
        }
        return right / pairs.Count;
    }

    /// <summary>Whitespace-separated words (the BabyLM count).</summary>
    public static int Words(string sentence) => Text.Words.Count(sentence);

    private static bool InRange(double x, double lo, double hi) => x >= lo - 1e-12 && x <= hi + 1e-12;

    public static string Pct(double x, int decimals = 1) => (100 * x).ToString(decimals == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + "%";

    private static string Range(double lo, double hi) => $"{(100 * lo).ToString("0", CultureInfo.InvariantCulture)}–{(100 * hi).ToString("0", CultureInfo.InvariantCulture)}%";
}
