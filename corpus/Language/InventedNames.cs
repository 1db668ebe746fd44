// Pet, toy and character names made up the way families make them up (lolo, bibi, mika, toto): an open
// class of about 20,000 two-syllable names, drawn with Zipf-distributed ranks. Real child-directed
// speech never runs out of new words; this class keeps the corpus's type–token curve rising (Heaps' law)
// where a fixed lexicon would flatten. The names are deterministic (same list on every machine) and the
// lexicon's part-of-speech look-up knows them (PROPN).
using BabyLm.Core;

namespace BabyLm.Corpus.Language;

internal sealed class InventedNames
{
    private static readonly string[] s_onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh", "j", "w"];
    private static readonly string[] s_vowels = ["a", "e", "i", "o", "u", "oo", "ee", "ai"];

    private readonly string[] _byRank;
    private readonly HashSet<string> _all;

    public InventedNames(Lexicon lexicon)
    {
        var known = new HashSet<string>(lexicon.Entries.SelectMany(e => e.AllForms), StringComparer.Ordinal);
        var names = new List<string>(20_000);
        foreach (var o1 in s_onsets)
            foreach (var v1 in s_vowels)
                foreach (var o2 in s_onsets)
                    foreach (var v2 in s_vowels)
                    {
                        var name = o1 + v1 + o2 + v2;
                        if (!known.Contains(name)) names.Add(name);
                    }
        // Ranks in a fixed pseudo-random order, so frequent names are not all "ba…".
        _byRank = names.OrderBy(n => ProbeReservation.Hash(System.Text.Encoding.ASCII.GetBytes(n))).ThenBy(n => n, StringComparer.Ordinal).ToArray();
        _all = new HashSet<string>(_byRank, StringComparer.Ordinal);
    }

    public int Count => _byRank.Length;

    public bool Contains(string word) => _all.Contains(word);

    /// <summary>A name with P(rank r) ∝ 1/r (inverse of the continuous Zipf CDF).</summary>
    public string Pick(Rng rng)
    {
        int r = (int)Math.Floor(Math.Pow(_byRank.Length + 1, rng.NextDouble())) - 1;
        return _byRank[Math.Clamp(r, 0, _byRank.Length - 1)];
    }
}
