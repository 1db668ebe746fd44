// GELU in its tanh form (GPT-2's): gelu(x) = ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³), computed
// through the identity ½(1 + tanh u) = σ(2u) = 1/(1 + e^{−2u}): unlike 1 + tanh u, this keeps full
// relative precision in the negative tail (and 1 − σ(2u) = e^{−2u}·σ(2u) in the positive tail of the
// derivative). −2u is clamped to ±88 so e^{−2u} stays finite.
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

public static unsafe class Gelu
{
    private const float K0 = 0.7978845608028654f; // √(2/π)
    private const float K1 = 0.044715f;

    /// <summary>out[i] = gelu(inp[i]) for i &lt; N (N = element count). out is overwritten; it may be inp.</summary>
    public static void Forward(ReadOnlySpan<float> inp, Span<float> output, int N, WorkerPool pool)
        => Forward(Simd.Best, inp, output, N, pool);

    /// <inheritdoc cref="Forward(ReadOnlySpan{float}, Span{float}, int, WorkerPool)"/>
    public static void Forward(SimdPath path, ReadOnlySpan<float> inp, Span<float> output, int N, WorkerPool pool)
    {
        Check("Gelu.Forward", inp.Length, output.Length, N, "inp", "out");
        Require.Pool("Gelu.Forward", pool);
        if (path == SimdPath.Scalar) { ForwardScalar(inp, output, N); return; }
        fixed (float* x = inp, y = output) Elementwise.Map4<ForwardOp>(path, x, y, N, 0f, pool);
    }

    /// <summary>Scalar reference of Forward.</summary>
    public static void ForwardScalar(ReadOnlySpan<float> inp, Span<float> output, int N)
    {
        Check("Gelu.ForwardScalar", inp.Length, output.Length, N, "inp", "out");
        for (int i = 0; i < N; i++)
        {
            float x = inp[i];
            float e = MathF.Exp(Clamp(-2f * K0 * (x + K1 * x * x * x)));
            output[i] = x / (1f + e);
        }
    }

    /// <summary>
    /// dinp[i] = gelu'(inp[i])·dout[i], OVERWRITTEN (not accumulated: GELU's input feeds nothing else).
    /// gelu'(x) = ½(1 + tanh u) + ½x(1 − tanh²u)·u', u' = √(2/π)(1 + 3·0.044715x²); with s = σ(2u) that is
    /// s + 2x·s(1 − s)·u'. dinp may be dout.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, Span<float> dinp, int N, WorkerPool pool)
        => Backward(Simd.Best, dout, inp, dinp, N, pool);

    /// <inheritdoc cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, WorkerPool)"/>
    public static void Backward(SimdPath path, ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, Span<float> dinp, int N, WorkerPool pool)
    {
        Check("Gelu.Backward", dout.Length, dinp.Length, N, "dout", "dinp");
        Require.Length("Gelu.Backward", "inp", inp.Length, N, $"N = {N}");
        Require.Pool("Gelu.Backward", pool);
        if (path == SimdPath.Scalar) { BackwardScalar(dout, inp, dinp, N); return; }
        fixed (float* dy = dout, x = inp, dx = dinp) Elementwise.Map4<BackwardOp>(path, dy, x, dx, N, pool);
    }

    /// <summary>Scalar reference of Backward (dinp overwritten).</summary>
    public static void BackwardScalar(ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, Span<float> dinp, int N)
    {
        Check("Gelu.BackwardScalar", dout.Length, dinp.Length, N, "dout", "dinp");
        Require.Length("Gelu.BackwardScalar", "inp", inp.Length, N, $"N = {N}");
        for (int i = 0; i < N; i++)
        {
            float x = inp[i];
            float e = MathF.Exp(Clamp(-2f * K0 * (x + K1 * x * x * x)));
            float s = 1f / (1f + e), oneMinusS = e * s;
            float grad = s + 2f * x * s * oneMinusS * K0 * (1f + 3f * K1 * x * x);
            dinp[i] = grad * dout[i];
        }
    }

    private static void Check(string k, int a, int b, int N, string aName, string bName)
    {
        Require.Positive(k, "N", N);
        Require.Length(k, aName, a, N, $"N = {N}");
        Require.Length(k, bName, b, N, $"N = {N}");
    }

    private static float Clamp(float t) => MathF.Min(88f, MathF.Max(-88f, t));

    /// <summary>e^{−2u} with −2u clamped to ±88 (a NaN passes through).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpMinus2U<TV>(TV x, TV x2) where TV : unmanaged, IVec<TV>
    {
        var t = TV.Fma(TV.Create(K1) * x2, x, x) * TV.Create(-2f * K0);
        return VecMath.Exp(TV.Min(TV.Create(88f), TV.Max(TV.Create(-88f), t)));
    }

