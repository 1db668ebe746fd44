using BabyLm.Engine.Kernels;
using static BabyLm.Engine.Tests.Kernels.KernelTesting;

namespace BabyLm.Engine.Tests.Kernels;

[Trait("Category", "Kernels")]
public class GeluTests
{
    // Both paths use σ(2u) = ½(1 + tanh u); ours differs from MathF.Exp by ≤ 2 ulp. gelu and its
    // derivative are O(|x|), so compare with an absolute floor of 1.
    private const double Tolerance = 1e-6;
    private const double FdTolerance = 1e-5;

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void Gelu_MatchesScalar_ForEveryLength(SimdPath path)
    {
        for (int n = 0; n <= 300; n++)
        {
            var x = Random(n, n, 6f);
            var dout = Random(n, n + 1);
            var y = new float[n];
            Gelu.ForwardScalar(x, y, n);
            var ky = Garbage(n);
            Gelu.Forward(path, x, ky, n, Pool2);
            Close(y, ky, Tolerance, $"{path} n={n} forward");
            var dx = new float[n];
            Gelu.BackwardScalar(dout, x, dx, n);
            var kdx = Garbage(n);
            Gelu.Backward(path, dout, x, kdx, n, Pool2);
            Close(dx, kdx, Tolerance, $"{path} n={n} backward");
        }
    }

    [Fact]
    public void Gelu_HandlesExtremeInputs()
    {
        float[] x = [-1e30f, -100f, -10f, 0f, 10f, 100f, 1e30f, float.NegativeInfinity, float.PositiveInfinity];
        var y = new float[x.Length];
        Gelu.Forward(x, y, x.Length, Pool1);
        float[] expected = [0f, 0f, 0f, 0f, 10f, 100f, 1e30f, float.NaN, float.PositiveInfinity];
        for (int i = 0; i < x.Length - 2; i++) Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-6 * Math.Abs(expected[i]) + 1e-6, $"gelu({x[i]}) = {y[i]}");
        Assert.Equal(float.PositiveInfinity, y[^1]);
    }

    [Fact]
    public void GeluBackward_MatchesFiniteDifferences()
    {
        int n = 40;
        var x = Random(n, 1, 4f);
        var dout = Random(n, 2);
        var dx = new float[n];
        Gelu.Backward(dout, x, dx, n, Pool2);
        double[] Forward(double[] v) => Array.ConvertAll(v, t => 0.5 * t * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (t + 0.044715 * t * t * t))));
        Close(FiniteDifferences(ToDouble(x), Forward, ToDouble(dout)), dx, FdTolerance, "dinp");
    }
}

[Trait("Category", "Kernels")]
public class SwiGluTests
{
    // σ via our exp (≤ 2 ulp) against MathF.Exp; values O(|a·b|).
    private const double Tolerance = 2e-6;
    private const double FdTolerance = 1e-5;

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void SwiGlu_MatchesScalar_ForEveryWidth(SimdPath path)
    {
        for (int H = 1; H <= 200; H++)
        {
            int N = 2;
            var x = Random(2 * N * H, H, 5f);
            var dout = Random(N * H, H + 1);
            var y = new float[N * H];
            SwiGlu.ForwardScalar(x, y, N, H);
            var ky = Garbage(N * H);
            SwiGlu.Forward(path, x, ky, N, H, Pool2);
            Close(y, ky, Tolerance, $"{path} H={H} forward");
            var dx = new float[2 * N * H];
            SwiGlu.BackwardScalar(dout, x, dx, N, H);
            var kdx = Garbage(2 * N * H);
            SwiGlu.Backward(path, dout, x, kdx, N, H, Pool2);
            Close(dx, kdx, Tolerance, $"{path} H={H} backward");
        }
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void SwiGlu_HandlesExtremeGates(SimdPath path)
    {
        float[] x = [-1e30f, -200f, -90f, 90f, 200f, 1e30f, 2f, 2f, 2f, 2f, 2f, 2f];
        var y = Garbage(6);
        SwiGlu.Forward(path, x, y, 1, 6, Pool1);
        var expected = new float[6];
        SwiGlu.ForwardScalar(x, expected, 1, 6);
        Assert.All(y, v => Assert.True(float.IsFinite(v), $"silu gate gave {v}"));
        Close(expected, y, 1e-6, $"{path} extreme gates");
        var dx = Garbage(12);
        SwiGlu.Backward(path, [1f, 1f, 1f, 1f, 1f, 1f], x, dx, 1, 6, Pool1);
        Assert.All(dx, v => Assert.True(float.IsFinite(v), $"silu gradient gave {v}"));
    }

    [Fact]
    public void SwiGluBackward_MatchesFiniteDifferences()
    {
        int N = 3, H = 7;
        var x = Random(2 * N * H, 1, 3f);
        var dout = Random(N * H, 2);
        var dx = new float[2 * N * H];
        SwiGlu.Backward(dout, x, dx, N, H, Pool2);
        double[] Forward(double[] v)
        {
            var y = new double[N * H];
            for (int n = 0; n < N; n++)
                for (int j = 0; j < H; j++)
                {
                    double a = v[n * 2 * H + j], b = v[n * 2 * H + H + j];
                    y[n * H + j] = a / (1 + Math.Exp(-a)) * b;
                }
            return y;
        }
        Close(FiniteDifferences(ToDouble(x), Forward, ToDouble(dout)), dx, FdTolerance, "dinp");
    }
}

[Trait("Category", "Kernels")]
public class ElementwiseTests
{
    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void ResidualAdd_And_Scale_AreExact_ForEveryLength(SimdPath path)
    {
        for (int n = 0; n <= 300; n++)
        {
            var acc = Random(n, n);
            var x = Random(n, n + 1);
            var expected = (float[])acc.Clone();
            Residual.AddScalar(expected, x);
            Residual.Add(path, acc, x, Pool3);
            Bitwise(expected, acc, $"{path} add n={n}");
            GradClip.Scale(path, acc, 0.37f, Pool3);
            for (int i = 0; i < n; i++) expected[i] *= 0.37f;
            Bitwise(expected, acc, $"{path} scale n={n}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void Elementwise_IsBitwiseIdentical_ForAnyThreadCount(SimdPath path)
    {
        int n = 100_003; // above the serial cut-off, odd length
        var x = Random(n, 1, 5f);
        var dy = Random(n, 2);
        var y1 = new float[n];
        var dx1 = new float[n];
        Gelu.Forward(path, x, y1, n, Pool1);
        Gelu.Backward(path, dy, x, dx1, n, Pool1);
        // Thread ranges start on other elements, so an element's vector is stepped alone with one thread
        // count and four at a time with another: both must give the same bits.
        foreach (int threads in new[] { 2, 3 })
        {
            var y = Garbage(n);
            Gelu.Forward(path, x, y, n, Pool(threads));
            Bitwise(y1, y, $"{path} threads={threads}");
            var dx = Garbage(n);
            Gelu.Backward(path, dy, x, dx, n, Pool(threads));
            Bitwise(dx1, dx, $"{path} backward threads={threads}");
        }
    }
}
