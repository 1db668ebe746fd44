// Source orders: a rank for every source of a corpus (lower = earlier / easier), from a named order or an
// explicit list. The named orders follow the facts note (CLIMB's source difficulty): spoken-first is
//   1 childes · 2 bnc_spoken, switchboard · 3 open_subtitles, qed · 4 cbt, children_stories ·
//   5 simple_wikipedia · 6 wikipedia, gutenberg
// with the 2023/2024 spellings (aochildes, simple_wiki) and our synthetic registers placed by likeness:
// dialogue (two-speaker turns) beside the spoken corpora, stories beside children's stories, expository
// beside simple Wikipedia. grammatical-first is the reverse (rank 7 − r). An explicit list gives ranks in
// list order; `a+b` puts two sources on one rank. Sources sharing a rank are shuffled together.
using BabyLm.Core;

namespace BabyLm.Corpus.Curricula;

public static class SourceOrders
{
    public const string SpokenFirst = "spoken-first";
    public const string GrammaticalFirst = "grammatical-first";
    public static readonly IReadOnlyList<string> Named = [SpokenFirst, GrammaticalFirst];

    /// <summary>Spoken-first ranks of the known source names (BabyLM 2023 and 2024, and the synthetic corpus).</summary>
    public static readonly IReadOnlyDictionary<string, int> SpokenFirstRanks = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["childes"] = 1, ["aochildes"] = 1,
        ["bnc_spoken"] = 2, ["switchboard"] = 2, ["dialogue"] = 2,
        ["open_subtitles"] = 3, ["qed"] = 3,
        ["cbt"] = 4, ["children_stories"] = 4, ["stories"] = 4,
        ["simple_wikipedia"] = 5, ["simple_wiki"] = 5, ["expository"] = 5,
        ["wikipedia"] = 6, ["gutenberg"] = 6,
    };

    /// <summary>
    /// The rank of each source (indexed like <paramref name="sources"/>) under <paramref name="order"/>:
    /// a single named order, or a list of source names (each entry may join several with '+').
    /// </summary>
    public static int[] Ranks(IReadOnlyList<string> order, IReadOnlyList<string> sources)
    {
        if (order.Count == 0) throw new BabyLmException("curriculum.sources is empty", $"give a named order ({string.Join(", ", Named)}) or a list of sources");
        if (order.Count == 1 && Named.Contains(order[0])) return NamedRanks(order[0], sources);
        if (order.Any(Named.Contains))
            throw new BabyLmException($"curriculum.sources mixes a named order with source names: [{string.Join(", ", order)}]",
                $"give either one of {string.Join(", ", Named)} or a list of source names");

        var ranks = Enumerable.Repeat(0, sources.Count).ToArray();
        var allowed = sources.Concat(Named).ToList();
        for (int r = 0; r < order.Count; r++)
        {
            foreach (var name in order[r].Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                int i = IndexOf(sources, name);
                if (i < 0) throw new BabyLmException(Suggest.Unknown("source", name, allowed), "curriculum.sources names sources of the corpus (or one named order)");
                if (ranks[i] != 0) throw new BabyLmException($"curriculum.sources names source '{name}' twice");
                ranks[i] = r + 1;
            }
        }
        var missing = sources.Where((_, i) => ranks[i] == 0).ToList();
        if (missing.Count > 0)
            throw new BabyLmException($"curriculum.sources leaves out source(s) of the corpus: {string.Join(", ", missing)}",
                "list every source (join sources of equal rank with '+', e.g. bnc_spoken+switchboard)");
        return ranks;
    }

    private static int[] NamedRanks(string name, IReadOnlyList<string> sources)
    {
        var ranks = new int[sources.Count];
        var unknown = new List<string>();
        for (int i = 0; i < sources.Count; i++)
        {
            if (!SpokenFirstRanks.TryGetValue(sources[i], out int r)) { unknown.Add(sources[i]); continue; }
            ranks[i] = name == SpokenFirst ? r : 7 - r;
        }
        if (unknown.Count > 0)
            throw new BabyLmException($"the named source order '{name}' has no place for source(s) {string.Join(", ", unknown)}",
                $"it knows {string.Join(", ", SpokenFirstRanks.Keys)}; give an explicit list in curriculum.sources instead");
        return ranks;
    }

    private static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == name) return i;
        return -1;
    }
}