    private readonly struct ForwardOp : IUnaryOp4
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Apply4<TV>(float* px, float* py, float p) where TV : unmanaged, IVec<TV>
        {
            nint w = TV.Count;
            var x0 = TV.Load(px);
            var x1 = TV.Load(px + w);
            var x2 = TV.Load(px + 2 * w);
            var x3 = TV.Load(px + 3 * w);
            var k1 = TV.Create(K1);
            var k0 = TV.Create(-2f * K0);
            var c88 = TV.Create(88f);
            var t0 = TV.Min(c88, TV.Fma(k1 * (x0 * x0), x0, x0) * k0);
            var t1 = TV.Min(c88, TV.Fma(k1 * (x1 * x1), x1, x1) * k0);
            var t2 = TV.Min(c88, TV.Fma(k1 * (x2 * x2), x2, x2) * k0);
            var t3 = TV.Min(c88, TV.Fma(k1 * (x3 * x3), x3, x3) * k0);
            VecMath.Exp4(ref t0, ref t1, ref t2, ref t3);
            var one = TV.Create(1f);
            t0 = TV.Reciprocal(one + t0);
            t1 = TV.Reciprocal(one + t1);
            t2 = TV.Reciprocal(one + t2);
            t3 = TV.Reciprocal(one + t3);
            TV.Store(x0 * t0, py);
            TV.Store(x1 * t1, py + w);
            TV.Store(x2 * t2, py + 2 * w);
            TV.Store(x3 * t3, py + 3 * w);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TV>(TV x, float p) where TV : unmanaged, IVec<TV>
        {
            // Only the upper clamp matters here: e^{−2u} must stay finite for the reciprocal's Newton step.
            var t = TV.Fma(TV.Create(K1) * (x * x), x, x) * TV.Create(-2f * K0);
            return x * TV.Reciprocal(TV.Create(1f) + VecMath.Exp(TV.Min(TV.Create(88f), t)));
        }
    }

    private readonly struct BackwardOp : IBinaryOp4
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Apply4<TV>(float* pdy, float* px, float* py) where TV : unmanaged, IVec<TV>
        {
            nint w = TV.Count;
            var x0 = TV.Load(px);
            var x1 = TV.Load(px + w);
            var x2 = TV.Load(px + 2 * w);
            var x3 = TV.Load(px + 3 * w);
            var sq0 = x0 * x0;
            var sq1 = x1 * x1;
            var sq2 = x2 * x2;
            var sq3 = x3 * x3;
            var k1 = TV.Create(K1);
            var k0 = TV.Create(-2f * K0);
            var hi = TV.Create(88f);
            var lo = TV.Create(-88f);
            var e0 = TV.Min(hi, TV.Max(lo, TV.Fma(k1 * sq0, x0, x0) * k0));
            var e1 = TV.Min(hi, TV.Max(lo, TV.Fma(k1 * sq1, x1, x1) * k0));
            var e2 = TV.Min(hi, TV.Max(lo, TV.Fma(k1 * sq2, x2, x2) * k0));
            var e3 = TV.Min(hi, TV.Max(lo, TV.Fma(k1 * sq3, x3, x3) * k0));
            VecMath.Exp4(ref e0, ref e1, ref e2, ref e3);
            var one = TV.Create(1f);
            var s0 = TV.Reciprocal(one + e0);
            var s1 = TV.Reciprocal(one + e1);
            var s2 = TV.Reciprocal(one + e2);
            var s3 = TV.Reciprocal(one + e3);
            var c2k0 = TV.Create(2f * K0);
            var c3k1 = TV.Create(3f * K1);
            var g0 = TV.Fma(x0 * s0 * (e0 * s0), c2k0 * TV.Fma(c3k1, sq0, one), s0);
            var g1 = TV.Fma(x1 * s1 * (e1 * s1), c2k0 * TV.Fma(c3k1, sq1, one), s1);
            var g2 = TV.Fma(x2 * s2 * (e2 * s2), c2k0 * TV.Fma(c3k1, sq2, one), s2);
            var g3 = TV.Fma(x3 * s3 * (e3 * s3), c2k0 * TV.Fma(c3k1, sq3, one), s3);
            TV.Store(g0 * TV.Load(pdy), py);
            TV.Store(g1 * TV.Load(pdy + w), py + w);
            TV.Store(g2 * TV.Load(pdy + 2 * w), py + 2 * w);
            TV.Store(g3 * TV.Load(pdy + 3 * w), py + 3 * w);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TV>(TV dy, TV x) where TV : unmanaged, IVec<TV>
        {
            var one = TV.Create(1f);
            var x2 = x * x;
            var e = ExpMinus2U(x, x2);
            var s = TV.Reciprocal(one + e);
            var du = TV.Create(2f * K0) * TV.Fma(TV.Create(3f * K1), x2, one);
            var grad = TV.Fma(x * s * (e * s), du, s);
            return grad * dy;
        }
    }
}
