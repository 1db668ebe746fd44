// Rotary position embedding, applied in place to q and k where they live (e.g. inside a fused QKV
// buffer). Pairs are (i, i + HS/2) — the "rotate half" convention of GPT-NeoX and Hugging Face LLaMA, so
// exported weights load there unchanged. q and k sit next to each other in a [B, T, 3C] QKV row, so one
// call with 2·NH heads rotates both.
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

public static unsafe class Rope
{
    /// <summary>
    /// Fills cos[t, i] and sin[t, i] ([T, HS/2]) with the rotation angle t·θ^(−2i/HS), computed in double.
    /// </summary>
    public static void Table(int T, int HS, float theta, Span<float> cos, Span<float> sin)
    {
        const string k = "Rope.Table";
        Require.Positive(k, "T", T);
        CheckHeadSize(k, HS);
        Require.Length(k, "cos", cos.Length, (long)T * (HS / 2), $"T·HS/2 = {T}·{HS / 2}");
        Require.Length(k, "sin", sin.Length, (long)T * (HS / 2), $"T·HS/2 = {T}·{HS / 2}");
        int half = HS / 2;
        for (int t = 0; t < T; t++)
            for (int i = 0; i < half; i++)
            {
                double angle = t * Math.Pow(theta, -2.0 * i / HS);
                cos[t * half + i] = (float)Math.Cos(angle);
                sin[t * half + i] = (float)Math.Sin(angle);
            }
    }

    /// <summary>
    /// In place, for every row (b·T + t) of x (row stride <paramref name="stride"/>) and each of its NH
    /// heads of HS floats at the row start: (x_i, x_{i+HS/2}) ← (x_i·cos − x_{i+HS/2}·sin, x_{i+HS/2}·cos + x_i·sin)
    /// with cos, sin = table[t, i] (a Table for at least T positions). x is read and overwritten; nothing past
    /// the NH heads of a row is touched.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, Span<float> x, int B, int T, int NH, int HS, int stride, WorkerPool pool)
        => Forward(Simd.Best, cos, sin, x, B, T, NH, HS, stride, pool);

    /// <inheritdoc cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, int, int, WorkerPool)"/>
    public static void Forward(SimdPath path, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, Span<float> x, int B, int T, int NH, int HS, int stride, WorkerPool pool)
        => Rotate(path, "Rope.Forward", cos, sin, x, B, T, NH, HS, stride, 1f, pool);

    /// <summary>
    /// Backward of Forward, in place on the gradient dx (same layout): the inverse rotation,
    /// (g_i, g_{i+HS/2}) ← (g_i·cos + g_{i+HS/2}·sin, g_{i+HS/2}·cos − g_i·sin).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, Span<float> dx, int B, int T, int NH, int HS, int stride, WorkerPool pool)
        => Backward(Simd.Best, cos, sin, dx, B, T, NH, HS, stride, pool);

    /// <inheritdoc cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, int, int, WorkerPool)"/>
    public static void Backward(SimdPath path, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, Span<float> dx, int B, int T, int NH, int HS, int stride, WorkerPool pool)
        => Rotate(path, "Rope.Backward", cos, sin, dx, B, T, NH, HS, stride, -1f, pool);

    /// <summary>Scalar reference of Forward (sign 1) and Backward (sign −1).</summary>
    public static void RotateScalar(ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, Span<float> x, int B, int T, int NH, int HS, int stride, float sign)
    {
        Check("Rope.RotateScalar", cos.Length, sin.Length, x.Length, B, T, NH, HS, stride);
        int half = HS / 2;
        for (int r = 0; r < B * T; r++)
        {
            int t = r % T;
            for (int h = 0; h < NH; h++)
                for (int i = 0; i < half; i++)
                {
                    int o = r * stride + h * HS + i;
                    float c = cos[t * half + i], s = sign * sin[t * half + i];
                    float x1 = x[o], x2 = x[o + half];
                    x[o] = x1 * c - x2 * s;
                    x[o + half] = x2 * c + x1 * s;
                }
        }
    }

    private static void Rotate(SimdPath path, string name, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, Span<float> x,
        int B, int T, int NH, int HS, int stride, float sign, WorkerPool pool)
    {
        Check(name, cos.Length, sin.Length, x.Length, B, T, NH, HS, stride);
        Require.Pool(name, pool);
        if (path == SimdPath.Scalar) { RotateScalar(cos, sin, x, B, T, NH, HS, stride, sign); return; }
        fixed (float* pc = cos, ps = sin, px = x)
            KernelJob.Run<Body, Args>(path, new Args { Cos = pc, Sin = ps, X = px, Rows = B * T, T = T, NH = NH, HS = HS, Stride = stride, Sign = sign }, pool);
    }

    private struct Args
    {
        public float* Cos, Sin, X;
        public int Rows, T, NH, HS, Stride;
        public float Sign;
    }

    private readonly struct Body : IKernelBody<Args>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in Args a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            var (r0, r1) = WorkerPool.Range(a.Rows, part, parts);
            int half = a.HS / 2, W = TV.Count;
            var sign = TV.Create(a.Sign);
            for (long r = r0; r < r1; r++)
            {
                long t = r % a.T;
                float* cr = a.Cos + t * half, sr = a.Sin + t * half;
                for (int h = 0; h < a.NH; h++)
                {
                    float* x1 = a.X + r * a.Stride + h * a.HS, x2 = x1 + half;
                    int i = 0;
                    for (; i + W <= half; i += W)
                    {
                        var (y1, y2) = Turn(TV.Load(x1 + i), TV.Load(x2 + i), TV.Load(cr + i), TV.Load(sr + i) * sign);
                        TV.Store(y1, x1 + i);
                        TV.Store(y2, x2 + i);
                    }
                    if (i < half)
                    {
                        int n = half - i;
                        var (y1, y2) = Turn(VecMath.LoadTail<TV>(x1 + i, n), VecMath.LoadTail<TV>(x2 + i, n),
                            VecMath.LoadTail<TV>(cr + i, n), VecMath.LoadTail<TV>(sr + i, n) * sign);
                        VecMath.StoreTail(y1, x1 + i, n);
                        VecMath.StoreTail(y2, x2 + i, n);
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (TV, TV) Turn<TV>(TV x1, TV x2, TV c, TV s) where TV : unmanaged, IVec<TV> => (x1 * c - x2 * s, x2 * c + x1 * s);
    }

    private static void CheckHeadSize(string k, int HS)
    {
        if (HS < 2 || HS % 2 != 0) throw new ArgumentOutOfRangeException(nameof(HS), HS, $"{k}: HS must be even and ≥ 2, got {HS}.");
    }

    private static void Check(string k, int cos, int sin, int x, int B, int T, int NH, int HS, int stride)
    {
        Require.Positive(k, "B", B);
        Require.Positive(k, "T", T);
        Require.Positive(k, "NH", NH);
        CheckHeadSize(k, HS);
        Require.AtLeast(k, "stride", stride, NH * HS);
        Require.Extent(k, "cos", cos, (long)T * (HS / 2), $"a table for ≥ T = {T} positions, HS/2 = {HS / 2}");
        Require.Extent(k, "sin", sin, (long)T * (HS / 2), $"a table for ≥ T = {T} positions, HS/2 = {HS / 2}");
        long rows = (long)B * T;
        Require.Extent(k, "x", x, rows == 0 ? 0 : (rows - 1) * stride + (long)NH * HS, $"[B={B}, T={T}, NH={NH}, HS={HS}] at stride {stride}");
    }
}
