// Global-norm gradient clipping over the flat gradient buffer. The squares are summed per fixed chunk of
// 8192 floats (float lanes over blocks of 4 vectors, each block's sum added in double), and the chunk sums
// are added in chunk order in double: the norm is the same bits for any thread count.
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

public static unsafe class GradClip
{
    private const int Chunk = 8192;

    /// <summary>‖grads‖₂ = √(Σ g²), accumulated in double.</summary>
    public static double GlobalNorm(ReadOnlySpan<float> grads, WorkerPool pool) => GlobalNorm(Simd.Best, grads, pool);

    /// <inheritdoc cref="GlobalNorm(ReadOnlySpan{float}, WorkerPool)"/>
    public static double GlobalNorm(SimdPath path, ReadOnlySpan<float> grads, WorkerPool pool)
    {
        Require.Pool("GradClip.GlobalNorm", pool);
        if (path == SimdPath.Scalar) return GlobalNormScalar(grads);
        long chunks = (grads.Length + Chunk - 1) / Chunk;
        using var scratch = pool.RentCallerScratch();
        double* sums = (double*)scratch.Arena.Floats(2 * chunks);
        fixed (float* g = grads)
            KernelJob.Run<NormBody, NormArgs>(path, new NormArgs { G = g, N = grads.Length, Sums = sums }, pool);
        double total = 0;
        for (long c = 0; c < chunks; c++) total += sums[c];
        return Math.Sqrt(total);
    }

    /// <summary>Scalar reference of GlobalNorm: every square added in double, in order.</summary>
    public static double GlobalNormScalar(ReadOnlySpan<float> grads)
    {
        double sum = 0;
        foreach (float g in grads) sum += (double)g * g;
        return Math.Sqrt(sum);
    }

    /// <summary>grads[i] *= factor (in place).</summary>
    public static void Scale(Span<float> grads, float factor, WorkerPool pool) => Scale(Simd.Best, grads, factor, pool);

    /// <inheritdoc cref="Scale(Span{float}, float, WorkerPool)"/>
    public static void Scale(SimdPath path, Span<float> grads, float factor, WorkerPool pool)
    {
        Require.Pool("GradClip.Scale", pool);
        if (path == SimdPath.Scalar)
        {
            for (int i = 0; i < grads.Length; i++) grads[i] *= factor;
            return;
        }
        fixed (float* g = grads) Elementwise.Map<ScaleOp>(path, g, g, grads.Length, factor, pool);
    }

    /// <summary>
    /// ‖grads‖₂ (as <see cref="GlobalNorm(ReadOnlySpan{float}, WorkerPool)"/>); when maxNorm &gt; 0 and the norm
    /// exceeds it, grads are scaled in place by (float)(maxNorm/‖grads‖). Returns the norm before clipping
    /// (NaN or ∞ when a gradient is: the caller decides what a non-finite norm means).
    /// </summary>
    public static double ClipByGlobalNorm(Span<float> grads, double maxNorm, WorkerPool pool)
    {
        double norm = GlobalNorm(grads, pool);
        if (maxNorm > 0 && norm > maxNorm) Scale(grads, (float)(maxNorm / norm), pool);
        return norm;
    }

    private readonly struct ScaleOp : IUnaryOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TV>(TV x, float p) where TV : unmanaged, IVec<TV> => x * TV.Create(p);
    }

    private struct NormArgs
    {
        public float* G;
        public long N;
        public double* Sums;
    }

    private readonly struct NormBody : IKernelBody<NormArgs>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in NormArgs a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            long chunks = (a.N + Chunk - 1) / Chunk;
            var (c0, c1) = WorkerPool.Range(chunks, part, parts);
            int w = TV.Count;
            for (long c = c0; c < c1; c++)
            {
                float* x = a.G + c * Chunk;
                int n = (int)Math.Min(Chunk, a.N - c * Chunk), i = 0;
                double sum = 0;
                for (; i + 4 * w <= n; i += 4 * w)
                {
                    var x0 = TV.Load(x + i);
                    var x1 = TV.Load(x + i + w);
                    var x2 = TV.Load(x + i + 2 * w);
                    var x3 = TV.Load(x + i + 3 * w);
                    sum += TV.Sum(TV.Fma(x0, x0, x1 * x1) + TV.Fma(x2, x2, x3 * x3));
                }
                for (; i < n; i++) sum += (double)x[i] * x[i];
                a.Sums[c] = sum;
            }
        }
    }
}
