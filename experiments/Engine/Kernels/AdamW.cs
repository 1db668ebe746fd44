// AdamW (Loshchilov & Hutter) with decoupled weight decay, over the model's flat parameter buffer, with a
// per-parameter decay mask (1 where the tensor decays: weights, not biases or norms). The update uses no
// fused multiply-add, so the vector lanes and the scalar tail compute the same bits: each parameter's
// update is independent of the thread count and of where a thread's range ends.
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

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
            KernelJob.Run<Body, Args>(path, new Args
            {
                P = pp, G = pg, M = pm, V = pv, Decay = pd, N = parameters.Length, Lr = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, Wd = weightDecay,
                C1 = (float)(1.0 / (1.0 - Math.Pow(beta1, t))), C2 = (float)(1.0 / (1.0 - Math.Pow(beta2, t))),
            }, pool);
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

    private readonly struct Body : IKernelBody<Args>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in Args a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            var (i0, i1) = WorkerPool.Range(a.N, part, parts, 64);
            long i = i0;
            int w = TV.Count;
            TV b1 = TV.Create(a.Beta1), nb1 = TV.Create(1f - a.Beta1), b2 = TV.Create(a.Beta2), nb2 = TV.Create(1f - a.Beta2);
            TV c1 = TV.Create(a.C1), c2 = TV.Create(a.C2), lr = TV.Create(a.Lr), eps = TV.Create(a.Eps), wd = TV.Create(a.Wd);
            for (; i + w <= i1; i += w)
            {
                var g = TV.Load(a.G + i);
                var p = TV.Load(a.P + i);
                var m = b1 * TV.Load(a.M + i) + nb1 * g;
                var v = b2 * TV.Load(a.V + i) + nb2 * (g * g);
                var update = m * c1 / (TV.Sqrt(v * c2) + eps) + wd * TV.LoadBytes(a.Decay + i) * p;
                TV.Store(m, a.M + i);
                TV.Store(v, a.V + i);
                TV.Store(p - lr * update, a.P + i);
            }
            for (; i < i1; i++)
                Update(ref a.P[i], a.G[i], ref a.M[i], ref a.V[i], a.Decay[i], a.Lr, a.Beta1, a.Beta2, a.Eps, a.Wd, a.C1, a.C2);
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
