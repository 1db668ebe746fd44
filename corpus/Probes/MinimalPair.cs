namespace BabyLm.Corpus.Probes;

/// <summary>One minimal pair: the grammatical sentence, its ungrammatical twin, and the pair's id in its source (BLiMP pairID), if any.</summary>
public sealed record MinimalPair(string Good, string Bad, string? Id = null);
