// AdamW (Loshchilov & Hutter) with decoupled weight decay, over the model's flat parameter buffer, with a
// per-parameter decay mask (1 where the tensor decays: weights, not biases or norms). The update uses no
// fused multiply-add, so the vector lanes and the scalar tail compute the same bits: each parameter's
// update is independent of the thread count and of where a thread's range ends.
using System.Runtime.CompilerServices;

namespace BabyLm.Experiments.Kernels;

public static unsafe class AdamW
{
    /// <summary>
    /// One step t ≥ 1 over P parameters, in place on parameters, m and v:
    /// m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;  m̂ = m/(1−β1ᵗ);  v̂ = v/(1−β2ᵗ);
    /// p −= lr·(m̂/(√v̂ + eps) + weightDecay·decayMask·p). decayMask [P] holds 0 or 1 per parameter.
    /// </summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> grads, Span<float> m, Span<float> v, ReadOnlySpan<byte> decayMask,
        float lr, float beta1, float beta2, float eps, float weightDecay, int t, WorkerPool pool)
        => Step(Simd.Best, parameters, grads, m, v, decayMask, lr, beta1, beta2, eps, weightDecay, t, pool);

    /// <inheritdoc cref="Step(Span{float}, ReadOnlySpan{float}, Span{float}, Span{float}, ReadOnlySpan{byte}, float, float, float, float, float, int, WorkerPool)"/>
    public static void Step(SimdPath path, Span<float> parameters, ReadOnlySpan<float> grads, Span<float> m, Span<float> v, ReadOnlySpan<byte> decayMask,
        float lr, float beta1, float beta2, float eps, float weightDecay, int t, WorkerPool pool)
    {
        Check("AdamW.Step", parameters.Length, grads.Length, m.Length, v.Length, decayMask.Length, t);
        Require.Pool("AdamW.Step", pool);
        if (path == SimdPath.Scalar) { StepScalar(parameters, grads, m, v, decayMask, lr, beta1, beta2, eps, weightDecay, t); return; }
        fixed (float* pp = parameters, pg = grads, pm = m, pv = v)
        fixed (byte* pd = decayMask)
        {
            var a = new Args
            {
                P = pp, G = pg, M = pm, V = pv, Decay = pd, N = parameters.Length, Lr = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, Wd = weightDecay,
                C1 = (float)(1.0 / (1.0 - Math.Pow(beta1, t))), C2 = (float)(1.0 / (1.0 - Math.Pow(beta2, t))),
            };
            switch (path)
            {
                case SimdPath.Vector512: { var job = new Job<Vec512> { A = a }; pool.Run(ref job); break; }
                case SimdPath.Vector256: { var job = new Job<Vec256> { A = a }; pool.Run(ref job); break; }
                default: { var job = new Job<Vec128> { A = a }; pool.Run(ref job); break; }
            }
        }
    }

    /// <summary>Scalar reference of Step (the same arithmetic, element by element).</summary>
    public static void StepScalar(Span<float> parameters, ReadOnlySpan<float> grads, Span<float> m, Span<float> v, ReadOnlySpan<byte> decayMask,
        float lr, float beta1, float beta2, float eps, float weightDecay, int t)
    {
        Check("AdamW.StepScalar", parameters.Length, grads.Length, m.Length, v.Length, decayMask.Length, t);
        float c1 = (float)(1.0 / (1.0 - Math.Pow(beta1, t))), c2 = (float)(1.0 / (1.0 - Math.Pow(beta2, t)));
        for (int i = 0; i < parameters.Length; i++)
            Update(ref parameters[i], grads[i], ref m[i], ref v[i], decayMask[i], lr, beta1, beta2, eps, weightDecay, c1, c2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(ref float p, float g, ref float m, ref float v, byte decay, float lr, float beta1, float beta2, float eps, float wd, float c1, float c2)
    {
        m = beta1 * m + (1f - beta1) * g;
        v = beta2 * v + (1f - beta2) * (g * g);
        float mhat = m * c1, vhat = v * c2;
        p -= lr * (mhat / (MathF.Sqrt(vhat) + eps) + wd * decay * p);
    }

    private struct Args
    {
        public float* P, G, M, V;
        public byte* Decay;
        public long N;
        public float Lr, Beta1, Beta2, Eps, Wd, C1, C2;
    }

    private struct Job<TV> : IWorkerJob where TV : unmanaged, IVec<TV>
    {
        public Args A;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int part, int parts, ScratchArena scratch)
        {
            var (i0, i1) = WorkerPool.Range(A.N, part, parts, 64);
            long i = i0;
            int w = TV.Count;
            TV b1 = TV.Create(A.Beta1), nb1 = TV.Create(1f - A.Beta1), b2 = TV.Create(A.Beta2), nb2 = TV.Create(1f - A.Beta2);
            TV c1 = TV.Create(A.C1), c2 = TV.Create(A.C2), lr = TV.Create(A.Lr), eps = TV.Create(A.Eps), wd = TV.Create(A.Wd);
            for (; i + w <= i1; i += w)
            {
                var g = TV.Load(A.G + i);
                var p = TV.Load(A.P + i);
                var m = b1 * TV.Load(A.M + i) + nb1 * g;
                var v = b2 * TV.Load(A.V + i) + nb2 * (g * g);
                var update = m * c1 / (TV.Sqrt(v * c2) + eps) + wd * TV.LoadBytes(A.Decay + i) * p;
                TV.Store(m, A.M + i);
                TV.Store(v, A.V + i);
                TV.Store(p - lr * update, A.P + i);
            }
            for (; i < i1; i++)
                Update(ref A.P[i], A.G[i], ref A.M[i], ref A.V[i], A.Decay[i], A.Lr, A.Beta1, A.Beta2, A.Eps, A.Wd, A.C1, A.C2);
        }
    }

    private static void Check(string k, int p, int g, int m, int v, int mask, int t)
    {
        Require.Length(k, "grads", g, p, "the parameter count");
        Require.Length(k, "m", m, p, "the parameter count");
        Require.Length(k, "v", v, p, "the parameter count");
        Require.Length(k, "decayMask", mask, p, "the parameter count");
        Require.AtLeast(k, "t", t, 1);
    }
}
