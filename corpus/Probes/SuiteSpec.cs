// Suite specs as users write them: `builtin`, `blimp:<dir>`, `zorro:<dir>`, or a comma-separated list of
// them (`builtin,blimp:data/blimp_filtered`). A blimp folder may hold BLiMP files, BLiMP supplement files
// or both. The evaluation parses --suite through here.
namespace BabyLm.Corpus.Probes;

public enum SuiteKind { Builtin, Blimp, Zorro }

public sealed record SuiteSpec(SuiteKind Kind, string? Path = null)
{
    public static readonly SuiteSpec Builtin = new(SuiteKind.Builtin);

    private static readonly string[] s_kinds = ["builtin", "blimp", "zorro"];

    /// <summary>Parses a comma-separated list of specs (at least one).</summary>
    public static IReadOnlyList<SuiteSpec> ParseList(string text)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0) throw new BabyLmException("--suite: no suite given", "write builtin, blimp:<dir> or zorro:<dir> (comma-separated for several)");
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
            case "blimp" or "zorro" when string.IsNullOrEmpty(path):
                throw new BabyLmException($"suite '{item}': {kind} needs a folder", $"write {kind}:<dir>, e.g. {kind}:data/{kind}");
            case "blimp":
                return new SuiteSpec(SuiteKind.Blimp, path);
            case "zorro":
                return new SuiteSpec(SuiteKind.Zorro, path);
        }
        var nearest = s_kinds.OrderBy(k => Distance(k, kind)).First();
        throw new BabyLmException($"suite '{item}': unknown kind '{kind}'",
            $"did you mean {nearest}? Kinds: builtin, blimp:<dir>, zorro:<dir>");
    }

    public override string ToString() => Kind switch
    {
        SuiteKind.Builtin => "builtin",
        _ => $"{Kind.ToString().ToLowerInvariant()}:{Path}",
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
