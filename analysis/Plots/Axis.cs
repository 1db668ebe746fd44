// Numeric axes: "nice" linear ticks (steps of 1, 2 or 5 × 10ᵏ, Heckbert 1990), logarithmic ticks
// at decades (with 2× and 5× labelled when the range is one decade), the mapping from data to pixels, and tick
// labels (plain decimals to the precision the step needs, or SI suffixes: 250k, 1M, 1.5B).
using System.Globalization;

namespace BabyLm.Analysis.Plots;

public sealed class Axis
{
    private double _p0, _p1;

    private Axis(double min, double max, bool log, IReadOnlyList<double> ticks, IReadOnlyList<double> minor, Func<double, string> format)
    {
        Min = min;
        Max = max;
        Log = log;
        Ticks = ticks;
        MinorTicks = minor;
        Labels = ticks.Select(format).ToList();
    }

    public double Min { get; }
    public double Max { get; }
    public bool Log { get; }
    public IReadOnlyList<double> Ticks { get; }
    /// <summary>Unlabelled ticks (log axes: 2…9 × 10ᵏ).</summary>
    public IReadOnlyList<double> MinorTicks { get; }
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Sets the pixel range: Min maps to <paramref name="p0"/>, Max to <paramref name="p1"/> (p1 &lt; p0 for a y axis).</summary>
    public void Place(double p0, double p1) => (_p0, _p1) = (p0, p1);

    public double Map(double v)
    {
        double f = Log ? (Math.Log10(v) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min)) : (v - Min) / (Max - Min);
        return _p0 + f * (_p1 - _p0);
    }

    public bool Contains(double v) => !double.IsNaN(v) && v >= Min - 1e-12 * Math.Abs(Max - Min) && v <= Max + 1e-12 * Math.Abs(Max - Min) && (!Log || v > 0);

    /// <summary>A linear axis covering [lo, hi], widened to nice ticks.</summary>
    public static Axis Linear(double lo, double hi, int target = 5, Func<double, string>? format = null)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi)) (lo, hi) = (0, 1);
        if (hi < lo) (lo, hi) = (hi, lo);
        if (hi - lo < 1e-12 * Math.Max(1, Math.Abs(hi))) { double pad = lo == 0 ? 1 : Math.Abs(lo) * 0.05; lo -= pad; hi += pad; }
        double step = NiceStep((hi - lo) / Math.Max(1, target));
        double min = Math.Floor(lo / step + 1e-9) * step, max = Math.Ceiling(hi / step - 1e-9) * step;
        var ticks = new List<double>();
        for (int i = 0; min + i * step <= max + step * 1e-9; i++) ticks.Add(Clean(min + i * step, step));
        return new Axis(min, max, false, ticks, [], format ?? PlainFormat(step));
    }

    /// <summary>A base-10 logarithmic axis covering [lo, hi] (both &gt; 0), widened to whole decades.</summary>
    public static Axis Logarithmic(double lo, double hi, Func<double, string>? format = null)
    {
        if (!(lo > 0) || !(hi > 0)) throw new ArgumentException("a log axis needs positive bounds");
        int d0 = (int)Math.Floor(Math.Log10(lo) + 1e-9), d1 = (int)Math.Ceiling(Math.Log10(hi) - 1e-9);
        if (d1 == d0) d1++;
        var ticks = new List<double>();
        var minor = new List<double>();
        bool dense = d1 - d0 <= 1;
        for (int d = d0; d <= d1; d++)
        {
            double b = Math.Pow(10, d);
            ticks.Add(b);
            if (d == d1) break;
            for (int m = 2; m <= 9; m++)
            {
                if (dense && (m == 2 || m == 5)) ticks.Add(m * b);
                else minor.Add(m * b);
            }
        }
        return new Axis(Math.Pow(10, d0), Math.Pow(10, d1), true, ticks, minor, format ?? (v => v.ToString("G4", CultureInfo.InvariantCulture)));
    }

    /// <summary>1, 2 or 5 × 10ᵏ: the nice number nearest above <paramref name="raw"/>.</summary>
    public static double NiceStep(double raw)
    {
        if (!(raw > 0)) return 1;
        double exp = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double f = raw / exp;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * exp;
    }

    /// <summary>Labels with as many decimals as the step needs, the same on every tick (step 0.2 → "0.0", "0.2"; step 5 → "55").</summary>
    public static Func<double, string> PlainFormat(double step)
    {
        int decimals = 0;
        while (decimals < 8 && Math.Abs(step * Math.Pow(10, decimals) - Math.Round(step * Math.Pow(10, decimals))) > 1e-9 * Math.Pow(10, decimals)) decimals++;
        var fmt = decimals == 0 ? "0" : "0." + new string('0', decimals);
        return v => Minus(v.ToString(fmt, CultureInfo.InvariantCulture));
    }

    /// <summary>SI-suffixed counts: 0, 500, 250k, 1M, 1.5M, 2B.</summary>
    public static string Si(double v)
    {
        double a = Math.Abs(v);
        var (scale, suffix) = a >= 1e9 ? (1e9, "B") : a >= 1e6 ? (1e6, "M") : a >= 1e3 ? (1e3, "k") : (1, "");
        return Minus((v / scale).ToString("0.##", CultureInfo.InvariantCulture) + suffix);
    }

    /// <summary>A typographic minus sign instead of a hyphen.</summary>
    private static string Minus(string s) => s.StartsWith('-') ? "−" + s[1..] : s;

    private static double Clean(double v, double step) => Math.Abs(v) < step * 1e-9 ? 0 : Math.Round(v / step) * step;
}

/// <summary>Text width estimates (no font metrics here): per-character advances of Helvetica/DejaVu Sans, in em.</summary>
public static class TextMetrics
{
    public static double Width(string text, double fontSize = 12)
    {
        double em = 0;
        foreach (char c in text)
            em += c switch
            {
                ' ' => 0.30,
                'i' or 'j' or 'l' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' => 0.28,
                'f' or 't' or 'r' or '(' or ')' or '[' or ']' or '-' => 0.38,
                'm' or 'w' => 0.86,
                'M' or 'W' => 0.95,
                '%' => 0.90,
                >= 'A' and <= 'Z' => 0.70,
                >= '0' and <= '9' => 0.62,
                '_' => 0.52,
                _ => 0.58,
            };
        return em * fontSize;
    }
}
