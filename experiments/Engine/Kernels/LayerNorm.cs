// Layer normalisation over the channels of each row, with a learned scale and shift (eps = 1e-5).
// Rows are split across threads; the weight and bias gradients are summed into per-thread partials, then
// reduced in thread order, so a given thread count always gives the same bits.
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

public static unsafe class LayerNorm
{
    public const float Eps = 1e-5f;

    /// <summary>
    /// out[n,:] = (inp[n,:] − μ_n)·rstd_n ⊙ weight + bias, μ_n = mean(inp[n,:]), rstd_n = 1/√(var_n + 1e-5).
    /// inp, out [N,C]; weight, bias [C]; mean, rstd [N] saved for Backward. out, mean, rstd are overwritten.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> output, Span<float> mean, Span<float> rstd, int N, int C, WorkerPool pool)
        => Forward(Simd.Best, inp, weight, bias, output, mean, rstd, N, C, pool);

    /// <inheritdoc cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, int, int, WorkerPool)"/>
    public static void Forward(SimdPath path, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> output, Span<float> mean, Span<float> rstd, int N, int C, WorkerPool pool)
    {
        CheckForward("LayerNorm.Forward", inp.Length, weight.Length, bias.Length, output.Length, mean.Length, rstd.Length, N, C);
        Require.Pool("LayerNorm.Forward", pool);
        if (path == SimdPath.Scalar) { ForwardScalar(inp, weight, bias, output, mean, rstd, N, C); return; }
        fixed (float* pi = inp, pw = weight, pb = bias, po = output, pm = mean, pr = rstd)
            KernelJob.Run<ForwardBody, Args>(path, new Args { Inp = pi, W = pw, B = pb, Out = po, Mean = pm, Rstd = pr, N = N, C = C }, pool);
    }

    /// <summary>Scalar reference of Forward.</summary>
    public static void ForwardScalar(ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> output, Span<float> mean, Span<float> rstd, int N, int C)
    {
        CheckForward("LayerNorm.ForwardScalar", inp.Length, weight.Length, bias.Length, output.Length, mean.Length, rstd.Length, N, C);
        for (int n = 0; n < N; n++)
        {
            var x = inp.Slice(n * C, C);
            float m = 0f;
            for (int c = 0; c < C; c++) m += x[c];
            m /= C;
            float v = 0f;
            for (int c = 0; c < C; c++) v += (x[c] - m) * (x[c] - m);
            v /= C;
            float r = 1f / MathF.Sqrt(v + Eps);
            for (int c = 0; c < C; c++) output[n * C + c] = (x[c] - m) * r * weight[c] + bias[c];
            mean[n] = m;
            rstd[n] = r;
        }
    }

    /// <summary>
    /// Backward of Forward, all accumulated (+=): with x̂ = (inp − μ)·rstd and g = weight ⊙ dout,
    /// dinp[N,C] += rstd·(g − mean(g) − x̂·mean(g ⊙ x̂)), dweight[C] += Σ_n dout ⊙ x̂, dbias[C] += Σ_n dout.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dinp, Span<float> dweight, Span<float> dbias, int N, int C, WorkerPool pool)
        => Backward(Simd.Best, dout, inp, weight, mean, rstd, dinp, dweight, dbias, N, C, pool);

    /// <inheritdoc cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, int, int, WorkerPool)"/>
    public static void Backward(SimdPath path, ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dinp, Span<float> dweight, Span<float> dbias, int N, int C, WorkerPool pool)
    {
        CheckBackward("LayerNorm.Backward", dout.Length, inp.Length, weight.Length, mean.Length, rstd.Length, dinp.Length, dweight.Length, dbias.Length, N, C);
        Require.Pool("LayerNorm.Backward", pool);
        if (path == SimdPath.Scalar) { BackwardScalar(dout, inp, weight, mean, rstd, dinp, dweight, dbias, N, C); return; }
        using var scratch = pool.RentCallerScratch();
        float* partials = scratch.Arena.Floats(2L * pool.Threads * C);
        fixed (float* pd = dout, pi = inp, pw = weight, pm = mean, pr = rstd, pdi = dinp, pdw = dweight, pdb = dbias)
        {
            // Each part p sums its rows' dweight into partials[2pC..] and dbias into partials[2pC + C..].
            KernelJob.Run<BackwardBody, Args>(path, new Args { Dout = pd, Inp = pi, W = pw, Mean = pm, Rstd = pr, Dinp = pdi, N = N, C = C, Partials = partials }, pool);
            ColumnSums.AddPartials(partials, pool.Threads, 2L * C, pdw, C, pool);
            ColumnSums.AddPartials(partials + C, pool.Threads, 2L * C, pdb, C, pool);
        }
    }

