namespace BabyLm.Corpus.Probes;

/// <summary>
/// One paradigm of a probe suite: a set of minimal pairs testing one contrast. <see cref="Uid"/> is
/// BLiMP's UID (the file stem for BLiMP, BLiMP supplement and Zorro files); <see cref="Phenomenon"/> is
/// BLiMP's linguistics_term (normalised) or Zorro's phenomenon prefix; <see cref="Field"/> is BLiMP's
/// field (syntax, morphology, semantics, syntax_semantics) where the suite has one.
/// </summary>
public sealed record Paradigm
{
    public required string Uid { get; init; }
    public required string Phenomenon { get; init; }
    public string? Field { get; init; }
    public required IReadOnlyList<MinimalPair> Pairs { get; init; }
    /// <summary>The constraint the bad members violate (built-in suite), or null.</summary>
    public string? Contrast { get; init; }
    /// <summary>The file it was read from, or null for a generated paradigm.</summary>
    public string? SourceFile { get; init; }
}
