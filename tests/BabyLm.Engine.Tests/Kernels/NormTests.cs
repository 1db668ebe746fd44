using BabyLm.Engine.Kernels;
using static BabyLm.Engine.Tests.Kernels.KernelTesting;

namespace BabyLm.Engine.Tests.Kernels;

[Trait("Category", "Kernels")]
public class LayerNormTests
{
    // SIMD sums in a different order (lanes, FMA) than the scalar loop over ≤ 300 channels: a few ε of the
    // row's scale. Outputs are O(1) (normalised), gradients O(1).
    private const double Tolerance = 2e-5;
    private const double FdTolerance = 2e-4;

    private static (float[] Inp, float[] W, float[] B) Data(int N, int C, int seed) =>
        (Random(N * C, seed, 3f), Random(C, seed + 1), Random(C, seed + 2));

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void LayerNormForward_MatchesScalar_ForEveryWidth(SimdPath path)
    {
        for (int C = 1; C <= 300; C++)
        {
            int N = 3;
            var (x, w, b) = Data(N, C, C);
            float[] o = new float[N * C], m = new float[N], r = new float[N];
            LayerNorm.ForwardScalar(x, w, b, o, m, r, N, C);
            float[] ko = Garbage(N * C), km = Garbage(N), kr = Garbage(N);
            LayerNorm.Forward(path, x, w, b, ko, km, kr, N, C, Pool2);
            Close(o, ko, Tolerance, $"{path} C={C} out");
            Close(m, km, Tolerance, $"{path} C={C} mean");
            Close(r, kr, Tolerance, $"{path} C={C} rstd");
        }
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void LayerNormBackward_MatchesScalar_AndAccumulates(SimdPath path)
    {
        foreach (int C in new[] { 1, 7, 16, 33, 100, 257 })
        {
            int N = 37;
            var (x, w, b) = Data(N, C, C);
            float[] o = new float[N * C], m = new float[N], r = new float[N];
            LayerNorm.ForwardScalar(x, w, b, o, m, r, N, C);
            var dout = Random(N * C, 9);
            float[] dx0 = Random(N * C, 10), dw0 = Random(C, 11), db0 = Random(C, 12);
            float[] dx = (float[])dx0.Clone(), dw = (float[])dw0.Clone(), db = (float[])db0.Clone();
            LayerNorm.BackwardScalar(dout, x, w, m, r, dx, dw, db, N, C);
            float[] kdx = (float[])dx0.Clone(), kdw = (float[])dw0.Clone(), kdb = (float[])db0.Clone();
            LayerNorm.Backward(path, dout, x, w, m, r, kdx, kdw, kdb, N, C, Pool3);
            Close(dx, kdx, Tolerance, $"{path} C={C} dinp");
            Close(dw, kdw, Tolerance, $"{path} C={C} dweight");
            Close(db, kdb, Tolerance, $"{path} C={C} dbias");
        }
    }

    private static double[] ForwardDouble(double[] x, double[] w, double[] b, int N, int C)
    {
        var o = new double[N * C];
        for (int n = 0; n < N; n++)
        {
            double m = 0, v = 0;
            for (int c = 0; c < C; c++) m += x[n * C + c];
            m /= C;
            for (int c = 0; c < C; c++) v += (x[n * C + c] - m) * (x[n * C + c] - m);
            double r = 1 / Math.Sqrt(v / C + LayerNorm.Eps);
            for (int c = 0; c < C; c++) o[n * C + c] = (x[n * C + c] - m) * r * w[c] + b[c];
        }
        return o;
    }

    [Fact]
    public void LayerNormBackward_MatchesFiniteDifferences()
    {
        int N = 4, C = 19;
        var (x, w, b) = Data(N, C, 3);
        float[] o = new float[N * C], m = new float[N], r = new float[N];
        LayerNorm.Forward(x, w, b, o, m, r, N, C, Pool2);
        var dout = Random(N * C, 4);
        float[] dx = new float[N * C], dw = new float[C], db = new float[C];
        LayerNorm.Backward(dout, x, w, m, r, dx, dw, db, N, C, Pool2);
        double[] xd = ToDouble(x), wd = ToDouble(w), bd = ToDouble(b), g = ToDouble(dout);
        Close(FiniteDifferences(xd, v => ForwardDouble(v, wd, bd, N, C), g), dx, FdTolerance, "dinp");
        Close(FiniteDifferences(wd, v => ForwardDouble(xd, v, bd, N, C), g), dw, FdTolerance, "dweight");
        Close(FiniteDifferences(bd, v => ForwardDouble(xd, wd, v, N, C), g), db, FdTolerance, "dbias");
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void LayerNormBackward_IsBitwiseRepeatable(SimdPath path)
    {
        int N = 50, C = 70;
        var (x, w, b) = Data(N, C, 1);
        float[] o = new float[N * C], m = new float[N], r = new float[N];
        LayerNorm.Forward(path, x, w, b, o, m, r, N, C, Pool3);
        var dout = Random(N * C, 2);
        float[] Once()
        {
            float[] dx = new float[N * C], dw = new float[C], db = new float[C];
            LayerNorm.Backward(path, dout, x, w, m, r, dx, dw, db, N, C, Pool3);
            return [.. dx, .. dw, .. db];
        }
        Bitwise(Once(), Once(), path.ToString());
    }
}

[Trait("Category", "Kernels")]
public class RmsNormTests
{
    // As LayerNorm: lane-order differences over ≤ 300 channels.
    private const double Tolerance = 2e-5;
    private const double FdTolerance = 2e-4;

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void RmsNormForward_MatchesScalar_ForEveryWidth(SimdPath path)
    {
        for (int C = 1; C <= 300; C++)
        {
            int N = 3;
            float[] x = Random(N * C, C, 3f), w = Random(C, C + 1);
            float[] o = new float[N * C], r = new float[N];
            RmsNorm.ForwardScalar(x, w, o, r, N, C);
            float[] ko = Garbage(N * C), kr = Garbage(N);
            RmsNorm.Forward(path, x, w, ko, kr, N, C, Pool2);
            Close(o, ko, Tolerance, $"{path} C={C} out");
            Close(r, kr, Tolerance, $"{path} C={C} rstd");
        }
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void RmsNormBackward_MatchesScalar_AndAccumulates(SimdPath path)
    {
        foreach (int C in new[] { 1, 5, 16, 31, 128, 299 })
        {
            int N = 21;
            float[] x = Random(N * C, C, 3f), w = Random(C, C + 1), dout = Random(N * C, 3);
            float[] o = new float[N * C], r = new float[N];
            RmsNorm.ForwardScalar(x, w, o, r, N, C);
            float[] dx0 = Random(N * C, 4), dw0 = Random(C, 5);
            float[] dx = (float[])dx0.Clone(), dw = (float[])dw0.Clone();
            RmsNorm.BackwardScalar(dout, x, w, r, dx, dw, N, C);
            float[] kdx = (float[])dx0.Clone(), kdw = (float[])dw0.Clone();
            RmsNorm.Backward(path, dout, x, w, r, kdx, kdw, N, C, Pool2);
            Close(dx, kdx, Tolerance, $"{path} C={C} dinp");
            Close(dw, kdw, Tolerance, $"{path} C={C} dweight");
        }
    }

    [Fact]
    public void RmsNormBackward_MatchesFiniteDifferences()
    {
        int N = 3, C = 13;
        float[] x = Random(N * C, 1, 2f), w = Random(C, 2), dout = Random(N * C, 3);
        float[] o = new float[N * C], r = new float[N];
        RmsNorm.Forward(x, w, o, r, N, C, Pool2);
        float[] dx = new float[N * C], dw = new float[C];
        RmsNorm.Backward(dout, x, w, r, dx, dw, N, C, Pool2);
        double[] Forward(double[] xi, double[] wi)
        {
            var y = new double[N * C];
            for (int n = 0; n < N; n++)
            {
                double ss = 0;
                for (int c = 0; c < C; c++) ss += xi[n * C + c] * xi[n * C + c];
                double rr = 1 / Math.Sqrt(ss / C + RmsNorm.Eps);
                for (int c = 0; c < C; c++) y[n * C + c] = xi[n * C + c] * rr * wi[c];
            }
            return y;
        }
        double[] xd = ToDouble(x), wd = ToDouble(w), g = ToDouble(dout);
        Close(FiniteDifferences(xd, v => Forward(v, wd), g), dx, FdTolerance, "dinp");
        Close(FiniteDifferences(wd, v => Forward(xd, v), g), dw, FdTolerance, "dweight");
    }
}
