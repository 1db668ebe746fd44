using BabyLm.Engine.Kernels;
using static BabyLm.Engine.Tests.Kernels.KernelTesting;

namespace BabyLm.Engine.Tests.Kernels;

[Trait("Category", "Kernels")]
public class RopeTests
{
    // Two products and a sum per element: the SIMD and scalar paths do the same operations.
    private const double Tolerance = 1e-6;

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void Rope_MatchesScalar_InsideAFusedQkvBuffer(SimdPath path)
    {
        for (int HS = 2; HS <= 130; HS += 2)
        {
            int B = 2, T = 5, NH = 2, C = NH * HS, stride = 3 * C;
            float[] cos = new float[T * HS / 2], sin = new float[T * HS / 2];
            Rope.Table(T, HS, 10000f, cos, sin);
            var qkv = Random(B * T * stride, HS);
            var expected = (float[])qkv.Clone();
            Rope.RotateScalar(cos, sin, expected, B, T, 2 * NH, HS, stride, 1f);
            var actual = (float[])qkv.Clone();
            Rope.Forward(path, cos, sin, actual, B, T, 2 * NH, HS, stride, Pool2);
            Close(expected, actual, Tolerance, $"{path} HS={HS}");
            // v (the last third of each row) is untouched
            for (int r = 0; r < B * T; r++)
                for (int j = 2 * C; j < 3 * C; j++) Assert.Equal(qkv[r * stride + j], actual[r * stride + j]);
            // backward is the inverse rotation
            Rope.Backward(path, cos, sin, actual, B, T, 2 * NH, HS, stride, Pool2);
            Close(qkv, actual, 1e-5, $"{path} HS={HS} round trip");
        }
    }

    [Fact]
    public void RopeBackward_MatchesFiniteDifferences()
    {
        int B = 1, T = 4, NH = 2, HS = 6, stride = NH * HS;
        float[] cos = new float[T * HS / 2], sin = new float[T * HS / 2];
        Rope.Table(T, HS, 100f, cos, sin);
        var x = Random(B * T * stride, 1);
        var dy = Random(B * T * stride, 2);
        var dx = (float[])dy.Clone();
        Rope.Backward(cos, sin, dx, B, T, NH, HS, stride, Pool1);
        double[] Forward(double[] v)
        {
            var y = (double[])v.Clone();
            int half = HS / 2;
            for (int t = 0; t < T; t++)
                for (int h = 0; h < NH; h++)
                    for (int i = 0; i < half; i++)
                    {
                        int o = t * stride + h * HS + i;
                        double a = t * Math.Pow(100, -2.0 * i / HS), c = Math.Cos(a), s = Math.Sin(a);
                        y[o] = v[o] * c - v[o + half] * s;
                        y[o + half] = v[o + half] * c + v[o] * s;
                    }
            return y;
        }
        Close(FiniteDifferences(ToDouble(x), Forward, ToDouble(dy)), dx, 1e-5, "dx");
    }
}

[Trait("Category", "Kernels")]
public class EmbeddingTests
{
    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void Embedding_MatchesScalar_ForEveryWidth_AndIsExact(SimdPath path)
    {
        for (int C = 1; C <= 150; C++)
        {
            int B = 2, T = 5, V = 7, N = B * T;
            var rng = new Random(C);
            var tokens = Enumerable.Range(0, N).Select(_ => rng.Next(V)).ToArray();
            float[] wte = Random(V * C, C), wpe = Random(T * C, C + 1), dout = Random(N * C, C + 2);
            foreach (bool withPositions in new[] { true, false })
            {
                float[] pe = withPositions ? wpe : [];
                var expected = new float[N * C];
                Embedding.ForwardScalar(tokens, wte, pe, expected, B, T, C);
                var actual = Garbage(N * C);
                Embedding.Forward(path, tokens, wte, pe, actual, B, T, C, Pool2);
                Bitwise(expected, actual, $"{path} C={C} forward");
                float[] dwte0 = Random(V * C, 1), dwpe0 = withPositions ? Random(T * C, 2) : [];
                float[] dwte = (float[])dwte0.Clone(), dwpe = (float[])dwpe0.Clone();
                Embedding.BackwardScalar(dout, tokens, dwte, dwpe, B, T, C);
                float[] kdwte = (float[])dwte0.Clone(), kdwpe = (float[])dwpe0.Clone();
                Embedding.Backward(path, dout, tokens, kdwte, kdwpe, B, T, C, Pool3);
                Bitwise(dwte, kdwte, $"{path} C={C} dwte");
                Bitwise(dwpe, kdwpe, $"{path} C={C} dwpe");
            }
        }
    }

