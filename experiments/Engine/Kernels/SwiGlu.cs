// SwiGLU, the gated MLP activation of LLaMA: one up-projection of width 2H produces the gate and the value
// side by side in each row, [N, 2H] = [gate | value], and the activation halves it to [N, H].
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

public static unsafe class SwiGlu
{
    /// <summary>
    /// out[n,j] = silu(a)·b with a = inp[n, j] (gate), b = inp[n, H + j] (value), silu(a) = a·σ(a).
    /// inp [N, 2H], out [N, H] overwritten.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> inp, Span<float> output, int N, int H, WorkerPool pool)
        => Forward(Simd.Best, inp, output, N, H, pool);

    /// <inheritdoc cref="Forward(ReadOnlySpan{float}, Span{float}, int, int, WorkerPool)"/>
    public static void Forward(SimdPath path, ReadOnlySpan<float> inp, Span<float> output, int N, int H, WorkerPool pool)
    {
        CheckForward("SwiGlu.Forward", inp.Length, output.Length, N, H);
        Require.Pool("SwiGlu.Forward", pool);
        if (path == SimdPath.Scalar) { ForwardScalar(inp, output, N, H); return; }
        fixed (float* x = inp, y = output)
            KernelJob.Run<ForwardBody, Args>(path, new Args { Inp = x, Out = y, N = N, H = H }, pool);
    }

    /// <summary>Scalar reference of Forward.</summary>
    public static void ForwardScalar(ReadOnlySpan<float> inp, Span<float> output, int N, int H)
    {
        CheckForward("SwiGlu.ForwardScalar", inp.Length, output.Length, N, H);
        for (int n = 0; n < N; n++)
            for (int j = 0; j < H; j++)
            {
                float a = inp[n * 2 * H + j], b = inp[n * 2 * H + H + j];
                output[n * H + j] = a / (1f + MathF.Exp(-a)) * b;
            }
    }

    /// <summary>
    /// Backward, dinp OVERWRITTEN (the up-projection's output feeds nothing else): with s = σ(a),
    /// dinp[n, j] = dout·b·s(1 + a(1 − s)) (gate), dinp[n, H + j] = dout·a·s (value). dout [N,H], inp and dinp [N,2H].
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, Span<float> dinp, int N, int H, WorkerPool pool)
        => Backward(Simd.Best, dout, inp, dinp, N, H, pool);

    /// <inheritdoc cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, WorkerPool)"/>
    public static void Backward(SimdPath path, ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, Span<float> dinp, int N, int H, WorkerPool pool)
    {
        CheckBackward("SwiGlu.Backward", dout.Length, inp.Length, dinp.Length, N, H);
        Require.Pool("SwiGlu.Backward", pool);
        if (path == SimdPath.Scalar) { BackwardScalar(dout, inp, dinp, N, H); return; }
        fixed (float* dy = dout, x = inp, dx = dinp)
            KernelJob.Run<BackwardBody, Args>(path, new Args { Dout = dy, Inp = x, Dinp = dx, N = N, H = H }, pool);
    }

    /// <summary>Scalar reference of Backward (dinp overwritten).</summary>
    public static void BackwardScalar(ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, Span<float> dinp, int N, int H)
    {
        CheckBackward("SwiGlu.BackwardScalar", dout.Length, inp.Length, dinp.Length, N, H);
        for (int n = 0; n < N; n++)
            for (int j = 0; j < H; j++)
            {
                float a = inp[n * 2 * H + j], b = inp[n * 2 * H + H + j], dy = dout[n * H + j];
                float s = 1f / (1f + MathF.Exp(-a));
                // out = a·s(a)·b  ⇒  d/da = b·s(1 + a(1 − s)),  d/db = a·s
                dinp[n * 2 * H + j] = dy * b * s * (1f + a * (1f - s));
                dinp[n * 2 * H + H + j] = dy * a * s;
            }
    }

    private struct Args
    {
        public float* Inp, Out, Dout, Dinp;
        public int N, H;
    }

    private readonly struct ForwardBody : IKernelBody<Args>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in Args a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            var (n0, n1) = WorkerPool.Range(a.N, part, parts);
            int H = a.H, W = TV.Count;
            for (long n = n0; n < n1; n++)
            {
                float* ga = a.Inp + n * 2 * H, vb = ga + H, o = a.Out + n * H;
                int j = 0;
                for (; j + W <= H; j += W) TV.Store(Forward(TV.Load(ga + j), TV.Load(vb + j)), o + j);
                if (j < H) VecMath.StoreTail(Forward(VecMath.LoadTail<TV>(ga + j, H - j), VecMath.LoadTail<TV>(vb + j, H - j)), o + j, H - j);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TV Forward<TV>(TV a, TV b) where TV : unmanaged, IVec<TV> => a * VecMath.Sigmoid(a) * b;
    }

    private readonly struct BackwardBody : IKernelBody<Args>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in Args a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            var (n0, n1) = WorkerPool.Range(a.N, part, parts);
            int H = a.H, W = TV.Count;
            for (long n = n0; n < n1; n++)
            {
                float* ga = a.Inp + n * 2 * H, vb = ga + H, dy = a.Dout + n * H, da = a.Dinp + n * 2 * H, db = da + H;
                int j = 0;
                for (; j + W <= H; j += W)
                {
                    var (gA, gB) = Backward(TV.Load(ga + j), TV.Load(vb + j), TV.Load(dy + j));
                    TV.Store(gA, da + j);
                    TV.Store(gB, db + j);
                }
                if (j < H)
                {
                    int r = H - j;
                    var (gA, gB) = Backward(VecMath.LoadTail<TV>(ga + j, r), VecMath.LoadTail<TV>(vb + j, r), VecMath.LoadTail<TV>(dy + j, r));
                    VecMath.StoreTail(gA, da + j, r);
                    VecMath.StoreTail(gB, db + j, r);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (TV DA, TV DB) Backward<TV>(TV a, TV b, TV dy) where TV : unmanaged, IVec<TV>
        {
            var one = TV.Create(1f);
            var s = VecMath.Sigmoid(a);
            var das = dy * s;
            return (das * b * TV.Fma(a, one - s, one), das * a);
        }
    }

    private static void CheckForward(string k, int inp, int output, int N, int H)
    {
        Require.Positive(k, "N", N);
        Require.Positive(k, "H", H);
        Require.Length(k, "inp", inp, 2L * N * H, $"N·2H = {N}·{2 * H}");
        Require.Length(k, "out", output, (long)N * H, $"N·H = {N}·{H}");
    }

    private static void CheckBackward(string k, int dout, int inp, int dinp, int N, int H)
    {
        Require.Positive(k, "N", N);
        Require.Positive(k, "H", H);
        Require.Length(k, "dout", dout, (long)N * H, $"N·H = {N}·{H}");
        Require.Length(k, "inp", inp, 2L * N * H, $"N·2H = {N}·{2 * H}");
        Require.Length(k, "dinp", dinp, 2L * N * H, $"N·2H = {N}·{2 * H}");
    }
}
