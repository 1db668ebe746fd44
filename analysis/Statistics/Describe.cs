// Mean and 95% t-interval over seeds: the number a paper reports for each condition.
namespace BabyLm.Analysis.Statistics;

/// <summary>
/// n values summarised as mean ± a two-sided t-interval: mean ± t_{1-α/2, n-1} · sd/√n.
/// With n = 1 the spread is unknown: Sd, Low and High are NaN.
/// </summary>
public sealed record MeanCi(int N, double Mean, double Sd, double Low, double High, double Level)
{
    /// <summary>Half the interval's width (the "±" of "mean ± ci").</summary>
    public double HalfWidth => (High - Low) / 2;
    public double Se => N > 0 ? Sd / Math.Sqrt(N) : double.NaN;
}

public static class Describe
{
    public const double Level95 = 0.95;

    /// <summary>Mean, sample standard deviation (n − 1) and the t-interval at <paramref name="level"/>.</summary>
    public static MeanCi MeanWithCi(IReadOnlyList<double> values, double level = Level95)
    {
        int n = values.Count;
        if (n == 0) return new MeanCi(0, double.NaN, double.NaN, double.NaN, double.NaN, level);
        double mean = Mean(values);
        if (n == 1) return new MeanCi(1, mean, double.NaN, double.NaN, double.NaN, level);
        double sd = StandardDeviation(values, mean);
        double half = StudentT.Quantile(0.5 + level / 2, n - 1) * sd / Math.Sqrt(n);
        return new MeanCi(n, mean, sd, mean - half, mean + half, level);
    }

    public static double Mean(IReadOnlyList<double> values)
    {
        double sum = 0;
        for (int i = 0; i < values.Count; i++) sum += values[i];
        return sum / values.Count;
    }

    /// <summary>Sample standard deviation (divisor n − 1), two-pass.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values, double mean)
    {
        double ss = 0;
        for (int i = 0; i < values.Count; i++) ss += (values[i] - mean) * (values[i] - mean);
        return Math.Sqrt(ss / (values.Count - 1));
    }
}
