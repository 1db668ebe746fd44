// The one in-memory model every probe suite shares: suite → paradigms → (phenomenon, field) → pairs.
// A suite is named by the spec that loads it and versioned by a content hash over its paradigms and
// pairs, so a result can say exactly which sentences it was scored on.
using BabyLm.Core;

namespace BabyLm.Corpus.Probes;

public sealed record ProbeSuite
{
    /// <summary>builtin, blimp, blimp_supplement or zorro.</summary>
    public required string Name { get; init; }
    /// <summary>The spec that loads it again: <c>builtin</c>, <c>blimp:/data/blimp</c>, <c>zorro:/data/zorro</c>.</summary>
    public required string Spec { get; init; }
    public required IReadOnlyList<Paradigm> Paradigms { get; init; }
    /// <summary>SHA-256 over every paradigm's uid, phenomenon, field and pairs, in order.</summary>
    public required string ContentHash { get; init; }
    /// <summary>What generated it (built-in suite: generator version, seed, pairs per paradigm), or null for a loaded suite.</summary>
    public string? Generator { get; init; }
    /// <summary>Things worth knowing about how it was loaded (files skipped, empty files).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Short form of the content hash: what results record as the suite version.</summary>
    public string Version => ContentHash[..12];

    /// <summary>Phenomena in the order their first paradigm appears.</summary>
    public IReadOnlyList<string> Phenomena => Paradigms.Select(p => p.Phenomenon).Distinct(StringComparer.Ordinal).ToList();

    public int PairCount => Paradigms.Sum(p => p.Pairs.Count);

    public Paradigm? Find(string uid) => Paradigms.FirstOrDefault(p => p.Uid == uid);

    /// <summary>Builds a suite, computing its content hash.</summary>
    public static ProbeSuite Create(string name, string spec, IReadOnlyList<Paradigm> paradigms, string? generator = null, IReadOnlyList<string>? notes = null) => new()
    {
        Name = name,
        Spec = spec,
        Paradigms = paradigms,
        ContentHash = HashOf(paradigms),
        Generator = generator,
        Notes = notes ?? [],
    };

    public static string HashOf(IEnumerable<Paradigm> paradigms)
    {
        var h = new Hashing.Builder();
        foreach (var p in paradigms)
        {
            h.Add("paradigm", $"{p.Uid}\t{p.Phenomenon}\t{p.Field}");
            foreach (var pair in p.Pairs) h.Add("pair", $"{pair.Good}\t{pair.Bad}");
        }
        return h.Hex();
    }
}
