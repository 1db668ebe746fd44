// Attention composed the textbook way from our own GEMM and a row softmax, materialising every head's T×T
// probabilities: the baseline `babylm bench kernels` times the fused Attention against, and a second,
// independent oracle for its tests. Like PyTorch's unfused path it computes the full score matrix even
// when causal (masked entries are computed, then zeroed). Same layouts and semantics as Attention, plus
// probs [B, NH, T, T] saved by Forward for Backward. Not for training: O(B·NH·T²) memory.
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

public static unsafe class UnfusedAttention
{
    /// <summary>out = softmax(q·kᵀ/√HS + mask)·v per head; probs [B,NH,T,T] overwritten (0 where masked).</summary>
    public static void Forward(ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> output, Span<float> probs,
        in AttentionShape s, WorkerPool pool)
    {
        Check("UnfusedAttention.Forward", s, q.Length, k.Length, v.Length, output.Length, probs.Length);
        Require.Pool("UnfusedAttention.Forward", pool);
        fixed (float* pq = q, pk = k, pv = v, po = output, pp = probs)
        fixed (int* valid = s.ValidLengths)
            KernelJob.Run<ForwardBody, AttentionArgs>(Path(), new AttentionArgs(s, valid) { Q = pq, K = pk, V = pv, O = po, Probs = pp }, pool);
    }

    /// <summary>Gradients of Forward: dq, dk, dv overwritten in their head columns.</summary>
    public static void Backward(ReadOnlySpan<float> dout, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> probs,
        Span<float> dq, Span<float> dk, Span<float> dv, in AttentionShape s, WorkerPool pool)
    {
        Check("UnfusedAttention.Backward", s, q.Length, k.Length, v.Length, dout.Length, probs.Length);
        Check("UnfusedAttention.Backward", s, dq.Length, dk.Length, dv.Length, dout.Length, probs.Length);
        Require.Pool("UnfusedAttention.Backward", pool);
        fixed (float* pdo = dout, pq = q, pk = k, pv = v, pp = probs, pdq = dq, pdk = dk, pdv = dv)
        fixed (int* valid = s.ValidLengths)
            KernelJob.Run<BackwardBody, AttentionArgs>(Path(), new AttentionArgs(s, valid) { Q = pq, K = pk, V = pv, DO = pdo, Probs = pp, DQ = pdq, DK = pdk, DV = pdv }, pool);
    }

    private static SimdPath Path() => Simd.Best != SimdPath.Scalar ? Simd.Best
        : throw new PlatformNotSupportedException("UnfusedAttention needs SIMD (it is a benchmark baseline).");

