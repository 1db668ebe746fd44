// The built-in probe suite: minimal pairs generated from the built-in lexicon and grammar, in the spirit
// of Zorro (vocabulary a child hears). Each paradigm's good member is built from the shapes the corpus
// grammar produces; its bad twin breaks exactly the constraint the paradigm names. Pairs are
// counterbalanced (pair i and i+1 take opposite values of the contrast), drawn from the most frequent
// words of each class, seeded per paradigm, unique, and both members are reserved sentences
// (ProbeReservation), so no synthesized corpus ever contains them.
using BabyLm.Core;
using BabyLm.Corpus.Language;

namespace BabyLm.Corpus.Probes;

public sealed record BuiltinProbeOptions
{
    public long Seed { get; init; }
    public int PairsPerParadigm { get; init; } = BuiltinSuite.DefaultPairs;
    /// <summary>Only these paradigms (by uid), or all when null.</summary>
    public IReadOnlyList<string>? Only { get; init; }
}

/// <summary>How a built-in paradigm's bad twin is made from its good sentence; both keep the length in words.</summary>
public enum PairDesign
{
    /// <summary>One word replaced.</summary>
    Substitution,
    /// <summary>The same words in another order: two phrases swapped, or one moved.</summary>
    Permutation,
}

/// <summary>What a built-in paradigm tests: uid, phenomenon (BLiMP's term, or Zorro's for case), field, contrast, and how its pairs are made.</summary>
public sealed record BuiltinParadigmInfo(string Uid, string Phenomenon, string Field, string Contrast, bool Local, PairDesign Design);

public static class BuiltinSuite
{
    public const int DefaultPairs = 1000;
    /// <summary>The most pairs per paradigm the generator is asked for (its sentences are drawn without repeats).</summary>
    public const int MaxPairs = 100_000;

    /// <summary>
    /// Bumped whenever a template changes what it generates. 2: every paradigm keeps both members the same
    /// length in words and the same final punctuation, and no word is good more often than bad (issue 22).
    /// </summary>
    public const int TemplateVersion = 2;

    private static readonly Lazy<ProbeSuite> s_default = new(() => Generate(new BuiltinProbeOptions()));

    /// <summary>The suite with default options (seed 0, 1000 pairs per paradigm), generated once per process.</summary>
    public static ProbeSuite Default => s_default.Value;

    /// <summary>Generator version: template version and the corpus generator's (grammar and lexicon).</summary>
    public static string GeneratorVersion => $"probes{TemplateVersion}/{SyntheticCorpus.GeneratorVersion}";

    public static IReadOnlyList<BuiltinParadigmInfo> Catalogue => BuiltinParadigms.All.Select(p => p.Info).ToList();

    public static ProbeSuite Generate(BuiltinProbeOptions options)
    {
        if (options.PairsPerParadigm <= 0) throw new BabyLmException($"pairs per paradigm must be positive, got {options.PairsPerParadigm}");
        if (options.PairsPerParadigm > MaxPairs)
        {
            throw new BabyLmException($"--pairs {options.PairsPerParadigm:N0} per paradigm is more than the built-in suite makes (at most {MaxPairs:N0})",
                $"BLiMP has 1,000 pairs per paradigm (the default here); e.g. --pairs {DefaultPairs}");
        }
        var templates = BuiltinParadigms.All;
        if (options.Only is { } only)
        {
            var unknown = only.Where(u => templates.All(t => t.Info.Uid != u)).ToList();
            if (unknown.Count > 0)
                throw new BabyLmException($"no built-in paradigm '{unknown[0]}'", "see `babylm probes ls` for the names");
            templates = templates.Where(t => only.Contains(t.Info.Uid)).ToList();
        }
        var paradigms = new Paradigm[templates.Count];
        Parallel.For(0, templates.Count, i => paradigms[i] = GenerateParadigm(templates[i], options));
        return ProbeSuite.Create("builtin", "builtin", paradigms,
            generator: $"{GeneratorVersion} seed={options.Seed} pairs={options.PairsPerParadigm}");
    }

    private static Paradigm GenerateParadigm(BuiltinParadigms.Template template, BuiltinProbeOptions options)
    {
        var info = template.Info;
        var rng = Rng.Stream(options.Seed, "probes/" + info.Uid);
        var ctx = new BuiltinParadigms.PairContext(Inventory.Builtin, rng);
        var pairs = new List<MinimalPair>(options.PairsPerParadigm);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        byte[] goodBytes = new byte[128], badBytes = new byte[128];
        long attempts = 0, offDesign = 0, limit = 5000L * options.PairsPerParadigm + 100_000;
        while (pairs.Count < options.PairsPerParadigm)
        {
            if (++attempts > limit)
                throw new InvalidOperationException($"built-in paradigm {info.Uid}: only {pairs.Count} distinct pairs after {attempts - 1} attempts"
                    + $" ({offDesign} drawn again for breaking the {info.Design.ToString().ToLowerInvariant()} design)");
            ctx.Start(pairs.Count);
            template.Build(ctx);
            if (ctx.GoodSentence.Count < ProbeReservation.MinWords || ctx.BadSentence.Count < ProbeReservation.MinWords) continue;
            int g = ctx.GoodSentence.Render(ref goodBytes);
            if (!ProbeReservation.IsReserved(goodBytes.AsSpan(0, g))) continue;
            int b = ctx.BadSentence.Render(ref badBytes);
            if (!ProbeReservation.IsReserved(badBytes.AsSpan(0, b))) continue;
            var good = System.Text.Encoding.ASCII.GetString(goodBytes, 0, g);
            if (!seen.Add(good)) continue;
            var bad = System.Text.Encoding.ASCII.GetString(badBytes, 0, b);
            if (bad == good) throw new InvalidOperationException($"built-in paradigm {info.Uid}: bad member equals good member: {good}");
            // rendering picks "a" or "an" by the next word, so a swap can change an article: draw again then
            if (!Keeps(info.Design, good, bad)) { offDesign++; continue; }
            pairs.Add(new MinimalPair(good, bad, pairs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return new Paradigm { Uid = info.Uid, Phenomenon = info.Phenomenon, Field = info.Field, Contrast = info.Contrast, Pairs = pairs };
    }

    /// <summary>Whether the rendered pair is what its design promises: one word replaced, or the same words reordered.</summary>
    private static bool Keeps(PairDesign design, string good, string bad)
    {
        var g = good.Split(' ');
        var b = bad.Split(' ');
        if (g.Length != b.Length) return false;
        if (design == PairDesign.Substitution) return Enumerable.Range(0, g.Length).Count(i => g[i] != b[i]) == 1;
        return g.Order(StringComparer.Ordinal).SequenceEqual(b.Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }
}
