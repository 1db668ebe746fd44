using BabyLm.Engine.Kernels;
using static BabyLm.Engine.Tests.Kernels.KernelTesting;

namespace BabyLm.Engine.Tests.Kernels;

[Trait("Category", "Kernels")]
public class AttentionTests
{
    // Float attention against a double reference: scores of |q·k| ≤ ~HS/√HS, exp of float inputs, sums
    // over ≤ 300 keys. Observed ≤ 1e-6 relative to the output magnitudes; 2e-5 of (|ref| + 1) leaves margin.
    private const double Tolerance = 2e-5;
    // Backward vs central differences of the double forward (h = 1e-5).
    private const double FdTolerance = 2e-4;

    /// <summary>A test case: tensors in a fused QKV buffer [B, T, 3C] (strides 3C) and dense out [B, T, C].</summary>
    private sealed class Case
    {
        public readonly AttentionShape S;
        public readonly float[] Qkv, Dout;
        public readonly int C;

        public Case(int B, int T, int NH, int HS, bool causal, int[]? valid, int seed, float qkScale = 2f)
        {
            S = AttentionShape.FusedQkv(B, T, NH, HS, causal, valid);
            C = NH * HS;
            Qkv = Random((long)B * T * 3 * C, seed, qkScale);
            Dout = Random((long)B * T * C, seed + 1);
        }

        public ReadOnlySpan<float> Q => Qkv;
        public ReadOnlySpan<float> K => Qkv.AsSpan(C);
        public ReadOnlySpan<float> V => Qkv.AsSpan(2 * C);
        public int OutLength => S.B * S.T * C;
        public int LseLength => S.B * S.NH * S.T;
    }

    /// <summary>
    /// Naive double reference with the whole score matrix: out, lse, and the gradients dq/dk/dv (same
    /// layout as the fused QKV buffer) of Σ out·dout.
    /// </summary>
    private static (double[] Out, double[] Lse, double[] DQkv) Reference(Case c, double[]? qkv = null)
    {
        var s = c.S;
        int T = s.T, HS = s.HS, C = c.C, st = 3 * C;
        var x = qkv ?? ToDouble(c.Qkv);
        var o = new double[c.OutLength];
        var lse = new double[c.LseLength];
        var g = new double[x.Length];
        double scale = 1 / Math.Sqrt(HS);
        for (int b = 0; b < s.B; b++)
        {
            int L = s.Length(b);
            for (int h = 0; h < s.NH; h++)
            {
                double Q(int t, int d) => x[(b * T + t) * st + h * HS + d];
                double K(int t, int d) => x[(b * T + t) * st + C + h * HS + d];
                double V(int t, int d) => x[(b * T + t) * st + 2 * C + h * HS + d];
                double dO(int t, int d) => c.Dout[(b * T + t) * C + h * HS + d];
                var P = new double[T, T];
                for (int i = 0; i < L; i++)
                {
                    int keys = s.Causal ? i + 1 : L;
                    double max = double.NegativeInfinity;
                    for (int j = 0; j < keys; j++)
                    {
                        double dot = 0;
                        for (int d = 0; d < HS; d++) dot += Q(i, d) * K(j, d);
                        P[i, j] = dot * scale;
                        max = Math.Max(max, P[i, j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < keys; j++) { P[i, j] = Math.Exp(P[i, j] - max); sum += P[i, j]; }
                    for (int j = 0; j < keys; j++) P[i, j] /= sum;
                    lse[(b * s.NH + h) * T + i] = max + Math.Log(sum);
                    for (int d = 0; d < HS; d++)
                    {
                        double acc = 0;
                        for (int j = 0; j < keys; j++) acc += P[i, j] * V(j, d);
                        o[(b * T + i) * C + h * HS + d] = acc;
                    }
                }
                for (int i = 0; i < L; i++)
                {
                    int keys = s.Causal ? i + 1 : L;
                    double delta = 0;
                    for (int d = 0; d < HS; d++) delta += dO(i, d) * o[(b * T + i) * C + h * HS + d];
                    for (int j = 0; j < keys; j++)
                    {
                        double dp = 0;
                        for (int d = 0; d < HS; d++) dp += dO(i, d) * V(j, d);
                        double ds = P[i, j] * (dp - delta) * scale;
                        for (int d = 0; d < HS; d++)
                        {
                            g[(b * T + i) * st + h * HS + d] += ds * K(j, d);
                            g[(b * T + j) * st + C + h * HS + d] += ds * Q(i, d);
                            g[(b * T + j) * st + 2 * C + h * HS + d] += P[i, j] * dO(i, d);
                        }
                    }
                }
            }
        }
        return (o, lse, g);
    }

    /// <summary>The kernel's outputs with every output buffer starting as NaN; dQKV's padding columns start at 7.</summary>
    private static (float[] Out, float[] Lse, float[] DQkv) Run(SimdPath path, Case c, WorkerPool pool)
    {
        var o = Garbage(c.OutLength);
        var lse = Garbage(c.LseLength);
        Attention.Forward(path, c.Q, c.K, c.V, o, lse, c.S, pool);
        var d = Garbage(c.Qkv.Length);
        Attention.Backward(path, c.Dout, c.Q, c.K, c.V, o, lse, d, d.AsSpan(c.C), d.AsSpan(2 * c.C), c.S, pool);
        return (o, lse, d);
    }

    public static TheoryData<SimdPath, bool> PathsAndMasks()
    {
        var data = new TheoryData<SimdPath, bool>();
        foreach (var p in Simd.Available) { data.Add(p, true); data.Add(p, false); }
        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndMasks))]
    public void Attention_MatchesNaiveDoubleReference_ForAwkwardShapes(SimdPath path, bool causal)
    {
        foreach (var (B, T, NH, HS) in new[] { (2, 1, 2, 5), (1, 17, 3, 64), (2, 129, 2, 80), (1, 64, 1, 128), (1, 65, 2, 7), (1, 2, 1, 1) })
            Check(path, new Case(B, T, NH, HS, causal, null, T * 7 + HS), Pool2);
    }

