// Statistics against independent values: closed forms of the t distribution (df = 1 is Cauchy,
// df = 2 has CDF 1/2 + t/(2√(2+t²))), a textbook paired t-test (Student's sleep data, as R's
// t.test(extra ~ group, data = sleep, paired = TRUE) prints it), hand-worked Holm and sign-flip
// examples, and MathNet.Numerics' Student t as the reference over a grid of t and df.
using BabyLm.Analysis.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNetT = MathNet.Numerics.Distributions.StudentT;

namespace BabyLm.Analysis.Tests;

public sealed class StatisticsTests
{
    // Our t CDF goes through a continued fraction converged to 1e-16; MathNet's through its own
    // incomplete beta. 1e-12 relative leaves room for both round-offs, nothing more.
    private const double Tolerance = 1e-12;

    private static void Close(double expected, double actual, double rel = Tolerance, string what = "")
        => Assert.True(Math.Abs(expected - actual) <= rel * Math.Max(1e-300, Math.Abs(expected)),
            $"{what}expected {expected:R}, got {actual:R} (relative error {Math.Abs(expected - actual) / Math.Abs(expected):E2})");

    [Theory]
    [InlineData(0.975, 1, 12.706204736174704)]  // tan(0.475π)
    [InlineData(0.95, 1, 6.313751514675044)]    // tan(0.45π)
    [InlineData(0.975, 2, 4.302652729749464)]   // (2p−1)/√(2p(1−p))
    [InlineData(0.995, 2, 9.924843200918282)]
    public void Quantile_MatchesClosedForms(double p, double df, double expected) => Close(expected, StudentT.Quantile(p, df), 1e-13);

