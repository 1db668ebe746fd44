using BabyLm.Engine.Kernels;
using static BabyLm.Engine.Tests.Kernels.KernelTesting;

namespace BabyLm.Engine.Tests.Kernels;

[Trait("Category", "Kernels")]
public class GemmTests
{
    // Float sums of up to ~600 products of values in [-1, 1], against a double reference: the error grows
    // like √K·ε relative to the row's magnitude; 1e-5 of (|c| + 1) leaves a wide margin for K ≤ 600.
    private const double Tolerance = 1e-5;

    // Every edge of the 12×32 / 6×16 / 6×8 tiles, and sizes crossing the KC = 256 block.
    private static readonly int[] Sizes = [0, 1, 2, 5, 6, 7, 11, 12, 13, 17, 31, 32, 33, 47, 64, 97];

    public static TheoryData<SimdPath, GemmLayout> PathsAndLayouts()
    {
        var data = new TheoryData<SimdPath, GemmLayout>();
        foreach (var p in Simd.Available)
            foreach (var l in Enum.GetValues<GemmLayout>()) data.Add(p, l);
        return data;
    }

    private static double[] Reference(GemmLayout layout, float[] a, int lda, float[] b, int ldb, float[] c0, int ldc, int M, int N, int K, bool acc)
    {
        var r = new double[c0.Length];
        for (int i = 0; i < c0.Length; i++) r[i] = c0[i];
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++)
            {
                double s = acc ? c0[i * ldc + j] : 0;
                for (int p = 0; p < K; p++)
                {
                    double x = layout == GemmLayout.TN ? a[p * lda + i] : a[i * lda + p];
                    double y = layout == GemmLayout.NT ? b[j * ldb + p] : b[p * ldb + j];
                    s += x * y;
                }
                r[i * ldc + j] = s;
            }
        return r;
    }

    private static void RunCase(SimdPath path, GemmLayout layout, int M, int N, int K, bool acc, int pad, WorkerPool pool)
    {
        int lda = (layout == GemmLayout.TN ? M : K) + pad, ldb = (layout == GemmLayout.NT ? K : N) + pad, ldc = N + pad;
        int aRows = layout == GemmLayout.TN ? K : M, bRows = layout == GemmLayout.NT ? N : K;
        var a = Random((long)aRows * lda, M * 31 + K);
        var b = Random((long)bRows * ldb, N * 17 + K);
        var c = acc ? Random((long)M * ldc, 5) : Garbage((long)M * ldc);
        if (!acc)
            for (int i = 0; i < M; i++) for (int j = N; j < ldc; j++) c[i * ldc + j] = 7f; // padding must survive
        var expected = Reference(layout, a, lda, b, ldb, c, ldc, M, N, K, acc);
        Gemm.Multiply(path, layout, a, lda, b, ldb, c, ldc, M, N, K, acc ? 1f : 0f, pool);
        Close(expected, c, Tolerance, $"{path} {layout} M={M} N={N} K={K} beta={(acc ? 1 : 0)} pad={pad}");
    }

    [Theory]
    [MemberData(nameof(PathsAndLayouts))]
    public void Gemm_MatchesDoubleReference_OnEveryTileEdge(SimdPath path, GemmLayout layout)
    {
        foreach (int M in Sizes)
            foreach (int N in new[] { 0, 1, 7, 31, 33, 65 })
                RunCase(path, layout, M, N, 19, acc: M % 2 == 1, pad: 0, Pool2);
        foreach (int K in Sizes)
            RunCase(path, layout, 13, 33, K, acc: K % 2 == 0, pad: 0, Pool2);
    }

    [Theory]
    [MemberData(nameof(PathsAndLayouts))]
    public void Gemm_MatchesDoubleReference_AcrossBlocksAndStrides(SimdPath path, GemmLayout layout)
    {
        // K > KC = 256 (accumulation across K blocks), strided operands, odd thread splits.
        RunCase(path, layout, 37, 70, 300, acc: false, pad: 3, Pool3);
        RunCase(path, layout, 130, 41, 257, acc: true, pad: 1, Pool2);
        RunCase(path, layout, 20, 520, 33, acc: false, pad: 0, Pool2); // N > CB = 512
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void Gemm_IsBitwiseIdentical_ForAnyThreadCount(SimdPath path)
    {
        foreach (var layout in Enum.GetValues<GemmLayout>())
        {
            int M = 101, N = 77, K = 290;
            int lda = layout == GemmLayout.TN ? M : K, ldb = layout == GemmLayout.NT ? K : N;
            var a = Random((long)M * K, 1);
            var b = Random((long)N * K, 2);
            var c1 = new float[M * N];
            Gemm.Multiply(path, layout, a, lda, b, ldb, c1, N, M, N, K, 0f, Pool1);
            foreach (int threads in new[] { 1, 2, 3 })
            {
                var c = Garbage(M * N);
                Gemm.Multiply(path, layout, a, lda, b, ldb, c, N, M, N, K, 0f, Pool(threads));
                Bitwise(c1, c, $"{path} {layout} threads={threads}");
            }
        }
    }

    [Fact]
    public void Gemm_DenseEntries_MatchMultiply()
    {
        int M = 9, N = 21, K = 14;
        var a = Random(M * K, 3);
        var b = Random(N * K, 4);
        var c = Garbage(M * N);
        var r = new float[M * N];
        Gemm.NT(a, b, c, M, N, K, 0f, Pool2);
        Gemm.MultiplyScalar(GemmLayout.NT, a, K, b, K, r, N, M, N, K, 0f);
        Close(r, c, Tolerance, "NT");
        Gemm.NN(a, b, c, M, N, K, 1f, Pool2);
        Gemm.MultiplyScalar(GemmLayout.NN, a, K, b, N, r, N, M, N, K, 1f);
        Close(r, c, Tolerance, "NN");
        var at = Random(K * M, 5);
        Gemm.TN(at, b, c, M, N, K, 1f, Pool2);
        Gemm.MultiplyScalar(GemmLayout.TN, at, M, b, N, r, N, M, N, K, 1f);
        Close(r, c, Tolerance, "TN");
    }

    [Fact]
    public void Gemm_RejectsBadArguments_WithTheArgumentName()
    {
        var a = new float[10];
        var b = new float[10];
        var c = new float[10];
        var e = Assert.Throws<ArgumentException>(() => Gemm.NT(a, b, c, 4, 4, 3, 0f, Pool1));
        Assert.Contains("a has 10 elements", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.NT(a, b, c, 1, 1, 1, 0.5f, Pool1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.NT(a, b, c, -1, 1, 1, 0f, Pool1));
    }
}

[Trait("Category", "Kernels")]
public class MatMulTests
{
    // Sums of ≤ 40 products: float vs double within a few ε of the magnitudes involved.
    private const double Tolerance = 1e-5;
    // Central differences of a double forward (h = 1e-5): truncation ~h², rounding ~1e-11/h; the float
    // backward itself carries ~1e-6 relative error.
    private const double FdTolerance = 1e-4;

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void MatMulForward_MatchesScalar_WithAndWithoutBias(SimdPath path)
    {
        foreach (var (N, C, OC) in new[] { (1, 1, 1), (7, 13, 5), (33, 40, 65), (50, 3, 100) })
            foreach (bool withBias in new[] { true, false })
            {
                var inp = Random(N * C, 1);
                var w = Random(OC * C, 2);
                var bias = withBias ? Random(OC, 3) : [];
                var expected = new float[N * OC];
                MatMul.ForwardScalar(inp, w, bias, expected, N, C, OC);
                var actual = Garbage(N * OC);
                MatMul.Forward(path, inp, w, bias, actual, N, C, OC, Pool2);
                Close(expected, actual, Tolerance, $"{path} N={N} C={C} OC={OC} bias={withBias}");
            }
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void MatMulBackward_MatchesScalar_AndAccumulates(SimdPath path)
    {
        foreach (var (N, C, OC) in new[] { (1, 1, 1), (9, 13, 5), (40, 33, 70) })
        {
            var dout = Random(N * OC, 1);
            var inp = Random(N * C, 2);
            var w = Random(OC * C, 3);
            float[] dinp0 = Random(N * C, 4), dw0 = Random(OC * C, 5), db0 = Random(OC, 6);
            float[] dinpR = (float[])dinp0.Clone(), dwR = (float[])dw0.Clone(), dbR = (float[])db0.Clone();
            MatMul.BackwardScalar(dout, inp, w, dinpR, dwR, dbR, N, C, OC);
            float[] dinp = (float[])dinp0.Clone(), dw = (float[])dw0.Clone(), db = (float[])db0.Clone();
            MatMul.Backward(path, dout, inp, w, dinp, dw, db, N, C, OC, Pool3);
            Close(dinpR, dinp, Tolerance, "dinp");
            Close(dwR, dw, Tolerance, "dweight");
            Close(dbR, db, Tolerance, "dbias");
        }
    }

    [Fact]
    public void MatMulBackward_MatchesFiniteDifferences()
    {
        int N = 6, C = 5, OC = 4;
        var inp = Random(N * C, 1);
        var w = Random(OC * C, 2);
        var bias = Random(OC, 3);
        var dout = Random(N * OC, 4);
        var dinp = new float[N * C];
        var dw = new float[OC * C];
        var db = new float[OC];
        MatMul.Backward(dout, inp, w, dinp, dw, db, N, C, OC, Pool2);
        double[] x = ToDouble(inp), wd = ToDouble(w), bd = ToDouble(bias), weights = ToDouble(dout);
        double[] Forward(double[] xi, double[] wi, double[] bi)
        {
            var o = new double[N * OC];
            for (int n = 0; n < N; n++)
                for (int j = 0; j < OC; j++)
                {
                    double s = bi[j];
                    for (int c = 0; c < C; c++) s += xi[n * C + c] * wi[j * C + c];
                    o[n * OC + j] = s;
                }
            return o;
        }
        Close(FiniteDifferences(x, v => Forward(v, wd, bd), weights), dinp, FdTolerance, "dinp");
        Close(FiniteDifferences(wd, v => Forward(x, v, bd), weights), dw, FdTolerance, "dweight");
        Close(FiniteDifferences(bd, v => Forward(x, wd, v), weights), db, FdTolerance, "dbias");
    }

    [Fact]
    public void MatMul_RejectsMismatchedSpans()
    {
        var e = Assert.Throws<ArgumentException>(() => MatMul.Forward(new float[6], new float[6], new float[2], new float[5], 2, 3, 2, Pool1));
        Assert.Contains("out has 5 elements, expected 4", e.Message);
    }
}
