// Fused multi-head attention, forward and backward, flash-style: per head, one pass over 128-key tiles for
// each 128-query tile with an online softmax, so the B·NH·T·T score matrix never exists (extra memory is
// O(T·HS) per thread: padded copies of the head's q, k, v and 128×128 tiles). The backward follows
// FlashAttention-2: key tiles outer, query tiles inner, P recomputed from the saved log-sum-exp.
// Causal or bidirectional, per-sequence valid lengths, any T, head size 1..128, arbitrary row strides.
// Work is split over (sequence, head) units by a fixed cost-weighted partition, and each unit is computed
// by one thread start to finish, so results are bitwise identical for any thread count.
// Not here: dropout, attention bias/ALiBi, cross-attention with different query and key lengths.
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

public static unsafe partial class Attention
{
    /// <summary>
    /// out = softmax(q·kᵀ/√HS + mask)·v per sequence and head; lse[b,h,t] = log Σ_j exp(q_t·k_j/√HS) over
    /// the visible keys j (saved for Backward). Shapes and strides: <see cref="AttentionShape"/>. out's head
    /// columns and lse are overwritten (rows at or past a valid length get 0); nothing else in out is touched.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> output, Span<float> lse,
        in AttentionShape s, WorkerPool pool)
        => Forward(Simd.Best, q, k, v, output, lse, s, pool);

    /// <inheritdoc cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, in AttentionShape, WorkerPool)"/>
    public static void Forward(SimdPath path, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> output, Span<float> lse,
        in AttentionShape s, WorkerPool pool)
    {
        const string name = "Attention.Forward";
        CheckShape(name, s);
        CheckTensors(name, s, q.Length, k.Length, v.Length, output.Length, lse.Length, "out");
        Require.Pool(name, pool);
        if (path == SimdPath.Scalar) { ForwardScalar(q, k, v, output, lse, s); return; }
        fixed (float* pq = q, pk = k, pv = v, po = output, pl = lse)
        fixed (int* valid = s.ValidLengths)
            KernelJob.Run<ForwardBody, AttentionArgs>(path, new AttentionArgs(s, valid) { Q = pq, K = pk, V = pv, O = po, Lse = pl }, pool);
    }

    /// <summary>
    /// Gradients of Forward given dout (same layout and stride as out): dq, dk, dv are OVERWRITTEN in their
    /// head columns (rows at or past a valid length get 0); nothing else in those buffers is touched, so
    /// they may be the q/k/v views of one fused dQKV buffer. out and lse are Forward's outputs.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dout, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        ReadOnlySpan<float> output, ReadOnlySpan<float> lse, Span<float> dq, Span<float> dk, Span<float> dv, in AttentionShape s, WorkerPool pool)
        => Backward(Simd.Best, dout, q, k, v, output, lse, dq, dk, dv, s, pool);

    /// <inheritdoc cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, in AttentionShape, WorkerPool)"/>
    public static void Backward(SimdPath path, ReadOnlySpan<float> dout, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        ReadOnlySpan<float> output, ReadOnlySpan<float> lse, Span<float> dq, Span<float> dk, Span<float> dv, in AttentionShape s, WorkerPool pool)
    {
        const string name = "Attention.Backward";
        CheckShape(name, s);
        CheckTensors(name, s, q.Length, k.Length, v.Length, output.Length, lse.Length, "out");
        CheckTensors(name, s, dq.Length, dk.Length, dv.Length, dout.Length, lse.Length, "dout", "dq", "dk", "dv");
        Require.Pool(name, pool);
        if (path == SimdPath.Scalar) { BackwardScalar(dout, q, k, v, output, lse, dq, dk, dv, s); return; }
        fixed (float* pdo = dout, pq = q, pk = k, pv = v, po = output, pl = lse, pdq = dq, pdk = dk, pdv = dv)
        fixed (int* valid = s.ValidLengths)
            KernelJob.Run<BackwardBody, AttentionArgs>(path,
                new AttentionArgs(s, valid) { Q = pq, K = pk, V = pv, O = po, Lse = pl, DO = pdo, DQ = pdq, DK = pdk, DV = pdv }, pool);
    }

    // ---------------------------------------------------------------------------------------------------
    // Scalar reference: one query row at a time, an exact two-pass softmax over its visible keys (O(T) memory).

    /// <summary>Scalar reference of Forward (same semantics, single-threaded).</summary>
    public static void ForwardScalar(ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> output, Span<float> lse,
        in AttentionShape s)
    {
        const string name = "Attention.ForwardScalar";
        CheckShape(name, s);
        CheckTensors(name, s, q.Length, k.Length, v.Length, output.Length, lse.Length, "out");
        int T = s.T, HS = s.HS;
        float scale = 1f / MathF.Sqrt(HS);
        var p = new float[T];
        for (int b = 0; b < s.B; b++)
        {
            int L = s.Length(b);
            for (int h = 0; h < s.NH; h++)
                for (int i = 0; i < T; i++)
                {
                    int oi = (b * T + i) * s.OStride + h * HS, li = (b * s.NH + h) * T + i;
                    if (i >= L)
                    {
                        output.Slice(oi, HS).Clear();
                        lse[li] = 0f;
                        continue;
                    }
                    int qi = (b * T + i) * s.QStride + h * HS;
                    int keys = s.Causal ? i + 1 : L;
                    float max = float.NegativeInfinity;
                    for (int j = 0; j < keys; j++)
                    {
                        int kj = (b * T + j) * s.KStride + h * HS;
                        float dot = 0f;
                        for (int d = 0; d < HS; d++) dot += q[qi + d] * k[kj + d];
                        p[j] = dot * scale;
                        max = MathF.Max(max, p[j]);
                    }
                    float sum = 0f;
                    for (int j = 0; j < keys; j++) { p[j] = MathF.Exp(p[j] - max); sum += p[j]; }
                    for (int d = 0; d < HS; d++)
                    {
                        float acc = 0f;
                        for (int j = 0; j < keys; j++) acc += p[j] * v[(b * T + j) * s.VStride + h * HS + d];
                        output[oi + d] = acc / sum;
                    }
                    lse[li] = max + MathF.Log(sum);
                }
        }
    }

    /// <summary>Scalar reference of Backward (same semantics: dq, dk, dv overwritten).</summary>
    public static void BackwardScalar(ReadOnlySpan<float> dout, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        ReadOnlySpan<float> output, ReadOnlySpan<float> lse, Span<float> dq, Span<float> dk, Span<float> dv, in AttentionShape s)
    {
        const string name = "Attention.BackwardScalar";
        CheckShape(name, s);
        CheckTensors(name, s, q.Length, k.Length, v.Length, output.Length, lse.Length, "out");
        CheckTensors(name, s, dq.Length, dk.Length, dv.Length, dout.Length, lse.Length, "dout", "dq", "dk", "dv");
        int T = s.T, HS = s.HS;
        float scale = 1f / MathF.Sqrt(HS);
        for (int b = 0; b < s.B; b++)
        {
            int L = s.Length(b);
            for (int h = 0; h < s.NH; h++)
            {
                for (int t = 0; t < T; t++)
                {
                    dq.Slice((b * T + t) * s.QStride + h * HS, HS).Clear();
                    dk.Slice((b * T + t) * s.KStride + h * HS, HS).Clear();
                    dv.Slice((b * T + t) * s.VStride + h * HS, HS).Clear();
                }
                for (int i = 0; i < L; i++)
                {
                    int qi = (b * T + i) * s.QStride + h * HS, oi = (b * T + i) * s.OStride + h * HS;
                    float lsei = lse[(b * s.NH + h) * T + i];
                    // o_i = Σ_j p_ij v_j  ⇒  dp_ij = do_i·v_j, and softmax ⇒ ds_ij = p_ij (dp_ij − Σ_d do_i,d o_i,d)
                    float delta = 0f;
                    for (int d = 0; d < HS; d++) delta += dout[oi + d] * output[oi + d];
                    int keys = s.Causal ? i + 1 : L;
                    for (int j = 0; j < keys; j++)
                    {
                        int kj = (b * T + j) * s.KStride + h * HS, vj = (b * T + j) * s.VStride + h * HS;
                        float dot = 0f, dp = 0f;
                        for (int d = 0; d < HS; d++) { dot += q[qi + d] * k[kj + d]; dp += dout[oi + d] * v[vj + d]; }
                        float p = MathF.Exp(dot * scale - lsei);
                        float ds = p * (dp - delta) * scale;
                        // s_ij = q_i·k_j·scale  ⇒  dq_i += ds_ij k_j,  dk_j += ds_ij q_i;  o = P v  ⇒  dv_j += p_ij do_i
                        for (int d = 0; d < HS; d++)
                        {
                            dq[qi + d] += ds * k[kj + d];
                            dk[kj + d] += ds * q[qi + d];
                            dv[vj + d] += p * dout[oi + d];
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Argument checks.

    private static void CheckShape(string name, in AttentionShape s) => s.Validate(name);

    private static void CheckTensors(string name, in AttentionShape s, int q, int k, int v, int o, int lse, string oName,
        string qName = "q", string kName = "k", string vName = "v")
    {
        long rows = (long)s.B * s.T, row = (long)s.NH * s.HS;
        string dims = $"[B={s.B}, T={s.T}, NH={s.NH}, HS={s.HS}]";
        long Extent(int stride) => rows == 0 ? 0 : (rows - 1) * stride + row;
        string Shape(int stride) => $"{dims} at stride {stride}";
        Require.Extent(name, qName, q, Extent(s.QStride), Shape(s.QStride));
        Require.Extent(name, kName, k, Extent(s.KStride), Shape(s.KStride));
        Require.Extent(name, vName, v, Extent(s.VStride), Shape(s.VStride));
        Require.Extent(name, oName, o, Extent(s.OStride), Shape(s.OStride));
        Require.Length(name, "lse", lse, (long)s.B * s.NH * s.T, $"B·NH·T = {s.B}·{s.NH}·{s.T}");
    }
}