    [Theory]
    [InlineData(0.975, 3, 3.182446)]   // printed tables, to their six decimals
    [InlineData(0.975, 4, 2.776445)]
    [InlineData(0.975, 9, 2.262157)]
    [InlineData(0.975, 29, 2.045230)]
    [InlineData(0.995, 5, 4.032143)]
    public void Quantile_MatchesTables(double p, double df, double expected) => Assert.Equal(expected, StudentT.Quantile(p, df), 6);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(1.7)]
    [InlineData(-4.2)]
    [InlineData(25.0)]
    public void Cdf_MatchesClosedForms(double t)
    {
        Close(0.5 + Math.Atan(t) / Math.PI, StudentT.Cdf(t, 1));
        Close(0.5 + t / (2 * Math.Sqrt(2 + t * t)), StudentT.Cdf(t, 2));
    }

    [Fact]
    public void Cdf_AndTail_MatchMathNet_OverAGrid()
    {
        double[] dfs = [1, 1.5, 2, 3, 4, 5, 7, 10, 19, 30, 100, 1000];
        for (double t = -40; t <= 40; t += 0.37)
            foreach (var df in dfs)
            {
                Close(MathNetT.CDF(0, 1, df, t), StudentT.Cdf(t, df), 1e-11, $"t {t:R} df {df}: ");
                // The two-sided p in the far tail, relative to its (small) size: MathNet's lower tail at −|t| is the reference.
                Close(2 * MathNetT.CDF(0, 1, df, -Math.Abs(t)), StudentT.TwoSidedP(t, df), 1e-9, $"t {t:R} df {df}: ");
            }
    }

    [Theory]
    [InlineData(-1.52, 1e5, 0.064257068616779115123, 1e-13)]  // mpmath, 40 digits: betainc(df/2, 1/2, 0, df/(df+t²))/2
    [InlineData(2.5, 1e5, 0.99378954040372047731, 1e-13)]
    [InlineData(0.3, 250, 0.61778677549197519767, 1e-13)]
    [InlineData(-4.0, 1e6, 0.00003167351700502405231, 1e-10)] // the continued fraction needs ~√a terms here: round-off adds up
    public void Cdf_MatchesHighPrecisionValues_AtLargeDf(double t, double df, double expected, double tolerance)
        // MathNet's own CDF is off by ~5e-11 at df = 1e5 (log-gamma cancellation); ours combines Stirling remainders.
        => Close(expected, StudentT.Cdf(t, df), tolerance);

    [Fact]
    public void Quantile_MatchesMathNet_OverAGrid()
    {
        foreach (var df in new double[] { 1, 2, 2.5, 3, 5, 8, 13, 40, 250 })
            foreach (var p in new[] { 0.5005, 0.6, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995, 0.9995 })
            {
                Close(MathNetT.InvCDF(0, 1, df, p), StudentT.Quantile(p, df), 1e-8);
                double back = StudentT.Cdf(StudentT.Quantile(p, df), df);
                Assert.True(Math.Abs(p - back) <= 1e-12, $"df {df} p {p}: Cdf(Quantile(p)) = {back:R}");
                Close(-StudentT.Quantile(p, df), StudentT.Quantile(1 - p, df), 1e-12);
            }
    }

    [Property(MaxTest = 200)]
    public Property Quantile_InvertsCdf()
        // Lower tail (t ≤ 0), where Cdf(t) keeps every digit; the upper tail follows by symmetry (tested above).
        => Prop.ForAll(Gen.Choose(-3000, 0).Select(i => i / 100.0).ToArbitrary(), Gen.Choose(1, 60).ToArbitrary(),
            (t, df) => (Math.Abs(StudentT.Quantile(StudentT.Cdf(t, df), df) - t) <= 1e-9 * Math.Max(1, Math.Abs(t)))
                .Label($"t {t} df {df}: Quantile(Cdf(t)) = {StudentT.Quantile(StudentT.Cdf(t, df), df):R}"));

    [Fact]
    public void Quantile_KeepsPrecisionInTheLowerTail()
    {
        // MathNet's InvCDF stops at ±800 out here; its CDF is the reference.
        Close(1e-30, MathNetT.CDF(0, 1, 60, StudentT.Quantile(1e-30, 60)), 1e-9);
        Close(1e-30, StudentT.Cdf(StudentT.Quantile(1e-30, 60), 60), 1e-9);
    }

    [Fact]
    public void MeanWithCi_HandWorked()
    {
        // mean 0.72, sd 0.02, half-width t(0.975, 2)·0.02/√3.
        var ci = Describe.MeanWithCi([0.70, 0.72, 0.74]);
        Close(0.72, ci.Mean, 1e-14);
        Close(0.02, ci.Sd, 1e-12);
        Close(4.302652729749464 * 0.02 / Math.Sqrt(3), ci.HalfWidth, 1e-12);
        Assert.Equal(3, ci.N);

        var one = Describe.MeanWithCi([0.6]);
        Assert.Equal(0.6, one.Mean);
        Assert.True(double.IsNaN(one.HalfWidth));
    }

    [Fact]
    public void PairedTest_ReproducesStudentsSleepData()
    {
        // Extra hours of sleep under two drugs, 10 patients (Cushny & Peebles; Student 1908).
        double[] drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
        double[] drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
        var r = PairedTest.Compare(drug2, drug1);
        Assert.Equal(10, r.N);
        Assert.Equal(9, r.Df);
        Close(1.58, r.MeanDiff, 1e-12);
        Close(4.062127683382037, r.T, 1e-10);   // R: t = 4.0621
        Close(0.002832890, r.P, 1e-6);          // R: p-value = 0.002833
        Close(0.7001142, r.Low, 1e-6);          // R: 95 percent confidence interval 0.7001142 2.4598858
        Close(2.4598858, r.High, 1e-6);
        Close(2 * MathNetT.CDF(0, 1, 9, -r.T), r.P, 1e-9);
    }

    [Fact]
    public void SignFlip_HandWorked()
    {
        // {1, 2, 3}: of the 8 sign patterns only +++ and −−− reach |sum| ≥ 6.
        Assert.Equal(0.25, PairedTest.SignFlipP([1, 2, 3]));
        // {1, −1, 2, 4}: |±1 ±1 ±2 ±4| ≥ 6 for 8 (1 way), 6 (2 ways) and their negatives: 6 of 16.
        Assert.Equal(6.0 / 16, PairedTest.SignFlipP([1, -1, 2, 4]));
        // All zero: every pattern ties the observed sum.
        Assert.Equal(1.0, PairedTest.SignFlipP([0, 0, 0]));
        // Exact values are multiples of 2⁻ⁿ; the smallest two-sided p with 3 pairs is 0.25.
        Assert.Equal(0.25, PairedTest.Compare([0.9, 0.8, 0.7], [0.1, 0.1, 0.1]).PermutationP);
    }

    [Fact]
    public void SignFlip_MeetInTheMiddle_EqualsBruteForce()
    {
        var rng = new Random(3);
        for (int n = 1; n <= 14; n++)
            for (int trial = 0; trial < 5; trial++)
            {
                // Rounded values make exact ties between patterns common, the hard case for counting.
                var d = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble() * 4 - 1.5, trial % 2 == 0 ? 0 : 3)).ToArray();
                double observed = Math.Abs(d.Sum()), tol = 1e-9 * d.Sum(Math.Abs);
                int extreme = 0;
                for (int mask = 0; mask < 1 << n; mask++)
                    if (Math.Abs(d.Select((v, i) => (mask >> i & 1) == 0 ? v : -v).Sum()) >= observed - tol) extreme++;
                Assert.Equal((double)extreme / (1 << n), PairedTest.SignFlipP(d), 12);
            }
    }

    [Fact]
    public void SignFlip_IsExactAndFast_For25Pairs()
    {
        // 25 seeds: 2²⁵ patterns, counted by meeting in the middle; all positive → only ++…+ and −−…− reach the sum.
        var d = Enumerable.Range(1, 25).Select(i => (double)i).ToArray();
        Assert.Equal(2.0 / (1 << 25), PairedTest.SignFlipP(d));
    }

    [Fact]
    public void PairedTest_DegenerateDifferences()
    {
        var same = PairedTest.OfDifferences([0.0, 0.0, 0.0]);
        Assert.Equal(1.0, same.P);
        var constant = PairedTest.OfDifferences([0.02, 0.02, 0.02]);
        Assert.Equal(0.0, constant.P);
        Assert.True(double.IsPositiveInfinity(constant.T));
        var single = PairedTest.OfDifferences([0.02]);
        Assert.True(double.IsNaN(single.P));
    }

    [Fact]
    public void Holm_HandWorked()
    {
        // Sorted 0.005, 0.01, 0.03, 0.04 with m = 4: 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06, max(0.06, 1·0.04) = 0.06.
        var adjusted = Holm.Adjust([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 12)));
        // Capped at 1; NaN stays NaN and does not count in m.
        var capped = Holm.Adjust([0.5, double.NaN, 0.6]);
        Assert.Equal(1.0, capped[0]);
        Assert.True(double.IsNaN(capped[1]));
        Assert.Equal(1.0, capped[2]);
    }

    [Property(MaxTest = 200)]
    public Property Holm_IsMonotoneAndNeverBelowTheRawP()
        => Prop.ForAll(Gen.Choose(0, 1000).Select(i => i / 1000.0).ArrayOf().ToArbitrary(), p =>
        {
            var a = Holm.Adjust(p);
            var order = Enumerable.Range(0, p.Length).OrderBy(i => p[i]).ToArray();
            bool monotone = order.Zip(order.Skip(1)).All(x => a[x.First] <= a[x.Second]);
            return monotone && p.Select((v, i) => a[i] >= v && a[i] <= 1).All(b => b);
        });
}
