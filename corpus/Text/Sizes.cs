// Counts with size suffixes, as researchers write them: 10M words, 500k, 1.5B (k = 10^3, M = 10^6, B = 10^9).
using System.Globalization;

namespace BabyLm.Corpus.Text;

public static class Sizes
{
    /// <summary>Parses "10M", "500k", "1.5B", "12345" (also "10m", "1_000"). Throws a <see cref="BabyLmException"/> naming <paramref name="what"/>.</summary>
    public static long Parse(string text, string what = "count")
    {
        var s = text.Trim().Replace("_", "", StringComparison.Ordinal);
        double multiplier = 1;
        if (s.Length > 0)
        {
            switch (char.ToUpperInvariant(s[^1]))
            {
                case 'K': multiplier = 1e3; s = s[..^1]; break;
                case 'M': multiplier = 1e6; s = s[..^1]; break;
                case 'B': case 'G': multiplier = 1e9; s = s[..^1]; break;
            }
        }
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0
            || double.IsNaN(value) || double.IsInfinity(value) || value * multiplier > long.MaxValue)
        {
            throw new BabyLmException(
                $"{what}: '{text}' is not a count",
                "write a non-negative number with an optional suffix k (thousand), M (million) or B (billion), e.g. 10M");
        }
        return (long)Math.Round(value * multiplier);
    }

    /// <summary>Formats a count the short way: 10000000 → "10M", 1500 → "1.5k", 999 → "999".</summary>
    public static string Format(long n)
    {
        static string F(double v, string suffix) => v.ToString("0.##", CultureInfo.InvariantCulture) + suffix;
        return n switch
        {
            >= 1_000_000_000 => F(n / 1e9, "B"),
            >= 1_000_000 => F(n / 1e6, "M"),
            >= 1_000 => F(n / 1e3, "k"),
            _ => n.ToString(CultureInfo.InvariantCulture),
        };
    }
}