    [Theory]
    [MemberData(nameof(PathsAndMasks))]
    public void Attention_MatchesNaiveDoubleReference_ForEveryLengthWithPadding(SimdPath path, bool causal)
    {
        // Valid lengths 0..~300 across the batch: every remainder of the 128-tiles and 4-row blocks, and one,
        // two and three tiles (so a query tile sees diagonal, off-diagonal and rescaled key tiles).
        int T = path == SimdPath.Scalar ? 131 : 300;
        int[] lengths = [.. new[] { T, 0, 1, 3, 4, 5, 63, 64, 65, 127, 128, 129, 255, 256, 257, T - 1 }.Where(l => l <= T)];
        Check(path, new Case(lengths.Length, T, 2, 16, causal, lengths, 99), Pool3);
    }

    private static void Check(SimdPath path, Case c, WorkerPool pool)
    {
        var (o, lse, dqkv) = Reference(c);
        var (ko, klse, kd) = Run(path, c, pool);
        string what = $"{path} causal={c.S.Causal} B={c.S.B} T={c.S.T} NH={c.S.NH} HS={c.S.HS}";
        Close(o, ko, Tolerance, what + " out");
        Close(lse, klse, Tolerance, what + " lse");
        // dQKV: every head column written (padding rows included: zero)
        Close(dqkv, kd, Tolerance, what + " dqkv");
    }

