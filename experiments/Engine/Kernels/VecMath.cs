// Vectorised elementary functions (exp, tanh, sigmoid) for the SIMD kernels, and the tail helpers that let
// an elementwise kernel run its last partial vector through the same vector code as the rest (so every
// element gets the same arithmetic wherever a thread's range or a row happens to end).
// Vector*.Exp exists in .NET but computes in double; this float version is about twice as fast and
// accurate to ~2 ulp, which is all the softmaxes and activations need.
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

internal static unsafe class VecMath
{
    // Cody–Waite split of ln 2 (Cephes expf): n·Ln2Hi is exact for |n| < 2^9.
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    // e^r on [-ln2/2, ln2/2]: degree-5 polynomial fitted for relative error (≤ 1.6e-7 in float), r⁵ first.
    private const float P5 = 8.290312252938747e-3f, P4 = 4.189793020486832e-2f, P3 = 1.666763573884964e-1f;
    private const float P2 = 4.999915063381195e-1f, P1 = 9.999997019767761e-1f;

    /// <summary>
    /// e^x lane-wise, relative error ≤ ~2 ulp; exactly 0 for x ≤ -104 (so e^-∞ = 0, as masked softmax
    /// needs), +∞ above ~88.72, NaN in gives NaN out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV>(TV x) where TV : unmanaged, IVec<TV>
        // Clamp first (constant as the first operand so that a NaN lane passes through).
        => ExpOfClamped(TV.Min(TV.Create(89f), TV.Max(TV.Create(-104f), x)));

    /// <summary>e^xc for xc already clamped to the range the exponent can hold: Cody–Waite reduction, polynomial, scale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpOfClamped<TV>(TV xc) where TV : unmanaged, IVec<TV>
    {
        var n = TV.Round(xc * TV.Create(Log2E));
        var r = TV.Fma(n, TV.Create(-Ln2Hi), xc);
        r = TV.Fma(n, TV.Create(-Ln2Lo), r);
        var p = TV.Create(P5);
        p = TV.Fma(p, r, TV.Create(P4));
        p = TV.Fma(p, r, TV.Create(P3));
        p = TV.Fma(p, r, TV.Create(P2));
        p = TV.Fma(p, r, TV.Create(P1));
        p = TV.Fma(p, r, TV.Create(1f));
        return TV.ScaleByPow2(p, n);
    }

    /// <summary>
    /// <see cref="Exp{TV}"/> of four vectors stepped together (the same arithmetic lane by lane, written out
    /// because the JIT emits code in source order), so that their dependency chains overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exp4<TV>(ref TV x0, ref TV x1, ref TV x2, ref TV x3) where TV : unmanaged, IVec<TV>
    {
        var hi = TV.Create(89f);
        var lo = TV.Create(-104f);
        var xc0 = TV.Min(hi, TV.Max(lo, x0));
        var xc1 = TV.Min(hi, TV.Max(lo, x1));
        var xc2 = TV.Min(hi, TV.Max(lo, x2));
        var xc3 = TV.Min(hi, TV.Max(lo, x3));
        var l2e = TV.Create(Log2E);
        var n0 = TV.Round(xc0 * l2e);
        var n1 = TV.Round(xc1 * l2e);
        var n2 = TV.Round(xc2 * l2e);
        var n3 = TV.Round(xc3 * l2e);
        var cHi = TV.Create(-Ln2Hi);
        var cLo = TV.Create(-Ln2Lo);
        var r0 = TV.Fma(n0, cLo, TV.Fma(n0, cHi, xc0));
        var r1 = TV.Fma(n1, cLo, TV.Fma(n1, cHi, xc1));
        var r2 = TV.Fma(n2, cLo, TV.Fma(n2, cHi, xc2));
        var r3 = TV.Fma(n3, cLo, TV.Fma(n3, cHi, xc3));
        var c5 = TV.Create(P5);
        var c4 = TV.Create(P4);
        var p0 = TV.Fma(c5, r0, c4);
        var p1 = TV.Fma(c5, r1, c4);
        var p2 = TV.Fma(c5, r2, c4);
        var p3 = TV.Fma(c5, r3, c4);
        var c3 = TV.Create(P3);
        p0 = TV.Fma(p0, r0, c3);
        p1 = TV.Fma(p1, r1, c3);
        p2 = TV.Fma(p2, r2, c3);
        p3 = TV.Fma(p3, r3, c3);
        var c2 = TV.Create(P2);
        p0 = TV.Fma(p0, r0, c2);
        p1 = TV.Fma(p1, r1, c2);
        p2 = TV.Fma(p2, r2, c2);
        p3 = TV.Fma(p3, r3, c2);
        var c1 = TV.Create(P1);
        p0 = TV.Fma(p0, r0, c1);
        p1 = TV.Fma(p1, r1, c1);
        p2 = TV.Fma(p2, r2, c1);
        p3 = TV.Fma(p3, r3, c1);
        var one = TV.Create(1f);
        p0 = TV.Fma(p0, r0, one);
        p1 = TV.Fma(p1, r1, one);
        p2 = TV.Fma(p2, r2, one);
        p3 = TV.Fma(p3, r3, one);
        x0 = TV.ScaleByPow2(p0, n0);
        x1 = TV.ScaleByPow2(p1, n1);
        x2 = TV.ScaleByPow2(p2, n2);
        x3 = TV.ScaleByPow2(p3, n3);
    }

