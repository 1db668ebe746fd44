// Copy and clear of float buffers, split over the pool: the backend's copy and clear, and the
// bandwidth baseline of `babylm bench kernels` (a plain vector loop, as every memory-bound kernel is).
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

public static unsafe class Copy
{
    /// <summary>dst[i] = src[i] for every i (same length). dst is overwritten.</summary>
    public static void Run(ReadOnlySpan<float> src, Span<float> dst, WorkerPool pool) => Run(Simd.Best, src, dst, pool);

    /// <inheritdoc cref="Run(ReadOnlySpan{float}, Span{float}, WorkerPool)"/>
    public static void Run(SimdPath path, ReadOnlySpan<float> src, Span<float> dst, WorkerPool pool)
    {
        Require.Length("Copy.Run", "dst", dst.Length, src.Length, "the length of src");
        Require.Pool("Copy.Run", pool);
        if (path == SimdPath.Scalar) { src.CopyTo(dst); return; }
        fixed (float* s = src, d = dst) Elementwise.Map<Identity>(path, s, d, src.Length, 0f, pool);
    }

    /// <summary>x[i] = 0 for every i.</summary>
    public static void Clear(Span<float> x, WorkerPool pool) => Clear(Simd.Best, x, pool);

    /// <inheritdoc cref="Clear(Span{float}, WorkerPool)"/>
    public static void Clear(SimdPath path, Span<float> x, WorkerPool pool)
    {
        Require.Pool("Copy.Clear", pool);
        if (path == SimdPath.Scalar) { x.Clear(); return; }
        fixed (float* p = x) Elementwise.Map<Zero>(path, p, p, x.Length, 0f, pool);
    }

    private readonly struct Identity : IUnaryOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TV>(TV x, float p) where TV : unmanaged, IVec<TV> => x;
    }

    private readonly struct Zero : IUnaryOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TV>(TV x, float p) where TV : unmanaged, IVec<TV> => TV.Create(0f);
    }
}
