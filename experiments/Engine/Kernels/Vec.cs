// The vector abstraction the SIMD kernels are written against: one generic body per kernel, instantiated
// for Vec512, Vec256 and Vec128 (single-field wrappers over Vector512/256/128<float>). The JIT keeps the
// wrappers in registers and inlines every member (checked with DOTNET_JitDisasm: no spills in the GEMM
// micro-kernel), so the generic kernels compile to the same code as hand-written intrinsics.
// Deliberately float32 only, and only the operations the kernels use.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BabyLm.Engine.Kernels;

public unsafe interface IVec<TSelf> :
    IAdditionOperators<TSelf, TSelf, TSelf>,
    ISubtractionOperators<TSelf, TSelf, TSelf>,
    IMultiplyOperators<TSelf, TSelf, TSelf>,
    IDivisionOperators<TSelf, TSelf, TSelf>
    where TSelf : unmanaged, IVec<TSelf>
{
    /// <summary>Lanes (floats) per vector.</summary>
    static abstract int Count { get; }
    static abstract TSelf Zero { get; }
    static abstract TSelf Create(float x);
    /// <summary>0, 1, 2, … Count-1 as floats.</summary>
    static abstract TSelf Indices { get; }
    static abstract TSelf Load(float* p);
    static abstract void Store(TSelf v, float* p);
    /// <summary>Count bytes widened to floats (0..255).</summary>
    static abstract TSelf LoadBytes(byte* p);
    /// <summary>a·b + c (fused where the hardware has FMA).</summary>
    static abstract TSelf Fma(TSelf a, TSelf b, TSelf c);
    /// <summary>Lane-wise max; if either lane is NaN the result is <paramref name="b"/>'s lane (x86 maxps).</summary>
    static abstract TSelf Max(TSelf a, TSelf b);
    /// <summary>Lane-wise min; if either lane is NaN the result is <paramref name="b"/>'s lane (x86 minps).</summary>
    static abstract TSelf Min(TSelf a, TSelf b);
    static abstract TSelf Sqrt(TSelf a);
    /// <summary>1/a to within ~1 ulp: the hardware estimate refined by Newton steps (a division is several times slower).</summary>
    static abstract TSelf Reciprocal(TSelf a);
    /// <summary>Round to nearest, ties to even.</summary>
    static abstract TSelf Round(TSelf a);
    static abstract TSelf Floor(TSelf a);
    /// <summary>x·2^n for integral n; exact over the whole float range (overflow to ∞, underflow to 0).</summary>
    static abstract TSelf ScaleByPow2(TSelf x, TSelf n);
    /// <summary>All-ones lanes where a &lt; b, zero lanes elsewhere.</summary>
    static abstract TSelf LessThan(TSelf a, TSelf b);
    /// <summary>mask ? a : b, lane by lane (mask lanes all-ones or all-zeros).</summary>
    static abstract TSelf Select(TSelf mask, TSelf a, TSelf b);
    /// <summary>Sum of the lanes in a fixed order (independent of data and addresses).</summary>
    static abstract float Sum(TSelf v);
    static abstract float MaxAcross(TSelf v);
}

