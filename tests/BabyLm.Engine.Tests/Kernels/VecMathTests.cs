using System.Runtime.Intrinsics;
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Tests.Kernels;

[Trait("Category", "Kernels")]
public unsafe class VecMathTests
{
    // Our exp against the double-precision one: ≤ ~2 ulp (float ulp is 2^-23 ≈ 1.2e-7 relative).
    private const double ExpTolerance = 3e-7;

    [Fact]
    public void Exp_IsAccurate_AndHandlesSpecialValues_AtEveryWidth()
    {
        if (Vector512.IsHardwareAccelerated) Check<Vec512>();
        if (Vector256.IsHardwareAccelerated) Check<Vec256>();
        if (Vector128.IsHardwareAccelerated) Check<Vec128>();
    }

    private static void Check<TV>() where TV : unmanaged, IVec<TV>
    {
        var xs = new List<float>();
        for (double x = -103; x <= 88.7; x += 0.0137) xs.Add((float)x);
        xs.AddRange([0f, -0f, 1e-30f, -1e-30f, 88.72f, -87.3f]);
        float* buf = stackalloc float[64];
        foreach (float x in xs)
        {
            buf[0] = x;
            TV.Store(VecMath.Exp(TV.Create(x)), buf);
            double expected = Math.Exp(x), got = buf[0];
            if (expected < 1.2e-38) Assert.True(Math.Abs(got - expected) <= 1.5e-45 * 4 + expected * ExpTolerance, $"{typeof(TV).Name} exp({x}) = {got}, expected {expected}");
            else Assert.True(Math.Abs(got / expected - 1) <= ExpTolerance, $"{typeof(TV).Name} exp({x}) = {got:R}, expected {expected:R}");
        }
        float Exp(float x) { TV.Store(VecMath.Exp(TV.Create(x)), buf); return buf[0]; }
        Assert.Equal(0f, Exp(float.NegativeInfinity));
        Assert.Equal(0f, Exp(-104f));
        Assert.Equal(0f, Exp(-1e30f));
        Assert.Equal(float.PositiveInfinity, Exp(89f));
        Assert.Equal(float.PositiveInfinity, Exp(float.PositiveInfinity));
        Assert.True(float.IsNaN(Exp(float.NaN)));
    }

    [Fact]
    public void ExpFlushed_IsAccurate_AndNeverReturnsADenormal_AtEveryWidth()
    {
        if (Vector512.IsHardwareAccelerated) CheckFlushed<Vec512>();
        if (Vector256.IsHardwareAccelerated) CheckFlushed<Vec256>();
        if (Vector128.IsHardwareAccelerated) CheckFlushed<Vec128>();
    }

    private static void CheckFlushed<TV>() where TV : unmanaged, IVec<TV>
    {
        float* buf = stackalloc float[64];
        float Exp(float x) { TV.Store(VecMath.ExpFlushed(TV.Create(x)), buf); return buf[0]; }
        // every float from −88 to −86 (the flush boundary and its neighbours), then a sweep to the top
        var xs = new List<float>();
        for (float x = -88f; x <= -86f; x = MathF.BitIncrement(x)) xs.Add(x);
        for (double x = -86; x <= 88.7; x += 0.0137) xs.Add((float)x);
        foreach (float x in xs)
        {
            float got = Exp(x);
            Assert.False(float.IsSubnormal(got), $"{typeof(TV).Name} expFlushed({x:R}) = {got:R} is subnormal");
            if (x < -87f) Assert.True(got == 0f, $"{typeof(TV).Name} expFlushed({x:R}) = {got:R}, expected 0 below −87");
            else Assert.True(Math.Abs(got / Math.Exp(x) - 1) <= ExpTolerance, $"{typeof(TV).Name} expFlushed({x:R}) = {got:R}, expected {Math.Exp(x):R}");
        }
        Assert.Equal(0f, Exp(float.NegativeInfinity));
        Assert.Equal(float.PositiveInfinity, Exp(89f));
        Assert.True(float.IsNaN(Exp(float.NaN)));
    }
}
