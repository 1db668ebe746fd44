// Softmax + cross-entropy over the vocabulary, fused with its gradient: the gradient overwrites the logits
// in place, so a step never holds a second B·T·V buffer. Stable (the row max is subtracted before exp).
// Rows are independent and split across threads; the mean is summed in double in row order afterwards.
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

public static unsafe class SoftmaxCrossEntropy
{
    /// <summary>The usual "no target here" label (PyTorch's default ignore_index).</summary>
    public const int DefaultIgnoreIndex = -100;

    /// <summary>
    /// losses[n] = −log softmax(logits[n,:])[targets[n]] (0 where targets[n] == ignoreIndex); returns the mean
    /// over the other rows (0 if none). If gradScale ≠ 0, logits[n,:] is OVERWRITTEN with
    /// (softmax(logits[n,:]) − onehot(targets[n]))·gradScale — the gradient of gradScale·Σ_n losses[n]
    /// (rows with the ignore index get 0); with gradScale = 0 the logits are left as they are.
    /// logits [N,V], targets [N] in 0..V-1 or ignoreIndex, losses [N] overwritten.
    /// </summary>
    public static double Forward(Span<float> logits, ReadOnlySpan<int> targets, Span<float> losses, int N, int V,
        int ignoreIndex, float gradScale, WorkerPool pool)
        => Forward(Simd.Best, logits, targets, losses, N, V, ignoreIndex, gradScale, pool);

    /// <inheritdoc cref="Forward(Span{float}, ReadOnlySpan{int}, Span{float}, int, int, int, float, WorkerPool)"/>
    public static double Forward(SimdPath path, Span<float> logits, ReadOnlySpan<int> targets, Span<float> losses, int N, int V,
        int ignoreIndex, float gradScale, WorkerPool pool)
    {
        int count = Check("SoftmaxCrossEntropy.Forward", logits.Length, targets, losses.Length, N, V, ignoreIndex);
        Require.Pool("SoftmaxCrossEntropy.Forward", pool);
        if (path == SimdPath.Scalar) return ForwardScalar(logits, targets, losses, N, V, ignoreIndex, gradScale);
        fixed (float* pl = logits, ploss = losses)
        fixed (int* pt = targets)
            KernelJob.Run<Body, Args>(path, new Args { Logits = pl, Targets = pt, Losses = ploss, N = N, V = V, Ignore = ignoreIndex, Scale = gradScale }, pool);
        return Mean(losses, count);
    }

    /// <summary>Scalar reference of Forward (same semantics).</summary>
    public static double ForwardScalar(Span<float> logits, ReadOnlySpan<int> targets, Span<float> losses, int N, int V, int ignoreIndex, float gradScale)
    {
        int count = Check("SoftmaxCrossEntropy.ForwardScalar", logits.Length, targets, losses.Length, N, V, ignoreIndex);
        for (int n = 0; n < N; n++)
        {
            var row = logits.Slice(n * V, V);
            int target = targets[n];
            if (target == ignoreIndex)
            {
                losses[n] = 0f;
                if (gradScale != 0f) row.Clear();
                continue;
            }
            float max = float.NegativeInfinity;
            for (int v = 0; v < V; v++) max = MathF.Max(max, row[v]);
            float sum = 0f;
            for (int v = 0; v < V; v++) sum += MathF.Exp(row[v] - max);
            losses[n] = MathF.Log(sum) + (max - row[target]);
            if (gradScale == 0f) continue;
            // loss = log Σ e^x − x_target  ⇒  dloss/dx_v = softmax_v − [v = target]
            for (int v = 0; v < V; v++) row[v] = (MathF.Exp(row[v] - max) / sum - (v == target ? 1f : 0f)) * gradScale;
        }
        return Mean(losses, count);
    }

    private static double Mean(ReadOnlySpan<float> losses, int count)
    {
        double sum = 0;
        foreach (float l in losses) sum += l;
        return count == 0 ? 0 : sum / count;
    }

    private struct Args
    {
        public float* Logits, Losses;
        public int* Targets;
        public int N, V, Ignore;
        public float Scale;
    }

    private readonly struct Body : IKernelBody<Args>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in Args a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            var (n0, n1) = WorkerPool.Range(a.N, part, parts);
            int V = a.V, W = TV.Count;
            bool grad = a.Scale != 0f;
            for (long n = n0; n < n1; n++)
            {
                float* x = a.Logits + n * V;
                int target = a.Targets[n];
                if (target == a.Ignore)
                {
                    a.Losses[n] = 0f;
                    if (grad) VecMath.Clear(x, V);
                    continue;
                }
                int v = 0;
                TV m0 = TV.Create(float.NegativeInfinity), m1 = m0;
                for (; v + 2 * W <= V; v += 2 * W) { m0 = TV.Max(m0, TV.Load(x + v)); m1 = TV.Max(m1, TV.Load(x + v + W)); }
                for (; v + W <= V; v += W) m0 = TV.Max(m0, TV.Load(x + v));
                float max = TV.MaxAcross(TV.Max(m0, m1));
                for (; v < V; v++) max = MathF.Max(max, x[v]);
                var mv = TV.Create(max);
                float xt = x[target];
                TV s0 = TV.Zero;
                v = 0;
                if (grad)
                {
                    // keep e^{x − max} in the row: the gradient pass only rescales it
                    for (; v + W <= V; v += W) { var e = VecMath.Exp(TV.Load(x + v) - mv); TV.Store(e, x + v); s0 += e; }
                }
                else
                {
                    for (; v + W <= V; v += W) s0 += VecMath.Exp(TV.Load(x + v) - mv);
                }
                float sum = TV.Sum(s0);
                for (; v < V; v++)
                {
                    float e = MathF.Exp(x[v] - max);
                    if (grad) x[v] = e;
                    sum += e;
                }
                a.Losses[n] = MathF.Log(sum) + (max - xt); // (max − x_t) first: exact for large logits
                if (!grad) continue;
                var f = TV.Create(a.Scale / sum);
                v = 0;
                for (; v + W <= V; v += W) TV.Store(TV.Load(x + v) * f, x + v);
                for (; v < V; v++) x[v] *= a.Scale / sum;
                x[target] -= a.Scale;
            }
        }
    }

    private static int Check(string k, int logits, ReadOnlySpan<int> targets, int losses, int N, int V, int ignoreIndex)
    {
        Require.Positive(k, "N", N);
        Require.AtLeast(k, "V", V, 1);
        Require.Length(k, "logits", logits, (long)N * V, $"N·V = {N}·{V}");
        Require.Length(k, "targets", targets.Length, N, $"N = {N}");
        Require.Length(k, "losses", losses, N, $"N = {N}");
        int count = 0;
        for (int n = 0; n < N; n++)
        {
            int t = targets[n];
            if (t == ignoreIndex) continue;
            if ((uint)t >= (uint)V)
                throw new ArgumentOutOfRangeException(nameof(targets), t, $"{k}: targets[{n}] = {t} is outside 0..V-1 (V = {V}) and is not the ignore index {ignoreIndex}.");
            count++;
        }
        return count;
    }
}