internal readonly unsafe struct Vec512 : IVec<Vec512>
{
    public readonly Vector512<float> V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vec512(Vector512<float> v) => V = v;

    public static int Count => 16;
    public static Vec512 Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }
    public static Vec512 Indices { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector512.ConvertToSingle(Vector512<int>.Indices)); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Create(float x) => new(Vector512.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Load(float* p) => new(Vector512.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vec512 v, float* p) => v.V.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 LoadBytes(byte* p) => new(Vector512.ConvertToSingle(Avx512F.ConvertToVector512Int32(Vector128.Load(p))));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Fma(Vec512 a, Vec512 b, Vec512 c) => new(Avx512F.FusedMultiplyAdd(a.V, b.V, c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Max(Vec512 a, Vec512 b) => new(Vector512.MaxNative(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Min(Vec512 a, Vec512 b) => new(Vector512.MinNative(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Sqrt(Vec512 a) => new(Vector512.Sqrt(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Reciprocal(Vec512 a)
    {
        var r = Avx512F.Reciprocal14(a.V); // 14 bits; one Newton step r(2 − ar) doubles them
        return new(Avx512F.FusedMultiplyAddNegated(a.V, r, Vector512.Create(2f)) * r);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Round(Vec512 a) => new(Avx512F.RoundScale(a.V, 0));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Floor(Vec512 a) => new(Vector512.Floor(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 ScaleByPow2(Vec512 x, Vec512 n) => new(Avx512F.Scale(x.V, n.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 LessThan(Vec512 a, Vec512 b) => new(Vector512.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Select(Vec512 m, Vec512 a, Vec512 b) => new(Vector512.ConditionalSelect(m.V, a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vec512 v) => Vec256.Sum(new(v.V.GetLower() + v.V.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MaxAcross(Vec512 v) => Vec256.MaxAcross(new(Vector256.MaxNative(v.V.GetLower(), v.V.GetUpper())));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 operator +(Vec512 a, Vec512 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 operator -(Vec512 a, Vec512 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 operator *(Vec512 a, Vec512 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 operator /(Vec512 a, Vec512 b) => new(a.V / b.V);
}

internal readonly unsafe struct Vec256 : IVec<Vec256>
{
    public readonly Vector256<float> V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vec256(Vector256<float> v) => V = v;

    public static int Count => 8;
    public static Vec256 Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }
    public static Vec256 Indices { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector256.ConvertToSingle(Vector256<int>.Indices)); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Create(float x) => new(Vector256.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Load(float* p) => new(Vector256.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vec256 v, float* p) => v.V.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 LoadBytes(byte* p) => new(Vector256.ConvertToSingle(Avx2.ConvertToVector256Int32(p)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Fma(Vec256 a, Vec256 b, Vec256 c) =>
        new(System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a.V, b.V, c.V) : a.V * b.V + c.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Max(Vec256 a, Vec256 b) => new(Vector256.MaxNative(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Min(Vec256 a, Vec256 b) => new(Vector256.MinNative(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Sqrt(Vec256 a) => new(Vector256.Sqrt(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Reciprocal(Vec256 a)
    {
        // 12-bit estimate, two Newton steps r(2 − ar)
        var two = Vector256.Create(2f);
        var r = Avx.Reciprocal(a.V);
        r = (two - a.V * r) * r;
        return new((two - a.V * r) * r);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Round(Vec256 a) => new(Vector256.Round(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Floor(Vec256 a) => new(Vector256.Floor(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 ScaleByPow2(Vec256 x, Vec256 n)
    {
        // Two factors 2^h · 2^(n-h), each a normal float for |n| ≤ 254, so the product rounds once.
        var h = Vector256.Floor(n.V * Vector256.Create(0.5f));
        return new(x.V * Pow2(h) * Pow2(n.V - h));
        static Vector256<float> Pow2(Vector256<float> k) =>
            Vector256.ShiftLeft(Vector256.ConvertToInt32(k) + Vector256.Create(127), 23).AsSingle();
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 LessThan(Vec256 a, Vec256 b) => new(Vector256.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Select(Vec256 m, Vec256 a, Vec256 b) => new(Vector256.ConditionalSelect(m.V, a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vec256 v) => Vec128.Sum(new(v.V.GetLower() + v.V.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MaxAcross(Vec256 v) => Vec128.MaxAcross(new(Vector128.MaxNative(v.V.GetLower(), v.V.GetUpper())));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 operator +(Vec256 a, Vec256 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 operator -(Vec256 a, Vec256 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 operator *(Vec256 a, Vec256 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 operator /(Vec256 a, Vec256 b) => new(a.V / b.V);
}

internal readonly unsafe struct Vec128 : IVec<Vec128>
{
    public readonly Vector128<float> V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vec128(Vector128<float> v) => V = v;

    public static int Count => 4;
    public static Vec128 Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }
    public static Vec128 Indices { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector128.Create(0f, 1f, 2f, 3f)); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Create(float x) => new(Vector128.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Load(float* p) => new(Vector128.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vec128 v, float* p) => v.V.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 LoadBytes(byte* p) => Sse41.IsSupported
        ? new(Vector128.ConvertToSingle(Sse41.ConvertToVector128Int32(p)))
        : new(Vector128.Create((float)p[0], p[1], p[2], p[3]));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Fma(Vec128 a, Vec128 b, Vec128 c) =>
        new(System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a.V, b.V, c.V) : a.V * b.V + c.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Max(Vec128 a, Vec128 b) => new(Vector128.MaxNative(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Min(Vec128 a, Vec128 b) => new(Vector128.MinNative(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Sqrt(Vec128 a) => new(Vector128.Sqrt(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Reciprocal(Vec128 a)
    {
        if (!Sse.IsSupported) return new(Vector128<float>.One / a.V);
        var two = Vector128.Create(2f);
        var r = Sse.Reciprocal(a.V);
        r = (two - a.V * r) * r;
        return new((two - a.V * r) * r);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Round(Vec128 a) => new(Vector128.Round(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Floor(Vec128 a) => new(Vector128.Floor(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 ScaleByPow2(Vec128 x, Vec128 n)
    {
        var h = Vector128.Floor(n.V * Vector128.Create(0.5f));
        return new(x.V * Pow2(h) * Pow2(n.V - h));
        static Vector128<float> Pow2(Vector128<float> k) =>
            Vector128.ShiftLeft(Vector128.ConvertToInt32(k) + Vector128.Create(127), 23).AsSingle();
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 LessThan(Vec128 a, Vec128 b) => new(Vector128.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Select(Vec128 m, Vec128 a, Vec128 b) => new(Vector128.ConditionalSelect(m.V, a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vec128 v)
    {
        // ((v0 + v2) + (v1 + v3)): a fixed order, the same on every machine.
        var s = v.V + Vector128.Shuffle(v.V, Vector128.Create(2, 3, 0, 1));
        return s.ToScalar() + s.GetElement(1);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vec128 v)
    {
        var s = Vector128.MaxNative(v.V, Vector128.Shuffle(v.V, Vector128.Create(2, 3, 0, 1)));
        return MathF.Max(s.ToScalar(), s.GetElement(1));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 operator +(Vec128 a, Vec128 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 operator -(Vec128 a, Vec128 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 operator *(Vec128 a, Vec128 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 operator /(Vec128 a, Vec128 b) => new(a.V / b.V);
}