    /// <summary>
    /// e^x as <see cref="Exp{TV}"/>, except that results below the smallest normal float are 0 (x &lt; −87):
    /// for softmax probabilities, where masked keys (−∞) and far-below-max scores are common and a denormal
    /// result costs a microcode assist (.NET runs without flush-to-zero). At T = 128 causal, the
    /// diagonal tiles' masked lanes made the fused attention forward spend a third of its time there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpFlushed<TV>(TV x) where TV : unmanaged, IVec<TV>
    {
        var lo = TV.Create(-87f);
        // Clamped to [−87, 89] (NaN passes through), every result is normal: e^−87 ≈ 1.6e−38 > 2^−126.
        return TV.Select(TV.LessThan(x, lo), TV.Zero, ExpOfClamped(TV.Min(TV.Create(89f), TV.Max(lo, x))));
    }

    /// <summary>tanh(x) = 1 − 2/(e^{2x}+1): absolute error ≤ ~2e-7 (relative error grows near 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<TV>(TV x) where TV : unmanaged, IVec<TV>
    {
        var one = TV.Create(1f);
        return one - TV.Create(2f) / (Exp(x + x) + one);
    }

    /// <summary>σ(x) = 1/(1 + e^{−x}) (e^{−x} capped at e^88 so the reciprocal's Newton step stays finite).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<TV>(TV x) where TV : unmanaged, IVec<TV> =>
        TV.Reciprocal(TV.Create(1f) + Exp(TV.Min(TV.Create(88f), TV.Zero - x)));

    /// <summary>Σ x[0..n): two vector accumulators, their lanes in fixed order, then the scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum<TV>(float* x, int n) where TV : unmanaged, IVec<TV>
    {
        int w = TV.Count, i = 0;
        TV a0 = TV.Zero, a1 = TV.Zero;
        for (; i + 2 * w <= n; i += 2 * w) { a0 += TV.Load(x + i); a1 += TV.Load(x + i + w); }
        for (; i + w <= n; i += w) a0 += TV.Load(x + i);
        float s = TV.Sum(a0 + a1);
        for (; i < n; i++) s += x[i];
        return s;
    }

    /// <summary>Loads n &lt; Count floats into the low lanes, zero in the rest.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TV LoadTail<TV>(float* p, int n) where TV : unmanaged, IVec<TV>
    {
        float* tmp = stackalloc float[64];
        for (int i = 0; i < TV.Count; i++) tmp[i] = i < n ? p[i] : 0f;
        return TV.Load(tmp);
    }

    /// <summary>Stores the low n &lt; Count lanes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void StoreTail<TV>(TV v, float* p, int n) where TV : unmanaged, IVec<TV>
    {
        float* tmp = stackalloc float[64];
        TV.Store(v, tmp);
        for (int i = 0; i < n; i++) p[i] = tmp[i];
    }

    /// <summary>Prefetches the cache lines of p[0..n) into L1 (no-op without SSE).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(float* p, int n)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        for (int i = 0; i < n; i += 16) System.Runtime.Intrinsics.X86.Sse.Prefetch0(p + i);
    }

    /// <summary>Prefetches the cache lines of p[0..n) into L2 (no-op without SSE).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PrefetchL2(float* p, int n)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        for (int i = 0; i < n; i += 16) System.Runtime.Intrinsics.X86.Sse.Prefetch1(p + i);
    }

    /// <summary>dst[0..n) = 0, vectorised.</summary>
    public static void Clear(float* dst, long n) => new Span<float>(dst, checked((int)n)).Clear();
}
