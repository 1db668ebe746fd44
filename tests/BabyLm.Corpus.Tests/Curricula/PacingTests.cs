// Every pacing function against a direct transcription of the published formula (CLIMB, as in the facts
// note), in double, at its boundaries and at 100 random steps, for several parameter sets.
using BabyLm.Corpus.Curricula;

namespace BabyLm.Corpus.Tests.Curricula;

public sealed class PacingTests
{
    // Values lie in [0, 1]; the implementation groups (dmax − d0)·(u/L) where the transcription computes
    // (dmax − d0)·u/L, which differs by a few ulps at most.
    private const double Tolerance = 1e-12;

    /// <summary>The published formulas, transcribed as written in ../shared/notes/babylm-facts.md.</summary>
    private static double Published(string fn, double step, double n, double s, double e, double d0, double dmax, double c)
    {
        if (fn == "none") return 1;
        double s0 = s * n, s1 = e * n, l = s1 - s0, u = step - s0;
        if (fn == "step") return step < s1 ? d0 : dmax;
        if (step < s0) return d0;
        double d = fn switch
        {
            "linear" => d0 + (dmax - d0) * u / l,
            "quad" => d0 + (dmax - d0) * Math.Pow(u / l, 2),
            "root" => d0 + (dmax - d0) * Math.Sqrt(u / l),
            "exp" => d0 + (dmax - d0) * (Math.Exp(c * u / l) - 1) / (Math.Exp(c) - 1),
            "log" => d0 + (dmax - d0) * (1 + Math.Log(u / l + Math.Exp(-c)) / c),
            _ => throw new ArgumentException(fn),
        };
        return Math.Min(d, dmax);
    }

    public static TheoryData<string, double, double, double, double, double, double> Cases()
    {
        var data = new TheoryData<string, double, double, double, double, double, double>();
        (double N, double S, double E, double D0, double Dmax, double C)[] sets =
        [
            (1000, 0.0, 0.8, 0.1, 1.0, 10),   // the defaults
            (1234, 0.1, 0.7, 0.2, 1.0, 10),   // CLIMB's defaults
            (1, 0.25, 0.5, 0.0, 0.9, 5),      // progress units
            (50000, 0.05, 0.95, 0.3, 0.8, 2.5),
        ];
        foreach (var fn in Pacing.Names)
            foreach (var p in sets) data.Add(fn, p.N, p.S, p.E, p.D0, p.Dmax, p.C);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pacing_MatchesThePublishedFormula_AtBoundariesAndRandomSteps(string fn, double n, double s, double e, double d0, double dmax, double c)
    {
        var p = new PacingParams(s, e, d0, dmax, c);
        double s0 = s * n, s1 = e * n, eps = n * 1e-6;
        var steps = new List<double> { 0, s0 - eps, s0, s0 + eps, (s0 + s1) / 2, s1 - eps, s1, s1 + eps, n };
        var rng = new Random(fn.Length * 7919 + (int)n);
        for (int i = 0; i < 100; i++) steps.Add(rng.NextDouble() * n);
        foreach (var step in steps.Where(x => x >= 0 && x <= n))
        {
            double expected = Published(fn, step, n, s, e, d0, dmax, c);
            double actual = Pacing.Difficulty(fn, step, n, p);
            Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{fn} at step {step} of {n}: published {expected:R}, ours {actual:R}");
        }
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("quad")]
    [InlineData("root")]
    [InlineData("exp")]
    [InlineData("log")]
    public void Pacing_StartsAtD0_EndsAtDmax_AndNeverDecreases(string fn)
    {
        var p = new PacingParams(0.1, 0.6, 0.2, 0.9, 10);
        Assert.Equal(0.2, Pacing.Difficulty(fn, 0.0, p));
        Assert.Equal(0.2, Pacing.Difficulty(fn, 0.1, p), 12);
        Assert.Equal(0.9, Pacing.Difficulty(fn, 0.6, p));
        Assert.Equal(0.9, Pacing.Difficulty(fn, 1.0, p));
        double last = 0;
        for (int i = 0; i <= 1000; i++)
        {
            double d = Pacing.Difficulty(fn, i / 1000.0, p);
            Assert.True(d >= last - 1e-15, $"{fn} decreases at {i / 1000.0}");
            last = d;
        }
    }

    [Fact]
    public void Step_HoldsD0UntilTheEnd_ThenJumps_AndNoneIsAlwaysOne()
    {
        var p = new PacingParams(0.2, 0.5, 0.1, 1.0);
        Assert.Equal(0.1, Pacing.Difficulty("step", 0.4999, p));
        Assert.Equal(1.0, Pacing.Difficulty("step", 0.5, p));
        Assert.Equal(1.0, Pacing.Difficulty("none", 0.0, p));
    }

    [Fact]
    public void EqualStartAndEnd_IsAStepAtTheEnd_NotADivisionByZero()
    {
        var p = new PacingParams(0.5, 0.5, 0.1, 1.0);
        foreach (var fn in new[] { "linear", "quad", "root", "exp", "log" })
        {
            Assert.Equal(0.1, Pacing.Difficulty(fn, 0.49, p));
            Assert.Equal(1.0, Pacing.Difficulty(fn, 0.5, p));
        }
        // exp with d0 = dmax after the end: dmax, not ∞·0.
        Assert.Equal(0.5, Pacing.Difficulty("exp", 1.0, new PacingParams(0, 1e-9, 0.5, 0.5)));
    }
}
