// The linear layer: forward out = inp·Wᵀ + b and its backward, on top of Gemm (NT forward, NN for dinp,
// TN for dweight) plus a column-partitioned bias reduction. W is [OC, C] as in PyTorch's nn.Linear.
namespace BabyLm.Engine.Kernels;

public static unsafe class MatMul
{
    /// <summary>
    /// out[N,OC] = inp[N,C] · weight[OC,C]ᵀ + bias[OC] (bias may be empty). out is overwritten.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output,
        int N, int C, int OC, WorkerPool pool)
        => Forward(Simd.Best, inp, weight, bias, output, N, C, OC, pool);

    /// <inheritdoc cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, WorkerPool)"/>
    public static void Forward(SimdPath path, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output,
        int N, int C, int OC, WorkerPool pool)
    {
        CheckForward(inp.Length, weight.Length, bias.Length, output.Length, N, C, OC);
        Require.Pool("MatMul.Forward", pool);
        if (path == SimdPath.Scalar) { ForwardScalar(inp, weight, bias, output, N, C, OC); return; }
        fixed (float* pi = inp, pw = weight, pb = bias, po = output)
            Gemm.Run(path, GemmLayout.NT, pi, C, pw, C, po, OC, N, OC, C, false, bias.IsEmpty ? null : pb, pool);
    }

    /// <summary>Scalar reference of <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, WorkerPool)"/>.</summary>
    public static void ForwardScalar(ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output,
        int N, int C, int OC)
    {
        CheckForward(inp.Length, weight.Length, bias.Length, output.Length, N, C, OC);
        for (int n = 0; n < N; n++)
            for (int o = 0; o < OC; o++)
            {
                float sum = 0f;
                for (int c = 0; c < C; c++) sum += inp[n * C + c] * weight[o * C + c];
                output[n * OC + o] = bias.IsEmpty ? sum : sum + bias[o];
            }
    }

    /// <summary>
    /// Backward of Forward, all accumulated (+=): dinp[N,C] += dout[N,OC]·weight[OC,C] (skipped when dinp
    /// is empty), dweight[OC,C] += doutᵀ·inp, dbias[OC] += Σ_n dout[n,:] (skipped when empty).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight,
        Span<float> dinp, Span<float> dweight, Span<float> dbias, int N, int C, int OC, WorkerPool pool)
        => Backward(Simd.Best, dout, inp, weight, dinp, dweight, dbias, N, C, OC, pool);

    /// <inheritdoc cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, int, int, int, WorkerPool)"/>
    public static void Backward(SimdPath path, ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight,
        Span<float> dinp, Span<float> dweight, Span<float> dbias, int N, int C, int OC, WorkerPool pool)
    {
        CheckBackward(dout.Length, inp.Length, weight.Length, dinp.Length, dweight.Length, dbias.Length, N, C, OC);
        Require.Pool("MatMul.Backward", pool);
        if (path == SimdPath.Scalar) { BackwardScalar(dout, inp, weight, dinp, dweight, dbias, N, C, OC); return; }
        fixed (float* pd = dout, pi = inp, pw = weight, pdi = dinp, pdw = dweight, pdb = dbias)
        {
            // out = inp·Wᵀ  ⇒  dinp += dout·W  and  dW += doutᵀ·inp.
            if (!dinp.IsEmpty) Gemm.Run(path, GemmLayout.NN, pd, OC, pw, C, pdi, C, N, C, OC, true, null, pool);
            Gemm.Run(path, GemmLayout.TN, pd, OC, pi, C, pdw, C, OC, C, N, true, null, pool);
            // out = … + b  ⇒  dbias += Σ over rows of dout.
            if (!dbias.IsEmpty) ColumnSums.Accumulate(path, pd, pdb, N, OC, pool);
        }
    }

    /// <summary>Scalar reference of Backward (same accumulate semantics).</summary>
    public static void BackwardScalar(ReadOnlySpan<float> dout, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight,
        Span<float> dinp, Span<float> dweight, Span<float> dbias, int N, int C, int OC)
    {
        CheckBackward(dout.Length, inp.Length, weight.Length, dinp.Length, dweight.Length, dbias.Length, N, C, OC);
        if (!dinp.IsEmpty)
            for (int n = 0; n < N; n++)
                for (int c = 0; c < C; c++)
                {
                    float sum = 0f;
                    for (int o = 0; o < OC; o++) sum += dout[n * OC + o] * weight[o * C + c];
                    dinp[n * C + c] += sum;
                }
        for (int o = 0; o < OC; o++)
            for (int c = 0; c < C; c++)
            {
                float sum = 0f;
                for (int n = 0; n < N; n++) sum += dout[n * OC + o] * inp[n * C + c];
                dweight[o * C + c] += sum;
            }
        if (!dbias.IsEmpty)
            for (int o = 0; o < OC; o++)
            {
                float sum = 0f;
                for (int n = 0; n < N; n++) sum += dout[n * OC + o];
                dbias[o] += sum;
            }
    }

    private static void CheckForward(int inp, int weight, int bias, int output, int N, int C, int OC)
    {
        const string k = "MatMul.Forward";
        Require.Positive(k, "N", N);
        Require.Positive(k, "C", C);
        Require.Positive(k, "OC", OC);
        Require.Length(k, "inp", inp, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "weight", weight, (long)OC * C, $"OC·C = {OC}·{C}");
        Require.LengthOrEmpty(k, "bias", bias, OC, $"OC = {OC}");
        Require.Length(k, "out", output, (long)N * OC, $"N·OC = {N}·{OC}");
    }

    private static void CheckBackward(int dout, int inp, int weight, int dinp, int dweight, int dbias, int N, int C, int OC)
    {
        const string k = "MatMul.Backward";
        Require.Positive(k, "N", N);
        Require.Positive(k, "C", C);
        Require.Positive(k, "OC", OC);
        Require.Length(k, "dout", dout, (long)N * OC, $"N·OC = {N}·{OC}");
        Require.Length(k, "inp", inp, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "weight", weight, (long)OC * C, $"OC·C = {OC}·{C}");
        Require.LengthOrEmpty(k, "dinp", dinp, (long)N * C, $"N·C = {N}·{C}");
        Require.Length(k, "dweight", dweight, (long)OC * C, $"OC·C = {OC}·{C}");
        Require.LengthOrEmpty(k, "dbias", dbias, OC, $"OC = {OC}");
    }
}
