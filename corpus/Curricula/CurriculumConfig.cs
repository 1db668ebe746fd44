// The `curriculum:` block of a run config: data order, difficulty scorer × pacing function, vocabulary
// schedule, and sequence-length / masking-rate schedules. Definitions as published (CLIMB): see
// ../shared/notes/babylm-facts.md. Defaults give plain shuffled epochs.
using BabyLm.Config;

namespace BabyLm.Corpus.Curricula;

public sealed record CurriculumConfig : IConfigSection
{
    /// <summary>random (shuffled each epoch), corpus (file order: age order for AO-CHILDES-style data), reverse, source (by `sources`).</summary>
    public string Order { get; init; } = "random";
    /// <summary>For order: source — a named order (spoken-first, grammatical-first) or an explicit list of source names, e.g. [childes, stories].</summary>
    public List<string> Sources { get; init; } = ["spoken-first"];
    /// <summary>Difficulty scorer: none, length, unigram-perplexity, bigram-perplexity, lexical-diversity, word-rarity, age, self-perplexity.</summary>
    public string Scorer { get; init; } = "none";
    /// <summary>Pacing function g(step) → difficulty fraction: none, linear, quad, root, step, exp, log.</summary>
    public string Pacing { get; init; } = "none";
    /// <summary>Start fraction s of training: before s·N steps the difficulty is d0.</summary>
    public double Start { get; init; } = 0.0;
    /// <summary>End fraction e: at e·N steps the difficulty reaches dmax.</summary>
    public double End { get; init; } = 0.8;
    /// <summary>Starting difficulty d0.</summary>
    public double D0 { get; init; } = 0.1;
    /// <summary>Maximum difficulty dmax.</summary>
    public double Dmax { get; init; } = 1.0;
    /// <summary>Growth constant c of the exp and log pacing functions.</summary>
    public double C { get; init; } = 10.0;
    /// <summary>Draw eligible items weighted by score instead of uniformly.</summary>
    public bool Weighted { get; init; } = false;
    /// <summary>self-perplexity: rescore with the model every N steps.</summary>
    public int RescoreEverySteps { get; init; } = 500;
    /// <summary>Vocabulary curriculum: none, id (allow token ids ≤ d·|V|), pos (nouns first, then verbs, …; needs POS data).</summary>
    public string Vocab { get; init; } = "none";
    /// <summary>Pacing of the vocabulary curriculum (same functions; start/end/d0/dmax shared).</summary>
    public string VocabPacing { get; init; } = "linear";
    /// <summary>Sequence-length schedule: none, or a pacing function growing the context from seq_len_start to the model context.</summary>
    public string SeqLen { get; init; } = "none";
    public int SeqLenStart { get; init; } = 32;
    /// <summary>Masking-rate schedule (mlm): none, or a pacing function moving the rate from mask_rate_start to mask_rate_end.</summary>
    public string MaskRate { get; init; } = "none";
    public double MaskRateStart { get; init; } = 0.3;
    public double MaskRateEnd { get; init; } = 0.15;

    public static readonly IReadOnlyList<string> Orders = ["random", "corpus", "reverse", "source"];
    public static readonly IReadOnlyList<string> Scorers =
        ["none", "length", "unigram-perplexity", "bigram-perplexity", "lexical-diversity", "word-rarity", "age", "self-perplexity"];
    public static readonly IReadOnlyList<string> PacingFunctions = ["none", "linear", "quad", "root", "step", "exp", "log"];
    public static readonly IReadOnlyList<string> VocabModes = ["none", "id", "pos"];

    public void Validate(ConfigProblems p, string path)
    {
        p.OneOf($"{path}.order", Order, Orders);
        p.OneOf($"{path}.scorer", Scorer, Scorers);
        p.OneOf($"{path}.pacing", Pacing, PacingFunctions);
        p.OneOf($"{path}.vocab", Vocab, VocabModes);
        p.OneOf($"{path}.vocab_pacing", VocabPacing, PacingFunctions);
        p.OneOf($"{path}.seq_len", SeqLen, PacingFunctions);
        p.OneOf($"{path}.mask_rate", MaskRate, PacingFunctions);
        p.Range($"{path}.start", Start, 0, 1);
        p.Range($"{path}.end", End, 0, 1);
        if (End < Start) p.Add($"{path}.end", $"end {End} is before start {Start}");
        p.Range($"{path}.d0", D0, 0, 1);
        p.Range($"{path}.dmax", Dmax, 0, 1);
        if (Dmax < D0) p.Add($"{path}.dmax", $"dmax {Dmax} is below d0 {D0}");
        p.Range($"{path}.c", C, 1e-6, 1000);
        p.Range($"{path}.rescore_every_steps", RescoreEverySteps, 1, int.MaxValue);
        p.Range($"{path}.seq_len_start", SeqLenStart, 1, 1 << 16);
        p.Range($"{path}.mask_rate_start", MaskRateStart, 0, 1);
        p.Range($"{path}.mask_rate_end", MaskRateEnd, 0, 1);
        if (Scorer != "none" && Pacing == "none")
            p.Add($"{path}.pacing", $"scorer '{Scorer}' needs a pacing function (linear, quad, root, step, exp, log)");
        if (Order == "source" && Sources.Count == 0) p.Add($"{path}.sources", "order: source needs a named order or a list of sources");
    }
}
