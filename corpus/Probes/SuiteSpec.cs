// Suite specs as users write them: `builtin`, `blimp:<dir>`, `zorro:<dir>`, the BabyLM zero-shot tasks
// `babylm:<dir>` (every task of an official evaluation_data folder), `ewok:<dir>`, `comps:<dir>`,
// `entity:<dir>`, `wug-adj:<dir>`, `wug-past:<dir>` (one task each), or a comma-separated list of them
// (`builtin,blimp:data/blimp_filtered`). A blimp folder may hold BLiMP files, BLiMP supplement files
// or both. The evaluation parses --probes through here.
namespace BabyLm.Corpus.Probes;

public enum SuiteKind { Builtin, Blimp, Zorro, Babylm, Ewok, Comps, Entity, WugAdj, WugPast }

public sealed record SuiteSpec(SuiteKind Kind, string? Path = null)
{
    public static readonly SuiteSpec Builtin = new(SuiteKind.Builtin);

    private static readonly (string Name, SuiteKind Kind)[] s_kinds =
    [
        ("builtin", SuiteKind.Builtin), ("blimp", SuiteKind.Blimp), ("zorro", SuiteKind.Zorro), ("babylm", SuiteKind.Babylm),
        ("ewok", SuiteKind.Ewok), ("comps", SuiteKind.Comps), ("entity", SuiteKind.Entity), ("wug-adj", SuiteKind.WugAdj), ("wug-past", SuiteKind.WugPast),
    ];

    private const string KindList = "builtin, blimp:<dir>, zorro:<dir>, babylm:<dir> (every BabyLM zero-shot task of an evaluation_data folder), "
        + "ewok:<dir>, comps:<dir>, entity:<dir>, wug-adj:<dir>, wug-past:<dir>";

    /// <summary>True for the kinds whose items are minimal pairs of whole sentences (builtin, blimp, zorro).</summary>
    public bool IsMinimalPairs => Kind is SuiteKind.Builtin or SuiteKind.Blimp or SuiteKind.Zorro;

    /// <summary>Parses a comma-separated list of specs (at least one).</summary>
    public static IReadOnlyList<SuiteSpec> ParseList(string text)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0) throw new BabyLmException("--probes: no suite given", $"write one of {KindList} (comma-separated for several)");
        return items.Select(Parse).ToList();
    }

    /// <summary>Parses one spec; errors suggest the nearest kind.</summary>
    public static SuiteSpec Parse(string item)
    {
        var s = item.Trim();
        int colon = s.IndexOf(':', StringComparison.Ordinal);
        var kind = (colon < 0 ? s : s[..colon]).ToLowerInvariant();
        var path = colon < 0 ? null : s[(colon + 1)..].Trim();
        switch (kind)
        {
            case "builtin" when path is null or "":
                return Builtin;
            case "builtin":
                throw new BabyLmException($"suite '{item}': the built-in suite takes no path", "write just builtin");
        }
        foreach (var (name, k) in s_kinds)
        {
            if (name != kind) continue;
            if (string.IsNullOrEmpty(path))
                throw new BabyLmException($"suite '{item}': {kind} needs a folder", $"write {kind}:<dir>, e.g. {kind}:{ExampleDir(k)}");
            return new SuiteSpec(k, path);
        }
        var nearest = s_kinds.Select(k => k.Name).OrderBy(k => Distance(k, kind)).First();
        throw new BabyLmException($"suite '{item}': unknown kind '{kind}'", $"did you mean {nearest}? Kinds: {KindList}");
    }

    public override string ToString() => Kind switch
    {
        SuiteKind.Builtin => "builtin",
        _ => $"{s_kinds.First(k => k.Kind == Kind).Name}:{Path}",
    };

    private static string ExampleDir(SuiteKind kind) => kind switch
    {
        SuiteKind.Babylm => "evaluation_data/full_eval",
        SuiteKind.Ewok => "evaluation_data/full_eval/ewok_filtered",
        SuiteKind.Comps => "evaluation_data/full_eval/comps",
        SuiteKind.Entity => "evaluation_data/full_eval/entity_tracking",
        SuiteKind.WugAdj => "evaluation_data/full_eval/wug_adj_nominalization",
        SuiteKind.WugPast => "evaluation_data/full_eval/wug_past_tense",
        SuiteKind.Zorro => "data/zorro",
        _ => "data/blimp",
    };

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