    /// <summary>Scalar reference of Backward (same accumulate semantics).</summary>
    public static void BackwardScalar(ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dinp, Span<float> dweight, Span<float> dbias, int N, int C)
    {
        CheckBackward("LayerNorm.BackwardScalar", dout.Length, inp.Length, weight.Length, mean.Length, rstd.Length, dinp.Length, dweight.Length, dbias.Length, N, C);
        for (int n = 0; n < N; n++)
        {
            int o = n * C;
            float gMean = 0f, gxMean = 0f;
            for (int c = 0; c < C; c++)
            {
                float xhat = (inp[o + c] - mean[n]) * rstd[n];
                float g = weight[c] * dout[o + c];
                gMean += g;
                gxMean += g * xhat;
            }
            gMean /= C;
            gxMean /= C;
            for (int c = 0; c < C; c++)
            {
                float xhat = (inp[o + c] - mean[n]) * rstd[n];
                float g = weight[c] * dout[o + c];
                // out = x̂·w + b  ⇒  dbias += dout, dweight += dout·x̂;  x̂ = (x − μ)·rstd  ⇒  dinp as documented
                dbias[c] += dout[o + c];
                dweight[c] += dout[o + c] * xhat;
                dinp[o + c] += (g - gMean - xhat * gxMean) * rstd[n];
            }
        }
    }

    private struct Args
    {
        public float* Inp, W, B, Out, Mean, Rstd, Dout, Dinp, Partials;
        public int N, C;
    }

    private readonly struct ForwardBody : IKernelBody<Args>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in Args a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            var (n0, n1) = WorkerPool.Range(a.N, part, parts);
            int C = a.C, W = TV.Count;
            var invC = 1f / C;
            for (long n = n0; n < n1; n++)
            {
                float* x = a.Inp + n * C, o = a.Out + n * C;
                float m = VecMath.Sum<TV>(x, C) * invC;
                var mv = TV.Create(m);
                TV acc = TV.Zero;
                int c = 0;
                for (; c + W <= C; c += W) { var d = TV.Load(x + c) - mv; acc = TV.Fma(d, d, acc); }
                float v = TV.Sum(acc);
                for (; c < C; c++) v += (x[c] - m) * (x[c] - m);
                float r = 1f / MathF.Sqrt(v * invC + Eps);
                var rv = TV.Create(r);
                c = 0;
                for (; c + W <= C; c += W) TV.Store(TV.Fma((TV.Load(x + c) - mv) * rv, TV.Load(a.W + c), TV.Load(a.B + c)), o + c);
                for (; c < C; c++) o[c] = (x[c] - m) * r * a.W[c] + a.B[c];
                a.Mean[n] = m;
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
            float* dw = a.Partials + 2L * part * C, db = dw + C;
            VecMath.Clear(dw, 2L * C);
            float invC = 1f / C;
            for (long n = n0; n < n1; n++)
            {
                float* x = a.Inp + n * C, dy = a.Dout + n * C, dx = a.Dinp + n * C;
                float mean = a.Mean[n], rstd = a.Rstd[n];
                var mv = TV.Create(mean);
                var rv = TV.Create(rstd);
                TV gAcc = TV.Zero, gxAcc = TV.Zero;
                int c = 0;
                for (; c + W <= C; c += W)
                {
                    var xhat = (TV.Load(x + c) - mv) * rv;
                    var g = TV.Load(a.W + c) * TV.Load(dy + c);
                    gAcc += g;
                    gxAcc = TV.Fma(g, xhat, gxAcc);
                }
                float gMean = TV.Sum(gAcc), gxMean = TV.Sum(gxAcc);
                for (; c < C; c++)
                {
                    float xhat = (x[c] - mean) * rstd, g = a.W[c] * dy[c];
                    gMean += g;
                    gxMean += g * xhat;
                }
                gMean *= invC;
                gxMean *= invC;
                var gm = TV.Create(gMean);
                var gxm = TV.Create(gxMean);
                c = 0;
                for (; c + W <= C; c += W)
                {
                    var xhat = (TV.Load(x + c) - mv) * rv;
                    var d = TV.Load(dy + c);
                    var g = TV.Load(a.W + c) * d;
                    TV.Store(TV.Load(db + c) + d, db + c);
                    TV.Store(TV.Fma(d, xhat, TV.Load(dw + c)), dw + c);
                    TV.Store(TV.Fma(g - gm - xhat * gxm, rv, TV.Load(dx + c)), dx + c);
                }
                for (; c < C; c++)
                {
                    float xhat = (x[c] - mean) * rstd, g = a.W[c] * dy[c];
                    db[c] += dy[c];
                    dw[c] += dy[c] * xhat;
                    dx[c] += (g - gMean - xhat * gxMean) * rstd;
                }
            }
        }
    }

    private static void CheckForward(string k, int inp, int weight, int bias, int output, int mean, int rstd, int N, int C)
    {
        Require.Positive(k, "N", N);
        Require.AtLeast(k, "C", C, 1);
        Require.Length(k, "inp", inp, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "weight", weight, C, $"C = {C}");
        Require.Length(k, "bias", bias, C, $"C = {C}");
        Require.Length(k, "out", output, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "mean", mean, N, $"N = {N}");
        Require.Length(k, "rstd", rstd, N, $"N = {N}");
    }

    private static void CheckBackward(string k, int dout, int inp, int weight, int mean, int rstd, int dinp, int dweight, int dbias, int N, int C)
    {
        Require.Positive(k, "N", N);
        Require.AtLeast(k, "C", C, 1);
        Require.Length(k, "dout", dout, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "inp", inp, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "weight", weight, C, $"C = {C}");
        Require.Length(k, "mean", mean, N, $"N = {N}");
        Require.Length(k, "rstd", rstd, N, $"N = {N}");
        Require.Length(k, "dinp", dinp, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "dweight", dweight, C, $"C = {C}");
        Require.Length(k, "dbias", dbias, C, $"C = {C}");
    }
}
