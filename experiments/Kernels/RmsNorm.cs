// RMS normalisation over the channels of each row, with a learned scale (eps = 1e-5), as in LLaMA.
// Rows are split across threads; the weight gradient is summed into per-thread partials, then reduced in
// thread order, so a given thread count always gives the same bits.
using System.Runtime.CompilerServices;

namespace BabyLm.Experiments.Kernels;

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
        {
            var a = new Args { Inp = pi, W = pw, Out = po, Rstd = pr, N = N, C = C };
            switch (path)
            {
                case SimdPath.Vector512: { var job = new ForwardJob<Vec512> { A = a }; pool.Run(ref job); break; }
                case SimdPath.Vector256: { var job = new ForwardJob<Vec256> { A = a }; pool.Run(ref job); break; }
                default: { var job = new ForwardJob<Vec128> { A = a }; pool.Run(ref job); break; }
            }
        }
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
            var a = new Args { Dout = pd, Inp = pi, W = pw, Rstd = pr, Dinp = pdi, N = N, C = C, Partials = partials };
            switch (path)
            {
                case SimdPath.Vector512: { var job = new BackwardJob<Vec512> { A = a }; pool.Run(ref job); break; }
                case SimdPath.Vector256: { var job = new BackwardJob<Vec256> { A = a }; pool.Run(ref job); break; }
                default: { var job = new BackwardJob<Vec128> { A = a }; pool.Run(ref job); break; }
            }
            var reduce = new PartialSums { Partials = partials, Parts = pool.Threads, C = C, DWeight = pdw };
            pool.Run(ref reduce);
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

    private struct ForwardJob<TV> : IWorkerJob where TV : unmanaged, IVec<TV>
    {
        public Args A;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int part, int parts, ScratchArena scratch)
        {
            var (n0, n1) = WorkerPool.Range(A.N, part, parts);
            int C = A.C, W = TV.Count;
            for (long n = n0; n < n1; n++)
            {
                float* x = A.Inp + n * C, o = A.Out + n * C;
                TV acc = TV.Zero;
                int c = 0;
                for (; c + W <= C; c += W) { var v = TV.Load(x + c); acc = TV.Fma(v, v, acc); }
                float ss = TV.Sum(acc);
                for (; c < C; c++) ss += x[c] * x[c];
                float r = 1f / MathF.Sqrt(ss / C + Eps);
                var rv = TV.Create(r);
                c = 0;
                for (; c + W <= C; c += W) TV.Store(TV.Load(x + c) * rv * TV.Load(A.W + c), o + c);
                for (; c < C; c++) o[c] = x[c] * r * A.W[c];
                A.Rstd[n] = r;
            }
        }
    }

    private struct BackwardJob<TV> : IWorkerJob where TV : unmanaged, IVec<TV>
    {
        public Args A;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int part, int parts, ScratchArena scratch)
        {
            var (n0, n1) = WorkerPool.Range(A.N, part, parts);
            int C = A.C, W = TV.Count;
            float* dw = A.Partials + (long)part * C;
            VecMath.Clear(dw, C);
            for (long n = n0; n < n1; n++)
            {
                float* x = A.Inp + n * C, dy = A.Dout + n * C, dx = A.Dinp + n * C;
                float rstd = A.Rstd[n];
                var rv = TV.Create(rstd);
                TV acc = TV.Zero;
                int c = 0;
                for (; c + W <= C; c += W) acc = TV.Fma(TV.Load(A.W + c) * TV.Load(dy + c), TV.Load(x + c) * rv, acc);
                float gx = TV.Sum(acc);
                for (; c < C; c++) gx += A.W[c] * dy[c] * (x[c] * rstd);
                gx /= C;
                var gxv = TV.Create(gx);
                c = 0;
                for (; c + W <= C; c += W)
                {
                    var xhat = TV.Load(x + c) * rv;
                    var d = TV.Load(dy + c);
                    TV.Store(TV.Fma(d, xhat, TV.Load(dw + c)), dw + c);
                    TV.Store(TV.Fma(TV.Load(A.W + c) * d - xhat * gxv, rv, TV.Load(dx + c)), dx + c);
                }
                for (; c < C; c++)
                {
                    float xhat = x[c] * rstd;
                    dw[c] += dy[c] * xhat;
                    dx[c] += (A.W[c] * dy[c] - xhat * gx) * rstd;
                }
            }
        }
    }

    private struct PartialSums : IWorkerJob
    {
        public float* Partials, DWeight;
        public int Parts, C;

        public readonly void Execute(int part, int parts, ScratchArena scratch)
        {
            var (c0, c1) = WorkerPool.Range(C, part, parts, 16);
            for (long c = c0; c < c1; c++)
            {
                float w = DWeight[c];
                for (int p = 0; p < Parts; p++) w += Partials[(long)p * C + c];
                DWeight[c] = w;
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
