// Holm's step-down correction for a family of tests (here: every condition against the baseline).
// Controls the family-wise error rate like Bonferroni, and is uniformly more powerful.
namespace BabyLm.Analysis.Statistics;

public static class Holm
{
    /// <summary>
    /// Holm-adjusted p-values, in the input order. With the m non-NaN p-values sorted ascending
    /// p₍₁₎ ≤ … ≤ p₍ₘ₎: p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎). NaN inputs stay NaN and do not count in m.
    /// </summary>
    public static double[] Adjust(IReadOnlyList<double> p)
    {
        var adjusted = new double[p.Count];
        var order = Enumerable.Range(0, p.Count).Where(i => !double.IsNaN(p[i])).OrderBy(i => p[i]).ThenBy(i => i).ToArray();
        int m = order.Length;
        double running = 0;
        for (int k = 0; k < m; k++)
        {
            running = Math.Max(running, Math.Min(1, (m - k) * p[order[k]]));
            adjusted[order[k]] = running;
        }
        for (int i = 0; i < p.Count; i++) if (double.IsNaN(p[i])) adjusted[i] = double.NaN;
        return adjusted;
    }
}