    [Fact]
    public void AttentionBackward_MatchesFiniteDifferences()
    {
        foreach (bool causal in new[] { true, false })
        {
            var c = new Case(2, 9, 2, 3, causal, [9, 6], 5, qkScale: 1f);
            var (_, _, kd) = Run(Simd.Best, c, Pool2);
            var x = ToDouble(c.Qkv);
            var fd = FiniteDifferences(x, v => Reference(c, v).Out, ToDouble(c.Dout));
            Close(fd, kd, FdTolerance, $"causal={causal} dqkv vs finite differences");
        }
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void Attention_TouchesOnlyItsHeadColumns_WithWiderStrides(SimdPath path)
    {
        // q, k, v, out each at their own stride with unrelated columns between rows that must survive.
        int B = 2, T = 20, NH = 2, HS = 6, C = NH * HS;
        var s = new AttentionShape { B = B, T = T, NH = NH, HS = HS, QStride = C + 3, KStride = C + 5, VStride = C + 1, OStride = C + 2, Causal = true };
        var q = Random((s.B * T - 1) * s.QStride + C, 1);
        var k = Random((s.B * T - 1) * s.KStride + C, 2);
        var v = Random((s.B * T - 1) * s.VStride + C, 3);
        var o = new float[(B * T - 1) * s.OStride + C];
        Array.Fill(o, 42f);
        var lse = new float[B * NH * T];
        Attention.Forward(path, q, k, v, o, lse, s, Pool2);
        var dense = AttentionShape.Dense(B, T, NH, HS, true);
        float[] Pack(float[] x, int stride)
        {
            var r = new float[B * T * C];
            for (int t = 0; t < B * T; t++) Array.Copy(x, t * stride, r, t * C, C);
            return r;
        }
        var od = new float[B * T * C];
        Attention.ForwardScalar(Pack(q, s.QStride), Pack(k, s.KStride), Pack(v, s.VStride), od, new float[B * NH * T], dense);
        Close(od, Pack(o, s.OStride), Tolerance, "strided out");
        for (int t = 0; t < B * T - 1; t++)
            for (int j = C; j < s.OStride; j++) Assert.Equal(42f, o[t * s.OStride + j]);
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTesting))]
    public void Attention_IsBitwiseIdentical_ForAnyThreadCountAndRun(SimdPath path)
    {
        var c = new Case(3, 70, 3, 24, causal: true, [70, 33, 1], 8);
        var (o1, l1, d1) = Run(path, c, Pool1);
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var (o, l, d) = Run(path, c, Pool(threads));
            Bitwise(o1, o, $"{path} out threads={threads}");
            Bitwise(l1, l, $"{path} lse threads={threads}");
            Bitwise(d1, d, $"{path} dqkv threads={threads}");
        }
    }

    [Fact]
    public void UnfusedAttention_MatchesTheFusedKernel()
    {
        foreach (bool causal in new[] { true, false })
        {
            var c = new Case(2, 70, 2, 16, causal, [70, 40], 3);
            var (o, lse, d) = Run(SimdPath.Scalar, c, Pool1);
            if (Simd.Best == SimdPath.Scalar) return; // the unfused baseline needs SIMD
            var uo = Garbage(c.OutLength);
            var probs = Garbage((long)c.S.B * c.S.NH * c.S.T * c.S.T);
            UnfusedAttention.Forward(c.Q, c.K, c.V, uo, probs, c.S, Pool2);
            var ud = Garbage(c.Qkv.Length);
            UnfusedAttention.Backward(c.Dout, c.Q, c.K, c.V, probs, ud, ud.AsSpan(c.C), ud.AsSpan(2 * c.C), c.S, Pool2);
            Close(o, uo, Tolerance, $"causal={causal} out");
            Close(d, ud, Tolerance, $"causal={causal} dqkv");
            Assert.All(lse, x => Assert.True(float.IsFinite(x)));
        }
    }

    [Fact]
    public void Attention_AtT2048_NeverAllocatesTheScoreMatrix()
    {
        // B·NH·T·T floats would be 32 MiB here; the fused kernel needs O(T·HS) per thread.
        int B = 1, NH = 2, T = 2048, HS = 16;
        var c = new Case(B, T, NH, HS, causal: true, null, 4, qkScale: 0.5f);
        using var pool = new WorkerPool(2);
        long scoreBytes = (long)B * NH * T * T * sizeof(float);
        long managedBefore = GC.GetAllocatedBytesForCurrentThread();
        var (o, _, d) = Run(Simd.Best, c, pool);
        long managed = GC.GetAllocatedBytesForCurrentThread() - managedBefore;
        long outputs = (o.Length + c.LseLength + d.Length) * sizeof(float);
        long extra = managed - outputs + pool.ScratchBytes;
        Assert.True(extra < scoreBytes / 8, $"attention used {extra:N0} bytes beyond its outputs; the score matrix alone is {scoreBytes:N0}");
        Assert.All(o, x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public void Attention_RejectsBadShapes_WithClearMessages()
    {
        var q = new float[100];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Attention.Forward(q, q, q, q, new float[4], AttentionShape.Dense(1, 2, 1, 129, true), Pool1));
        Assert.Contains("HS must be in 1..128", e.Message);
        var e2 = Assert.ThrowsAny<ArgumentException>(() =>
            Attention.Forward(q, q, q, q, new float[4], AttentionShape.Dense(1, 4, 1, 8, true, [5]), Pool1));
        Assert.Contains("ValidLengths", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() =>
            Attention.Forward(q, q, q, q, new float[4], AttentionShape.Dense(1, 4, 1, 32, true), Pool1));
        Assert.Contains("q has 100 elements, needs at least 128", e3.Message);
    }
}
