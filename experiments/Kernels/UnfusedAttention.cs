// Attention composed the textbook way from our own GEMM and a row softmax, materialising every head's T×T
// probabilities: the baseline `babylm bench kernels` times the fused Attention against, and a second,
// independent oracle for its tests. Like PyTorch's unfused path it computes the full score matrix even
// when causal (masked entries are computed, then zeroed). Same layouts and semantics as Attention, plus
// probs [B, NH, T, T] saved by Forward for Backward. Not for training: O(B·NH·T²) memory.
using System.Runtime.CompilerServices;

namespace BabyLm.Experiments.Kernels;

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
            Run(new Args(s, valid) { Q = pq, K = pk, V = pv, O = po, P = pp }, pool);
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
            Run(new Args(s, valid) { Q = pq, K = pk, V = pv, DO = pdo, P = pp, DQ = pdq, DK = pdk, DV = pdv, Backward = true }, pool);
    }

    private static void Run(Args a, WorkerPool pool)
    {
        switch (Simd.Best)
        {
            case SimdPath.Vector512: { var job = new Job<Vec512> { A = a }; pool.Run(ref job); break; }
            case SimdPath.Vector256: { var job = new Job<Vec256> { A = a }; pool.Run(ref job); break; }
            case SimdPath.Vector128: { var job = new Job<Vec128> { A = a }; pool.Run(ref job); break; }
            default: throw new PlatformNotSupportedException("UnfusedAttention needs SIMD (it is a benchmark baseline).");
        }
    }

    private struct Args
    {
        public float* Q, K, V, O, P, DO, DQ, DK, DV;
        public int B, T, NH, HS, QStride, KStride, VStride, OStride;
        public bool Causal, Backward;
        public int* Valid;

        public Args(in AttentionShape s, int* valid)
        {
            B = s.B; T = s.T; NH = s.NH; HS = s.HS;
            QStride = s.QStride; KStride = s.KStride; VStride = s.VStride; OStride = s.OStride;
            Causal = s.Causal;
            Valid = valid;
        }
    }

    private struct Job<TV> : IWorkerJob where TV : unmanaged, IVec<TV>
    {
        public Args A;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int part, int parts, ScratchArena scratch)
        {
            var (u0, u1) = WorkerPool.Range((long)A.B * A.NH, part, parts);
            for (long u = u0; u < u1; u++)
            {
                int b = (int)(u / A.NH), h = (int)(u % A.NH);
                if (A.Backward) BackwardHead(b, h, scratch); else ForwardHead(b, h, scratch);
            }
        }

        private readonly void ForwardHead(int b, int h, ScratchArena scratch)
        {
            int T = A.T, HS = A.HS, L = A.Valid == null ? T : A.Valid[b];
            float* Q = A.Q + (nint)b * T * A.QStride + h * HS, K = A.K + (nint)b * T * A.KStride + h * HS;
            float* V = A.V + (nint)b * T * A.VStride + h * HS, O = A.O + (nint)b * T * A.OStride + h * HS;
            float* P = A.P + ((nint)b * A.NH + h) * T * T;
            if (L < T) VecMath.Clear(P, (long)T * T); // rows and columns past L stay 0
            for (int t = L; t < T; t++) VecMath.Clear(O + (nint)t * A.OStride, HS);
            if (L == 0) return;
            // S = q·kᵀ (all L×L, masked entries too), P = softmax(S/√HS + mask), out = P·v
            Gemm.Block<TV>(GemmLayout.NT, Q, A.QStride, K, A.KStride, P, T, 0, L, 0, L, HS, false, null, scratch);
            float scale = 1f / MathF.Sqrt(HS);
            for (int i = 0; i < L; i++) SoftmaxRow(P + (nint)i * T, A.Causal ? i + 1 : L, L, scale);
            Gemm.Block<TV>(GemmLayout.NN, P, T, V, A.VStride, O, A.OStride, 0, L, 0, HS, L, false, null, scratch);
        }

        private readonly void BackwardHead(int b, int h, ScratchArena scratch)
        {
            int T = A.T, HS = A.HS, L = A.Valid == null ? T : A.Valid[b];
            float* Q = A.Q + (nint)b * T * A.QStride + h * HS, K = A.K + (nint)b * T * A.KStride + h * HS;
            float* V = A.V + (nint)b * T * A.VStride + h * HS, dO = A.DO + (nint)b * T * A.OStride + h * HS;
            float* dQ = A.DQ + (nint)b * T * A.QStride + h * HS, dK = A.DK + (nint)b * T * A.KStride + h * HS;
            float* dV = A.DV + (nint)b * T * A.VStride + h * HS;
            float* P = A.P + ((nint)b * A.NH + h) * T * T;
            for (int t = L; t < T; t++)
            {
                VecMath.Clear(dQ + (nint)t * A.QStride, HS);
                VecMath.Clear(dK + (nint)t * A.KStride, HS);
                VecMath.Clear(dV + (nint)t * A.VStride, HS);
            }
            if (L == 0) return;
            var mark = scratch.Mark();
            float* dS = scratch.Floats((long)L * L);
            float scale = 1f / MathF.Sqrt(HS);
            // out = P·v  ⇒  dv = Pᵀ·dout, dP = dout·vᵀ
            Gemm.Block<TV>(GemmLayout.TN, P, T, dO, A.OStride, dV, A.VStride, 0, L, 0, HS, L, false, null, scratch);
            Gemm.Block<TV>(GemmLayout.NT, dO, A.OStride, V, A.VStride, dS, L, 0, L, 0, L, HS, false, null, scratch);
            // P = softmax(S·scale)  ⇒  dS = P ∘ (dP − rowsum(P ∘ dP))·scale
            for (int i = 0; i < L; i++) SoftmaxBackwardRow(P + (nint)i * T, dS + (nint)i * L, L, scale);
            // S = q·kᵀ  ⇒  dq = dS·k, dk = dSᵀ·q
            Gemm.Block<TV>(GemmLayout.NN, dS, L, K, A.KStride, dQ, A.QStride, 0, L, 0, HS, L, false, null, scratch);
            Gemm.Block<TV>(GemmLayout.TN, dS, L, Q, A.QStride, dK, A.KStride, 0, L, 0, HS, L, false, null, scratch);
            scratch.Release(mark);
        }

        /// <summary>row[0..n) ← softmax(row·scale) over the first `keys` entries, 0 for the rest.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void SoftmaxRow(float* row, int keys, int n, float scale)
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
        private static void SoftmaxBackwardRow(float* p, float* dp, int n, float scale)
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
