// "Did you mean …?" for unknown names: the closest allowed names by edit distance.
namespace BabyLm.Core;

public static class Suggest
{
    /// <summary>The allowed names within a small edit distance of <paramref name="name"/>, closest first.</summary>
    public static IReadOnlyList<string> Closest(string name, IEnumerable<string> allowed, int max = 3)
    {
        var scored = allowed.Select(a => (a, d: Distance(name.ToLowerInvariant(), a.ToLowerInvariant())))
            .Where(x => x.d <= Math.Max(2, x.a.Length / 3))
            .OrderBy(x => x.d).ThenBy(x => x.a, StringComparer.Ordinal)
            .Take(max).Select(x => x.a).ToList();
        return scored;
    }

    /// <summary>"unknown X 'name' (did you mean 'y'?); allowed: a, b, c" as one message.</summary>
    public static string Unknown(string what, string name, IReadOnlyCollection<string> allowed)
    {
        var close = Closest(name, allowed);
        var mean = close.Count > 0 ? $" (did you mean '{close[0]}'?)" : "";
        return $"unknown {what} '{name}'{mean}; allowed: {string.Join(", ", allowed)}";
    }

    /// <summary>Throws a <see cref="BabyLmException"/> unless <paramref name="name"/> is one of <paramref name="allowed"/>.</summary>
    public static string Check(string what, string name, IReadOnlyCollection<string> allowed)
        => allowed.Contains(name) ? name : throw new BabyLmException(Unknown(what, name, allowed));

    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