    [Fact]
    public void EmbeddingBackward_MatchesFiniteDifferences()
    {
        int B = 2, T = 3, C = 4, V = 5;
        int[] tokens = [1, 4, 1, 0, 1, 3];
        float[] wte = Random(V * C, 1), wpe = Random(T * C, 2), dout = Random(B * T * C, 3);
        float[] dwte = new float[V * C], dwpe = new float[T * C];
        Embedding.Backward(dout, tokens, dwte, dwpe, B, T, C, Pool2);
        double[] Forward(double[] e, double[] p)
        {
            var y = new double[B * T * C];
            for (int n = 0; n < B * T; n++)
                for (int c = 0; c < C; c++) y[n * C + c] = e[tokens[n] * C + c] + p[n % T * C + c];
            return y;
        }
        double[] ed = ToDouble(wte), pd = ToDouble(wpe), g = ToDouble(dout);
        Close(FiniteDifferences(ed, v => Forward(v, pd), g), dwte, 1e-6, "dwte");
        Close(FiniteDifferences(pd, v => Forward(ed, v), g), dwpe, 1e-6, "dwpe");
    }

    [Fact]
    public void Embedding_RejectsTokensOutsideTheVocabulary()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Embedding.Forward([0, 5], new float[4 * 3], [], new float[6], 1, 2, 3, Pool1));
        Assert.Contains("tokens[1] = 5 is outside 0..V-1 (V = 4)", e.Message);
    }
}

[Trait("Category", "Kernels")]
public class SoftmaxCrossEntropyTests
{
    // exp (ours vs MathF), sums over ≤ 300 entries: loss O(log V) and gradient O(1/N).
    private const double Tolerance = 2e-6;
    private const double FdTolerance = 1e-5;

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void SoftmaxCrossEntropy_MatchesScalar_ForEveryVocabularySize(SimdPath path)
    {
        for (int V = 1; V <= 300; V++)
        {
            int N = 4;
            var logits = Random(N * V, V, 8f);
            int[] targets = [0, V - 1, -100, V / 2];
            var rl = (float[])logits.Clone();
            var losses = new float[N];
            double mean = SoftmaxCrossEntropy.ForwardScalar(rl, targets, losses, N, V, -100, 0.25f);
            var kl = (float[])logits.Clone();
            var klosses = Garbage(N);
            double kmean = SoftmaxCrossEntropy.Forward(path, kl, targets, klosses, N, V, -100, 0.25f, Pool2);
            Close(losses, klosses, Tolerance, $"{path} V={V} losses");
            Close(rl, kl, Tolerance, $"{path} V={V} dlogits");
            Assert.Equal(mean, kmean, 1e-5);
            Assert.Equal(0f, klosses[2]);
            Assert.All(kl.AsSpan(2 * V, V).ToArray(), g => Assert.Equal(0f, g));
        }
    }

    [Fact]
    public void SoftmaxCrossEntropy_WithoutGradient_LeavesLogitsUntouched_AndIsStable()
    {
        int N = 2, V = 5;
        float[] logits = [1000f, 1001f, 999f, -1000f, 0f, 3f, 1f, 4f, 1f, 5f];
        var copy = (float[])logits.Clone();
        var losses = new float[N];
        double mean = SoftmaxCrossEntropy.Forward(logits, [1, 4], losses, N, V, SoftmaxCrossEntropy.DefaultIgnoreIndex, 0f, Pool1);
        Assert.Equal(copy, logits);
        double l0 = Math.Log(Math.Exp(0) + Math.Exp(1) + Math.Exp(-1)) - 1;
        double l1 = Math.Log(Math.Exp(3) + Math.Exp(1) + Math.Exp(4) + Math.Exp(1) + Math.Exp(5)) - 5;
        Assert.Equal(l0, losses[0], 1e-5);
        Assert.Equal(l1, losses[1], 1e-5);
        Assert.Equal((l0 + l1) / 2, mean, 1e-5);
    }

    [Fact]
    public void SoftmaxCrossEntropyGradient_MatchesFiniteDifferences()
    {
        int N = 3, V = 11;
        var logits = Random(N * V, 1, 3f);
        int[] targets = [2, -100, 10];
        var grad = (float[])logits.Clone();
        SoftmaxCrossEntropy.Forward(grad, targets, new float[N], N, V, -100, 0.5f, Pool2);
        double[] Loss(double[] x)
        {
            var l = new double[N];
            for (int n = 0; n < N; n++)
            {
                if (targets[n] < 0) continue;
                double max = double.NegativeInfinity, sum = 0;
                for (int v = 0; v < V; v++) max = Math.Max(max, x[n * V + v]);
                for (int v = 0; v < V; v++) sum += Math.Exp(x[n * V + v] - max);
                l[n] = Math.Log(sum) + max - x[n * V + targets[n]];
            }
            return l;
        }
        var fd = FiniteDifferences(ToDouble(logits), Loss, [0.5, 0.5, 0.5]);
        Close(fd, grad, FdTolerance, "dlogits");
    }

    [Fact]
    public void SoftmaxCrossEntropy_RejectsBadTargets()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            SoftmaxCrossEntropy.Forward(new float[6], [1, 3], new float[2], 2, 3, -100, 1f, Pool1));
        Assert.Contains("targets[1] = 3", e.Message);
    }
}

