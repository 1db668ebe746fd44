// RMS normalisation over the channels of each row, with a learned scale (eps = 1e-5), as in LLaMA.
// Rows are split across threads; the weight gradient is summed into per-thread partials, then reduced in
// thread order, so a given thread count always gives the same bits.
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

public static unsafe class RmsNorm
{
    public const float Eps = 1e-5f;

    /// <summary>
    /// out[n,:] = inp[n,:]·rstd_n ⊙ weight, rstd_n = 1/√(mean(inp[n,:]²) + 1e-5). inp, out [N,C]; weight [C];
    /// rstd [N] saved for Backward. out and rstd are overwritten.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, Span<float> output, Span<float> rstd, int N, int C, WorkerPool pool)
        => Forward(Simd.Best, inp, weight, output, rstd, N, C, pool);

    /// <inheritdoc cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, int, int, WorkerPool)"/>
    public static void Forward(SimdPath path, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, Span<float> output, Span<float> rstd, int N, int C, WorkerPool pool)
    {
        CheckForward("RmsNorm.Forward", inp.Length, weight.Length, output.Length, rstd.Length, N, C);
        Require.Pool("RmsNorm.Forward", pool);
        if (path == SimdPath.Scalar) { ForwardScalar(inp, weight, output, rstd, N, C); return; }
        fixed (float* pi = inp, pw = weight, po = output, pr = rstd)
            KernelJob.Run<ForwardBody, Args>(path, new Args { Inp = pi, W = pw, Out = po, Rstd = pr, N = N, C = C }, pool);
    }

    /// <summary>Scalar reference of Forward.</summary>
    public static void ForwardScalar(ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, Span<float> output, Span<float> rstd, int N, int C)
    {
        CheckForward("RmsNorm.ForwardScalar", inp.Length, weight.Length, output.Length, rstd.Length, N, C);
        for (int n = 0; n < N; n++)
        {
            float ss = 0f;
            for (int c = 0; c < C; c++) ss += inp[n * C + c] * inp[n * C + c];
            float r = 1f / MathF.Sqrt(ss / C + Eps);
            for (int c = 0; c < C; c++) output[n * C + c] = inp[n * C + c] * r * weight[c];
            rstd[n] = r;
        }
    }

