// Shared helpers of the kernel tests: seeded data, garbage-filled outputs, the SIMD paths to run, shared
// pools, tolerance checks, and central finite differences of a double-precision forward.
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Tests.Kernels;

public static class KernelTesting
{
    /// <summary>Pools shared by all kernel tests (1, 2 and 3 threads: 3 gives uneven partitions).</summary>
    public static readonly WorkerPool Pool1 = new(1), Pool2 = new(2), Pool3 = new(3);

    public static WorkerPool Pool(int threads) => threads switch { 1 => Pool1, 2 => Pool2, _ => Pool3 };

    /// <summary>Every path this machine runs, Scalar included (so the data is never empty).</summary>
    public static TheoryData<SimdPath> Paths()
    {
        var data = new TheoryData<SimdPath>();
        foreach (var p in Simd.Available) data.Add(p);
        return data;
    }

    public static float[] Random(long n, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var a = new float[n];
        for (long i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }

    /// <summary>An output buffer full of NaN: any element a kernel forgets to write fails the comparison.</summary>
    public static float[] Garbage(long n)
    {
        var a = new float[n];
        Array.Fill(a, float.NaN);
        return a;
    }

    /// <summary>Asserts |actual − expected| ≤ tol·(|expected| + floor) element-wise, naming the first offender.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tol, string what, double floor = 1.0)
        => Close(ToDouble(expected.ToArray()), actual, tol, what, floor);

    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tol, string what, double floor = 1.0)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (!(Math.Abs(a - e) <= tol * (Math.Abs(e) + floor)))
                Assert.Fail($"{what}: element {i} of {expected.Length} is {a:R}, expected {e:R} (tolerance {tol:G2})");
        }
    }

    /// <summary>Relative Frobenius error ‖actual − expected‖ / max(‖expected‖, tiny).</summary>
    public static double RelativeError(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual)
    {
        double num = 0, den = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = actual[i] - expected[i];
            num += d * d;
            den += expected[i] * expected[i];
        }
        return Math.Sqrt(num / Math.Max(den, 1e-300));
    }

    public static void Bitwise(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i} differs: {actual[i]:R} vs {expected[i]:R}");
    }

    /// <summary>
    /// The gradient of loss(x) = Σ forward(x)·weights by central differences in double, for every element
    /// of x (x is restored afterwards).
    /// </summary>
    public static double[] FiniteDifferences(double[] x, Func<double[], double[]> forward, double[] weights, double h = 1e-5)
    {
        var grad = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double keep = x[i];
            x[i] = keep + h;
            double up = Dot(forward(x), weights);
            x[i] = keep - h;
            double down = Dot(forward(x), weights);
            x[i] = keep;
            grad[i] = (up - down) / (2 * h);
        }
        return grad;
    }

    public static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    public static double[] ToDouble(float[] a) => Array.ConvertAll(a, x => (double)x);
}