    private readonly struct ForwardBody : IKernelBody<AttentionArgs>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in AttentionArgs a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            var (u0, u1) = WorkerPool.Range((long)a.B * a.NH, part, parts);
            for (long u = u0; u < u1; u++)
            {
                int b = (int)(u / a.NH), h = (int)(u % a.NH), T = a.T, HS = a.HS, L = a.Length(b);
                float* Q = a.Head(a.Q, a.QStride, b, h), K = a.Head(a.K, a.KStride, b, h), V = a.Head(a.V, a.VStride, b, h);
                float* O = a.Head(a.O, a.OStride, b, h);
                float* P = a.Probs + ((nint)b * a.NH + h) * T * T;
                if (L < T) VecMath.Clear(P, (long)T * T); // rows and columns past L stay 0
                a.ClearRowsPast(L, O, a.OStride);
                if (L == 0) continue;
                // S = q·kᵀ (all L×L, masked entries too), P = softmax(S/√HS + mask), out = P·v
                Gemm.Block<TV>(GemmLayout.NT, Q, a.QStride, K, a.KStride, P, T, 0, L, 0, L, HS, false, null, scratch);
                float scale = 1f / MathF.Sqrt(HS);
                for (int i = 0; i < L; i++) SoftmaxRow<TV>(P + (nint)i * T, a.Causal ? i + 1 : L, L, scale);
                Gemm.Block<TV>(GemmLayout.NN, P, T, V, a.VStride, O, a.OStride, 0, L, 0, HS, L, false, null, scratch);
            }
        }
    }

    private readonly struct BackwardBody : IKernelBody<AttentionArgs>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in AttentionArgs a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            var (u0, u1) = WorkerPool.Range((long)a.B * a.NH, part, parts);
            for (long u = u0; u < u1; u++)
            {
                int b = (int)(u / a.NH), h = (int)(u % a.NH), T = a.T, HS = a.HS, L = a.Length(b);
                float* Q = a.Head(a.Q, a.QStride, b, h), K = a.Head(a.K, a.KStride, b, h), V = a.Head(a.V, a.VStride, b, h);
                float* dO = a.Head(a.DO, a.OStride, b, h);
                float* dQ = a.Head(a.DQ, a.QStride, b, h), dK = a.Head(a.DK, a.KStride, b, h), dV = a.Head(a.DV, a.VStride, b, h);
                float* P = a.Probs + ((nint)b * a.NH + h) * T * T;
                a.ClearGradientRowsPast(L, dQ, dK, dV);
                if (L == 0) continue;
                var mark = scratch.Mark();
                float* dS = scratch.Floats((long)L * L);
                float scale = 1f / MathF.Sqrt(HS);
                // out = P·v  ⇒  dv = Pᵀ·dout, dP = dout·vᵀ
                Gemm.Block<TV>(GemmLayout.TN, P, T, dO, a.OStride, dV, a.VStride, 0, L, 0, HS, L, false, null, scratch);
                Gemm.Block<TV>(GemmLayout.NT, dO, a.OStride, V, a.VStride, dS, L, 0, L, 0, L, HS, false, null, scratch);
                // P = softmax(S·scale)  ⇒  dS = P ∘ (dP − rowsum(P ∘ dP))·scale
                for (int i = 0; i < L; i++) SoftmaxBackwardRow<TV>(P + (nint)i * T, dS + (nint)i * L, L, scale);
                // S = q·kᵀ  ⇒  dq = dS·k, dk = dSᵀ·q
                Gemm.Block<TV>(GemmLayout.NN, dS, L, K, a.KStride, dQ, a.QStride, 0, L, 0, HS, L, false, null, scratch);
                Gemm.Block<TV>(GemmLayout.TN, dS, L, Q, a.QStride, dK, a.KStride, 0, L, 0, HS, L, false, null, scratch);
                scratch.Release(mark);
            }
        }
    }

    /// <summary>row[0..n) ← softmax(row·scale) over the first `keys` entries, 0 for the rest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SoftmaxRow<TV>(float* row, int keys, int n, float scale) where TV : unmanaged, IVec<TV>
    {
        int w = TV.Count, j = 0;
        var sv = TV.Create(scale);
        var vmax = TV.Create(float.NegativeInfinity);
        for (; j + w <= keys; j += w) vmax = TV.Max(vmax, TV.Load(row + j));
        float max = TV.MaxAcross(vmax);
        for (; j < keys; j++) max = MathF.Max(max, row[j]);
        var mv = TV.Create(max * scale);
        var vsum = TV.Zero;
        j = 0;
        for (; j + w <= keys; j += w) { var e = VecMath.Exp(TV.Fma(TV.Load(row + j), sv, TV.Zero - mv)); TV.Store(e, row + j); vsum += e; }
        float sum = TV.Sum(vsum);
        for (; j < keys; j++) { row[j] = MathF.Exp(row[j] * scale - max * scale); sum += row[j]; }
        var inv = TV.Create(1f / sum);
        j = 0;
        for (; j + w <= keys; j += w) TV.Store(TV.Load(row + j) * inv, row + j);
        for (; j < keys; j++) row[j] /= sum;
        for (j = keys; j < n; j++) row[j] = 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SoftmaxBackwardRow<TV>(float* p, float* dp, int n, float scale) where TV : unmanaged, IVec<TV>
    {
        int w = TV.Count, j = 0;
        var acc = TV.Zero;
        for (; j + w <= n; j += w) acc = TV.Fma(TV.Load(p + j), TV.Load(dp + j), acc);
        float dot = TV.Sum(acc);
        for (; j < n; j++) dot += p[j] * dp[j];
        var dv = TV.Create(dot);
        var sv = TV.Create(scale);
        j = 0;
        for (; j + w <= n; j += w) TV.Store(TV.Load(p + j) * (TV.Load(dp + j) - dv) * sv, dp + j);
        for (; j < n; j++) dp[j] = p[j] * (dp[j] - dot) * scale;
    }

    private static void Check(string name, in AttentionShape s, int q, int k, int v, int o, int probs)
    {
        if (s.HS < 1) throw new ArgumentOutOfRangeException(nameof(s), s.HS, $"{name}: HS must be ≥ 1.");
        long rows = (long)s.B * s.T, row = (long)s.NH * s.HS;
        long Extent(int stride) => rows == 0 ? 0 : (rows - 1) * stride + row;
        Require.Extent(name, "q", q, Extent(s.QStride), $"stride {s.QStride}");
        Require.Extent(name, "k", k, Extent(s.KStride), $"stride {s.KStride}");
        Require.Extent(name, "v", v, Extent(s.VStride), $"stride {s.VStride}");
        Require.Extent(name, "out", o, Extent(s.OStride), $"stride {s.OStride}");
        Require.Length(name, "probs", probs, (long)s.B * s.NH * s.T * s.T, "B·NH·T·T");
    }
}