    /// <summary>
    /// Backward of Forward, accumulated (+=): with x̂ = inp·rstd and g = weight ⊙ dout,
    /// dinp[N,C] += rstd·(g − x̂·mean(g ⊙ x̂)), dweight[C] += Σ_n dout ⊙ x̂.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> rstd,
        Span<float> dinp, Span<float> dweight, int N, int C, WorkerPool pool)
        => Backward(Simd.Best, dout, inp, weight, rstd, dinp, dweight, N, C, pool);

    /// <inheritdoc cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, int, int, WorkerPool)"/>
    public static void Backward(SimdPath path, ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> rstd,
        Span<float> dinp, Span<float> dweight, int N, int C, WorkerPool pool)
    {
        CheckBackward("RmsNorm.Backward", dout.Length, inp.Length, weight.Length, rstd.Length, dinp.Length, dweight.Length, N, C);
        Require.Pool("RmsNorm.Backward", pool);
        if (path == SimdPath.Scalar) { BackwardScalar(dout, inp, weight, rstd, dinp, dweight, N, C); return; }
        using var scratch = pool.RentCallerScratch();
        float* partials = scratch.Arena.Floats((long)pool.Threads * C);
        fixed (float* pd = dout, pi = inp, pw = weight, pr = rstd, pdi = dinp, pdw = dweight)
        {
            // Each part p sums its rows' dweight into partials[pC..].
            KernelJob.Run<BackwardBody, Args>(path, new Args { Dout = pd, Inp = pi, W = pw, Rstd = pr, Dinp = pdi, N = N, C = C, Partials = partials }, pool);
            ColumnSums.AddPartials(partials, pool.Threads, C, pdw, C, pool);
        }
    }

    /// <summary>Scalar reference of Backward (same accumulate semantics).</summary>
    public static void BackwardScalar(ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> rstd,
        Span<float> dinp, Span<float> dweight, int N, int C)
    {
        CheckBackward("RmsNorm.BackwardScalar", dout.Length, inp.Length, weight.Length, rstd.Length, dinp.Length, dweight.Length, N, C);
        for (int n = 0; n < N; n++)
        {
            int o = n * C;
            float gx = 0f;
            for (int c = 0; c < C; c++) gx += weight[c] * dout[o + c] * inp[o + c] * rstd[n];
            gx /= C;
            for (int c = 0; c < C; c++)
            {
                float xhat = inp[o + c] * rstd[n];
                // out = x̂·w  ⇒  dweight += dout·x̂;  x̂ = x·rstd(x)  ⇒  dinp as documented
                dweight[c] += dout[o + c] * xhat;
                dinp[o + c] += (weight[c] * dout[o + c] - xhat * gx) * rstd[n];
            }
        }
    }

    private struct Args
    {
        public float* Inp, W, Out, Rstd, Dout, Dinp, Partials;
        public int N, C;
    }

    private readonly struct ForwardBody : IKernelBody<Args>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in Args a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            var (n0, n1) = WorkerPool.Range(a.N, part, parts);
            int C = a.C, W = TV.Count;
            for (long n = n0; n < n1; n++)
            {
                float* x = a.Inp + n * C, o = a.Out + n * C;
                TV acc = TV.Zero;
                int c = 0;
                for (; c + W <= C; c += W) { var v = TV.Load(x + c); acc = TV.Fma(v, v, acc); }
                float ss = TV.Sum(acc);
                for (; c < C; c++) ss += x[c] * x[c];
                float r = 1f / MathF.Sqrt(ss / C + Eps);
                var rv = TV.Create(r);
                c = 0;
                for (; c + W <= C; c += W) TV.Store(TV.Load(x + c) * rv * TV.Load(a.W + c), o + c);
                for (; c < C; c++) o[c] = x[c] * r * a.W[c];
                a.Rstd[n] = r;
            }
        }
    }

    private readonly struct BackwardBody : IKernelBody<Args>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in Args a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            var (n0, n1) = WorkerPool.Range(a.N, part, parts);
            int C = a.C, W = TV.Count;
            float* dw = a.Partials + (long)part * C;
            VecMath.Clear(dw, C);
            for (long n = n0; n < n1; n++)
            {
                float* x = a.Inp + n * C, dy = a.Dout + n * C, dx = a.Dinp + n * C;
                float rstd = a.Rstd[n];
                var rv = TV.Create(rstd);
                TV acc = TV.Zero;
                int c = 0;
                for (; c + W <= C; c += W) acc = TV.Fma(TV.Load(a.W + c) * TV.Load(dy + c), TV.Load(x + c) * rv, acc);
                float gx = TV.Sum(acc);
                for (; c < C; c++) gx += a.W[c] * dy[c] * (x[c] * rstd);
                gx /= C;
                var gxv = TV.Create(gx);
                c = 0;
                for (; c + W <= C; c += W)
                {
                    var xhat = TV.Load(x + c) * rv;
                    var d = TV.Load(dy + c);
                    TV.Store(TV.Fma(d, xhat, TV.Load(dw + c)), dw + c);
                    TV.Store(TV.Fma(TV.Load(a.W + c) * d - xhat * gxv, rv, TV.Load(dx + c)), dx + c);
                }
                for (; c < C; c++)
                {
                    float xhat = x[c] * rstd;
                    dw[c] += dy[c] * xhat;
                    dx[c] += (a.W[c] * dy[c] - xhat * gx) * rstd;
                }
            }
        }
    }

    private static void CheckForward(string k, int inp, int weight, int output, int rstd, int N, int C)
    {
        Require.Positive(k, "N", N);
        Require.AtLeast(k, "C", C, 1);
        Require.Length(k, "inp", inp, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "weight", weight, C, $"C = {C}");
        Require.Length(k, "out", output, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "rstd", rstd, N, $"N = {N}");
    }

    private static void CheckBackward(string k, int dout, int inp, int weight, int rstd, int dinp, int dweight, int N, int C)
    {
        Require.Positive(k, "N", N);
        Require.AtLeast(k, "C", C, 1);
        Require.Length(k, "dout", dout, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "inp", inp, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "weight", weight, C, $"C = {C}");
        Require.Length(k, "rstd", rstd, N, $"N = {N}");
        Require.Length(k, "dinp", dinp, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "dweight", dweight, C, $"C = {C}");
    }
}
