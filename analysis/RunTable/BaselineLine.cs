// One line of <sweep>/baselines.jsonl: a probe result of an n-gram baseline that needs no training
// (unigram, word-bigram), the floor every curriculum result is read against. Same fields as
// ProbeLine plus the baseline's name; step 0.
namespace BabyLm.Analysis;

public sealed record BaselineLine
{
    /// <summary>unigram or bigram.</summary>
    public required string Baseline { get; init; }
    public long Step { get; init; }
    public long WordsSeen { get; init; }
    public required string Suite { get; init; }
    public string SuiteVersion { get; init; } = "";
    public required string Paradigm { get; init; }
    public required string Phenomenon { get; init; }
    public string? Field { get; init; }
    public required int Pairs { get; init; }
    public required int Correct { get; init; }
    public int Ties { get; init; }
    public required double Accuracy { get; init; }
    public string Scorer { get; init; } = "";
    public string TieMode { get; init; } = "";
    public bool Full { get; init; } = true;
}