[Trait("Category", "Kernels")]
public class OptimizerTests
{
    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void AdamW_EqualsScalarBitwise_ForEveryLength(SimdPath path)
    {
        foreach (int n in Enumerable.Range(0, 70).Concat([255, 256, 257, 5000]))
        {
            float[] p = Random(n, n), g = Random(n, n + 1), m = Random(n, n + 2, 0.1f), v = Random(n, n + 3, 0.01f);
            for (int i = 0; i < n; i++) v[i] = Math.Abs(v[i]);
            var mask = Enumerable.Range(0, n).Select(i => (byte)(i % 3 == 0 ? 0 : 1)).ToArray();
            float[] ep = (float[])p.Clone(), em = (float[])m.Clone(), ev = (float[])v.Clone();
            AdamW.StepScalar(ep, g, em, ev, mask, 1e-3f, 0.9f, 0.95f, 1e-8f, 0.1f, 7);
            AdamW.Step(path, p, g, m, v, mask, 1e-3f, 0.9f, 0.95f, 1e-8f, 0.1f, 7, Pool3);
            Bitwise(ep, p, $"{path} n={n} params");
            Bitwise(em, m, $"{path} n={n} m");
            Bitwise(ev, v, $"{path} n={n} v");
        }
    }

    [Fact]
    public void AdamW_FollowsTheFormula_InDouble()
    {
        float[] p = [0.5f, -0.25f], g = [0.1f, -0.2f], m = [0.01f, 0.02f], v = [0.001f, 0.002f];
        byte[] mask = [1, 0];
        AdamW.Step(p, g, m, v, mask, 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, 3, Pool1);
        for (int i = 0; i < 2; i++)
        {
            double[] p0 = [0.5, -0.25], g0 = [0.1, -0.2], m0 = [0.01, 0.02], v0 = [0.001, 0.002];
            double mm = 0.9 * m0[i] + 0.1 * g0[i], vv = 0.999 * v0[i] + 0.001 * g0[i] * g0[i];
            double mh = mm / (1 - Math.Pow(0.9, 3)), vh = vv / (1 - Math.Pow(0.999, 3));
            double pp = p0[i] - 0.01 * (mh / (Math.Sqrt(vh) + 1e-8) + 0.1 * mask[i] * p0[i]);
            Assert.Equal(mm, m[i], 1e-7);
            Assert.Equal(vv, v[i], 1e-8);
            Assert.Equal(pp, p[i], 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void GlobalNorm_MatchesDouble_AndIsTheSameForAnyThreadCount(SimdPath path)
    {
        foreach (int n in new[] { 0, 1, 17, 8191, 8192, 8193, 100_000 })
        {
            var g = Random(n, n, 3f);
            double expected = GradClip.GlobalNormScalar(g);
            double first = GradClip.GlobalNorm(path, g, Pool1);
            Assert.Equal(expected, first, expected * 1e-6 + 1e-12);
            foreach (int threads in new[] { 2, 3 })
                Assert.Equal(BitConverter.DoubleToInt64Bits(first), BitConverter.DoubleToInt64Bits(GradClip.GlobalNorm(path, g, Pool(threads))));
        }
    }

    [Fact]
    public void ClipByGlobalNorm_ScalesOnlyAboveTheLimit()
    {
        float[] g = [3f, 4f];
        Assert.Equal(5.0, GradClip.ClipByGlobalNorm(g, 1f, Pool1), 1e-12);
        Assert.Equal(0.6f, g[0], 1e-6f);
        Assert.Equal(0.8f, g[1], 1e-6f);
        Assert.Equal(1.0, GradClip.ClipByGlobalNorm(g, 2f, Pool1), 1e-6);
        Assert.Equal(0.6f, g[0], 1e-6f);
    }
}

[Trait("Category", "Kernels")]
public class WorkerPoolTests
{
    [Fact]
    public void Range_CoversEverythingOnce_InWholeGrains()
    {
        foreach (long total in new long[] { 0, 1, 15, 16, 17, 1000 })
            foreach (int parts in new[] { 1, 2, 3, 7 })
            {
                long next = 0;
                for (int p = 0; p < parts; p++)
                {
                    var (s, e) = WorkerPool.Range(total, p, parts, 16);
                    Assert.Equal(next, s);
                    Assert.True(e >= s);
                    Assert.True(s % 16 == 0 || s == total);
                    next = e;
                }
                Assert.Equal(total, next);
            }
    }

    [Fact]
    public void Run_CallsEveryPart_NestedCallsRunInline_AndErrorsPropagate()
    {
        using var pool = new WorkerPool(3);
        var seen = new int[3];
        pool.Run(p => Interlocked.Increment(ref seen[p]));
        Assert.Equal([1, 1, 1], seen);
        var inner = new int[9];
        pool.Run(p => pool.Run(q => Interlocked.Increment(ref inner[p * 3 + q])));
        Assert.All(inner, x => Assert.Equal(1, x));
        var e = Assert.Throws<InvalidOperationException>(() => pool.Run(p => { if (p == 2) throw new InvalidOperationException("part 2"); }));
        Assert.Equal("part 2", e.Message);
        pool.Run(p => Interlocked.Increment(ref seen[p]));
        Assert.Equal([2, 2, 2], seen);
    }

    [Fact]
    public void Pool_UsesAllCores_ByDefault()
    {
        using var pool = new WorkerPool(0);
        Assert.Equal(Environment.ProcessorCount, pool.Threads);
    }
}
