// Paired comparison of a condition against the baseline condition, run by run (paired by seed):
// the mean difference with its t-interval, Student's paired t-test, and an exact sign-flip
// permutation test. With 3 seeds the sign-flip test cannot go below p = 2/2³ = 0.25: it is reported
// beside the t-test so that a reader sees how much the t-test's normality assumption is carrying.
namespace BabyLm.Analysis.Statistics;

/// <summary>The outcome of a paired comparison of n differences d = condition − baseline.</summary>
public sealed record PairedResult
{
    public required int N { get; init; }
    public required double MeanDiff { get; init; }
    public required double Sd { get; init; }
    /// <summary>t = mean / (sd/√n); ±∞ when every difference is the same non-zero value, 0 when all are zero.</summary>
    public required double T { get; init; }
    public required double Df { get; init; }
    /// <summary>Two-sided p-value of the paired t-test.</summary>
    public required double P { get; init; }
    /// <summary>t-interval of the mean difference.</summary>
    public required double Low { get; init; }
    public required double High { get; init; }
    /// <summary>Two-sided p-value of the sign-flip permutation test (exact for n ≤ 32).</summary>
    public required double PermutationP { get; init; }
}

public static class PairedTest
{
    /// <summary>Exact up to this many pairs (two halves of 2¹⁶ sign patterns each); Monte Carlo above.</summary>
    public const int ExactLimit = 32;
    private const int MonteCarloDraws = 100_000;

    /// <summary>Compares paired samples: differences are a[i] − b[i].</summary>
    public static PairedResult Compare(IReadOnlyList<double> a, IReadOnlyList<double> b, double level = Describe.Level95)
    {
        if (a.Count != b.Count) throw new ArgumentException($"paired samples differ in length ({a.Count} vs {b.Count})");
        var d = new double[a.Count];
        for (int i = 0; i < d.Length; i++) d[i] = a[i] - b[i];
        return OfDifferences(d, level);
    }

    public static PairedResult OfDifferences(IReadOnlyList<double> d, double level = Describe.Level95)
    {
        int n = d.Count;
        if (n < 2)
        {
            double m = n == 1 ? d[0] : double.NaN;
            return new PairedResult
            {
                N = n, MeanDiff = m, Sd = double.NaN, T = double.NaN, Df = Math.Max(0, n - 1), P = double.NaN,
                Low = double.NaN, High = double.NaN, PermutationP = n == 1 ? 1 : double.NaN,
            };
        }
        var ci = Describe.MeanWithCi(d, level);
        double t, p;
        if (ci.Sd == 0)
        {
            // Every difference equal: the t statistic is 0/0 or ±c/0; take its limits.
            t = ci.Mean == 0 ? 0 : ci.Mean > 0 ? double.PositiveInfinity : double.NegativeInfinity;
            p = ci.Mean == 0 ? 1 : 0;
        }
        else
        {
            t = ci.Mean / (ci.Sd / Math.Sqrt(n));
            p = StudentT.TwoSidedP(t, n - 1);
        }
        return new PairedResult
        {
            N = n, MeanDiff = ci.Mean, Sd = ci.Sd, T = t, Df = n - 1, P = p,
            Low = ci.Low, High = ci.High, PermutationP = SignFlipP(d),
        };
    }

    /// <summary>
    /// Two-sided sign-flip permutation p-value: under H0 (differences symmetric about 0) each sign
    /// pattern is equally likely; p = share of the 2ⁿ patterns whose |Σ ±dᵢ| ≥ |Σ dᵢ| (the observed one
    /// included). Exact for n ≤ <see cref="ExactLimit"/> by meeting in the middle: the sums of each half's
    /// sign patterns are listed, one list sorted, and the pairs reaching the threshold counted by binary
    /// search (2^(n/2) log steps instead of 2ⁿ). Above the limit, a seeded Monte Carlo estimate.
    /// </summary>
    public static double SignFlipP(IReadOnlyList<double> d)
    {
        int n = d.Count;
        if (n == 0) return double.NaN;
        double observed = 0, scale = 0;
        for (int i = 0; i < n; i++) { observed += d[i]; scale += Math.Abs(d[i]); }
        double threshold = Math.Abs(observed) - 1e-12 * scale; // ties with the observed sum count as "at least as extreme"
        if (threshold <= 0) return 1;
        if (n <= ExactLimit)
        {
            int h = n / 2;
            var left = SignedSums(d, 0, h);
            var right = SignedSums(d, h, n);
            Array.Sort(right);
            long count = 0;
            foreach (var a in left)
            {
                // a + b ≥ T  or  a + b ≤ −T (disjoint, as T > 0).
                count += right.Length - LowerBound(right, threshold - a);
                count += UpperBound(right, -threshold - a);
            }
            return count / ((double)left.Length * right.Length);
        }
        var rng = new Random(12345);
        long hits = 0;
        for (int draw = 0; draw < MonteCarloDraws; draw++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += rng.Next(2) == 0 ? d[i] : -d[i];
            if (Math.Abs(s) >= threshold) hits++;
        }
        return (hits + 1.0) / (MonteCarloDraws + 1.0);
    }

    // Σ ±d[i] for i in [from, to), over all 2^(to−from) sign patterns.
    private static double[] SignedSums(IReadOnlyList<double> d, int from, int to)
    {
        var sums = new double[1 << (to - from)];
        for (int mask = 0; mask < sums.Length; mask++)
        {
            double s = 0;
            for (int i = from; i < to; i++) s += (mask >> (i - from) & 1) == 0 ? d[i] : -d[i];
            sums[mask] = s;
        }
        return sums;
    }

    // First index with sorted[i] ≥ x.
    private static int LowerBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; }
        return lo;
    }

    // Number of elements ≤ x.
    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] <= x) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
