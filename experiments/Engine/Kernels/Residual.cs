// The residual connection's add, in place (x = x + f(x) in the model reads Residual.Add(x_out, x_in)).
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

public static unsafe class Residual
{
    /// <summary>acc[i] += x[i] for every i (same length). acc is read and overwritten.</summary>
    public static void Add(Span<float> acc, ReadOnlySpan<float> x, WorkerPool pool) => Add(Simd.Best, acc, x, pool);

    /// <inheritdoc cref="Add(Span{float}, ReadOnlySpan{float}, WorkerPool)"/>
    public static void Add(SimdPath path, Span<float> acc, ReadOnlySpan<float> x, WorkerPool pool)
    {
        Require.Length("Residual.Add", "x", x.Length, acc.Length, "the length of acc");
        Require.Pool("Residual.Add", pool);
        if (path == SimdPath.Scalar) { AddScalar(acc, x); return; }
        fixed (float* pa = acc, px = x) Elementwise.Map<AddOp>(path, pa, px, pa, acc.Length, pool);
    }

    /// <summary>Scalar reference of Add.</summary>
    public static void AddScalar(Span<float> acc, ReadOnlySpan<float> x)
    {
        Require.Length("Residual.AddScalar", "x", x.Length, acc.Length, "the length of acc");
        for (int i = 0; i < acc.Length; i++) acc[i] += x[i];
    }

    private readonly struct AddOp : IBinaryOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TV>(TV a, TV b) where TV : unmanaged, IVec<TV> => a + b;
    }
}
