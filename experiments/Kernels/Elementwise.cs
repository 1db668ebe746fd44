// The parallel loop behind the elementwise kernels (GELU, residual add, scaling): y = f(x) or y = f(a, b)
// over n floats. Threads take ranges that start on multiples of 16 floats, and the last partial vector
// goes through the same vector code (via a padded copy), so every element gets identical arithmetic for
// any thread count and any start address.
using System.Runtime.CompilerServices;

namespace BabyLm.Experiments.Kernels;

/// <summary>A lane-wise function of one vector (with its parameter, e.g. a scale).</summary>
internal interface IUnaryOp
{
    static abstract TV Apply<TV>(TV x, float p) where TV : unmanaged, IVec<TV>;
}

/// <summary>A lane-wise function of two vectors.</summary>
internal interface IBinaryOp
{
    static abstract TV Apply<TV>(TV a, TV b) where TV : unmanaged, IVec<TV>;
}

internal static unsafe class Elementwise
{
    /// <summary>y[i] = TOp(x[i], p) for i &lt; n (x and y may be the same buffer).</summary>
    public static void Map<TOp>(SimdPath path, float* x, float* y, long n, float p, WorkerPool pool) where TOp : IUnaryOp
    {
        switch (path)
        {
            case SimdPath.Vector512: { var job = new UnaryJob<TOp, Vec512> { X = x, Y = y, N = n, P = p }; pool.Run(ref job); break; }
            case SimdPath.Vector256: { var job = new UnaryJob<TOp, Vec256> { X = x, Y = y, N = n, P = p }; pool.Run(ref job); break; }
            default: { var job = new UnaryJob<TOp, Vec128> { X = x, Y = y, N = n, P = p }; pool.Run(ref job); break; }
        }
    }

    /// <summary>y[i] = TOp(a[i], b[i]) for i &lt; n (y may alias a or b).</summary>
    public static void Map<TOp>(SimdPath path, float* a, float* b, float* y, long n, WorkerPool pool) where TOp : IBinaryOp
    {
        switch (path)
        {
            case SimdPath.Vector512: { var job = new BinaryJob<TOp, Vec512> { A = a, B = b, Y = y, N = n }; pool.Run(ref job); break; }
            case SimdPath.Vector256: { var job = new BinaryJob<TOp, Vec256> { A = a, B = b, Y = y, N = n }; pool.Run(ref job); break; }
            default: { var job = new BinaryJob<TOp, Vec128> { A = a, B = b, Y = y, N = n }; pool.Run(ref job); break; }
        }
    }

    /// <summary>Below this many floats a single thread is faster than a fork-join.</summary>
    private const long SerialBelow = 1 << 14;

    private struct UnaryJob<TOp, TV> : IWorkerJob where TOp : IUnaryOp where TV : unmanaged, IVec<TV>
    {
        public float* X, Y;
        public long N;
        public float P;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int part, int parts, ScratchArena scratch)
        {
            var (i0, i1) = N < SerialBelow ? (part == 0 ? (0L, N) : (0L, 0L)) : WorkerPool.Range(N, part, parts, 16);
            long i = i0, w = TV.Count;
            for (; i + 2 * w <= i1; i += 2 * w)
            {
                var a = TOp.Apply(TV.Load(X + i), P);
                var b = TOp.Apply(TV.Load(X + i + w), P);
                TV.Store(a, Y + i);
                TV.Store(b, Y + i + w);
            }
            for (; i + w <= i1; i += w) TV.Store(TOp.Apply(TV.Load(X + i), P), Y + i);
            if (i < i1) VecMath.StoreTail(TOp.Apply(VecMath.LoadTail<TV>(X + i, (int)(i1 - i)), P), Y + i, (int)(i1 - i));
        }
    }

    private struct BinaryJob<TOp, TV> : IWorkerJob where TOp : IBinaryOp where TV : unmanaged, IVec<TV>
    {
        public float* A, B, Y;
        public long N;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int part, int parts, ScratchArena scratch)
        {
            var (i0, i1) = N < SerialBelow ? (part == 0 ? (0L, N) : (0L, 0L)) : WorkerPool.Range(N, part, parts, 16);
            long i = i0, w = TV.Count;
            for (; i + w <= i1; i += w) TV.Store(TOp.Apply(TV.Load(A + i), TV.Load(B + i)), Y + i);
            if (i < i1)
            {
                int n = (int)(i1 - i);
                VecMath.StoreTail(TOp.Apply(VecMath.LoadTail<TV>(A + i, n), VecMath.LoadTail<TV>(B + i, n)), Y + i, n);
            }
        }
    }
}
