// The `curriculum:` block of a run config: data order, difficulty scorer × pacing function, vocabulary
// schedule, and sequence-length / masking-rate schedules. Definitions as published (CLIMB): see
// ../shared/notes/babylm-facts.md. Defaults give plain shuffled epochs.
using BabyLm.Config;

namespace BabyLm.Corpus.Curricula;

public sealed record CurriculumConfig : IConfigSection
{
    /// <summary>Without a scorer: random (shuffled each epoch), corpus (file order: age order for AO-CHILDES-style data and the
    /// synthetic childes source), reverse, source (by `sources`, sources of one rank shuffled together). With a scorer the draw is
    /// among the eligible utterances and order must stay random.</summary>
    public string Order { get; init; } = "random";
    /// <summary>For order: source and scorer: source — a named order (spoken-first, grammatical-first) or an explicit list of
    /// every source of the corpus, easiest first, e.g. [childes, dialogue+stories, expository] ('+' joins sources of one rank).</summary>
    public List<string> Sources { get; init; } = ["spoken-first"];
    /// <summary>Difficulty scorer (lower = easier): none, length (words), unigram-perplexity, bigram-perplexity (models fit on the
    /// train split), lexical-diversity (distinct words / √words), word-rarity (mean −ln word frequency), age (position in corpus
    /// order), source (rank under `sources`), self-perplexity (the model's own, rescored every rescore_every_steps).</summary>
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
    /// <summary>Draw among the eligible utterances with probability ∝ score instead of uniformly (still without replacement within a pass).</summary>
    public bool Weighted { get; init; } = false;
    /// <summary>self-perplexity: rescore with the model every N steps.</summary>
    public int RescoreEverySteps { get; init; } = 500;
    /// <summary>self-perplexity: utterances the model scores per rescore (a fresh seeded sample; the rest are ranked through a
    /// fit on it); 0 = all of them (exact, and as costly as a forward pass over the whole train split).</summary>
    public int RescoreSample { get; init; } = 4096;
    /// <summary>Vocabulary curriculum: none, id (allow token ids ≤ d·|V|), pos (nouns first, then verbs, …; needs POS data).</summary>
    public string Vocab { get; init; } = "none";
    /// <summary>Pacing of the vocabulary curriculum (same functions; start/end/d0/dmax/c shared with the data curriculum).</summary>
    public string VocabPacing { get; init; } = "linear";
    /// <summary>Sequence-length schedule: none, or a pacing function growing the context from seq_len_start to the model context
    /// (d0 = seq_len_start / context, dmax = 1; start/end/c shared).</summary>
    public string SeqLen { get; init; } = "none";
    /// <summary>Sequence length at the start of the seq_len schedule (tokens).</summary>
    public int SeqLenStart { get; init; } = 32;
    /// <summary>Masking-rate schedule (mlm): none (the objective's mask_prob), or a pacing function (d0 = 0, dmax = 1) moving the
    /// rate from mask_rate_start to mask_rate_end (GPT-BERT anneals 0.3 → 0.15).</summary>
    public string MaskRate { get; init; } = "none";
    public double MaskRateStart { get; init; } = 0.3;
    public double MaskRateEnd { get; init; } = 0.15;

    public static readonly IReadOnlyList<string> Orders = ["random", "corpus", "reverse", "source"];
    public static readonly IReadOnlyList<string> Scorers =
        ["none", "length", "unigram-perplexity", "bigram-perplexity", "lexical-diversity", "word-rarity", "age", "source", "self-perplexity"];
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
        p.Range($"{path}.rescore_sample", RescoreSample, 0, int.MaxValue);
        p.Range($"{path}.seq_len_start", SeqLenStart, 1, 1 << 16);
        p.Range($"{path}.mask_rate_start", MaskRateStart, 0, 1);
        p.Range($"{path}.mask_rate_end", MaskRateEnd, 0, 1);
        bool knownScorer = Scorers.Contains(Scorer), knownPacing = PacingFunctions.Contains(Pacing);
        if (knownScorer && knownPacing && Scorer != "none" && Pacing == "none")
            p.Add($"{path}.pacing", $"scorer '{Scorer}' needs a pacing function (linear, quad, root, step, exp, log)");
        if (knownScorer && knownPacing && Scorer == "none" && Pacing != "none")
            p.Add($"{path}.scorer", $"pacing '{Pacing}' needs a difficulty scorer to pace ({string.Join(", ", Scorers.Skip(1))})");
        if (knownScorer && Scorer != "none" && Order != "random")
            p.Add($"{path}.order", $"order '{Order}' applies without a scorer; with scorer '{Scorer}' the draw is among the eligible utterances (order: random). For age or source order with pacing, use scorer: age or scorer: source");
        if (Weighted && Scorer == "none") p.Add($"{path}.weighted", "weighted draws need a scorer (the weights are its scores)");
        if (Vocab != "none" && VocabPacing == "none")
            p.Add($"{path}.vocab_pacing", $"vocab '{Vocab}' needs a pacing function to grow the vocabulary (linear, quad, root, step, exp, log)");
        if ((Order == "source" || Scorer == "source") && (Sources is null || Sources.Count == 0))
            p.Add($"{path}.sources", "order or scorer source needs a named order (spoken-first, grammatical-first) or a list of sources");
    }
}
