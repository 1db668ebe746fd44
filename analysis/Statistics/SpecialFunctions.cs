// Log-gamma and the regularized incomplete beta function, the two special functions the t
// distribution needs. Plain double-precision implementations of the textbook algorithms.
namespace BabyLm.Analysis.Statistics;

internal static class SpecialFunctions
{
    // Lanczos approximation, g = 7, n = 9 (Godfrey's coefficients): ≈ 1e-15 relative for x > 0.
    private static readonly double[] s_lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x); // reflection
        x -= 1;
        double a = s_lanczos[0];
        double t = x + 7.5;
        for (int i = 1; i < s_lanczos.Length; i++) a += s_lanczos[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }

    /// <summary>
    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). For large arguments the three log-gammas are huge
    /// and nearly cancel, so their Stirling remainders are combined instead (as R's lbeta does).
    /// </summary>
    public static double LogBeta(double a, double b)
    {
        double p = Math.Min(a, b), q = Math.Max(a, b);
        const double LnSqrt2Pi = 0.91893853320467274178;
        if (p >= 10)
        {
            double corr = StirlingRemainder(p) + StirlingRemainder(q) - StirlingRemainder(p + q);
            return -0.5 * Math.Log(q) + LnSqrt2Pi + corr + (p - 0.5) * Math.Log(p / (p + q)) + q * Log1P(-p / (p + q));
        }
        if (q >= 10)
        {
            double corr = StirlingRemainder(q) - StirlingRemainder(p + q);
            return LogGamma(p) + corr + p - p * Math.Log(p + q) + (q - 0.5) * Log1P(-p / (p + q));
        }
        return LogGamma(p) + LogGamma(q) - LogGamma(p + q);
    }

    // ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π] for x ≥ 10: the Stirling series, to double precision.
    private static double StirlingRemainder(double x)
    {
        double r = 1 / x, r2 = r * r;
        return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 * (1.0 / 1188)))));
    }

    /// <summary>ln(1 + x), accurate for small |x| (Goldberg's trick: the rounding error of 1 + x cancels).</summary>
    public static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>I_x(a, b) = B(x; a, b) / B(a, b), for a, b &gt; 0 and 0 ≤ x ≤ 1.</summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x) => RegularizedIncompleteBeta(a, b, x, 1 - x);

    /// <summary>
    /// I_x(a, b) with y = 1 − x given separately: where x is close to 1, y computed from its own
    /// formula keeps digits that 1 − x would lose (I_x is steep there when a is large).
    /// </summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x, double y)
    {
        if (x <= 0) return 0;
        if (y <= 0) return 1;
        // ln x and ln y each from whichever of x, y is small: ln(1 − y) = Log1P(−y) keeps y's digits.
        double logX = x > 0.5 ? Log1P(-y) : Math.Log(x), logY = y > 0.5 ? Log1P(-x) : Math.Log(y);
        double logFront = a * logX + b * logY - LogBeta(a, b);
        double front = Math.Exp(logFront);
        // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry I_x(a,b) = 1 - I_y(b,a) otherwise.
        return x < (a + 1) / (a + b + 2)
            ? front * BetaContinuedFraction(a, b, x) / a
            : 1 - front * BetaContinuedFraction(b, a, y) / b;
    }

    // Modified Lentz evaluation of the continued fraction for I_x(a, b) (Numerical Recipes, betacf).
    private static double BetaContinuedFraction(double a, double b, double x)
    {
        const double Tiny = 1e-300, Eps = 1e-16;
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - qab * x / qap;
        if (Math.Abs(d) < Tiny) d = Tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 100_000; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d; if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1 + aa / c; if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d; if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1 + aa / c; if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < Eps) return h;
        }
        return h;
    }
}
