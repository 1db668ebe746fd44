// The seam between the networks and the hardware: one method per kernel family the models use, forward
// and backward, over views of the backend's own buffers. The models (Models/) are written once against
// it; the CPU backend adapts the C# kernels of Kernels/, the CUDA backend runs PTX kernels on a GPU.
//
// Every method has the contract of the kernel it names (Kernels/<Name>.cs): the formula, the shapes, and
// whether each output is overwritten or accumulated into. Argument order as in the kernels: inputs, then
// outputs, then dimensions (B batch, T time, N = B·T rows, C channels, OC output channels, V vocab,
// H hidden, NH heads, HS head size). An empty view stands for an absent optional tensor (no bias, no
// position table). Kernels may run asynchronously on a device; the methods that return a value to the
// host (cross-entropy, gradient norm, Download) wait for the work before them.
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine;

public interface IBackend : IDisposable
{
    /// <summary>"cpu" or "cuda".</summary>
    string Device { get; }

    /// <summary>What runs, for logs and run.json: e.g. "cpu: AVX-512, 2 threads".</summary>
    string Description { get; }

    // ---- memory -------------------------------------------------------------------------------------

    /// <summary>A buffer of <paramref name="length"/> elements, zero-filled.</summary>
    Buffer<T> Allocate<T>(long length) where T : unmanaged;

    /// <summary>Copies host elements into <paramref name="destination"/> (same length).</summary>
    void Upload<T>(ReadOnlySpan<T> source, View<T> destination) where T : unmanaged;

    /// <summary>Copies <paramref name="source"/> to host memory (same length), after the work queued before it.</summary>
    void Download<T>(View<T> source, Span<T> destination) where T : unmanaged;

    /// <summary>Blocks until every queued kernel and copy is done (timing; errors of asynchronous work surface here).</summary>
    void Synchronize();

    /// <summary>
    /// Until the result is disposed, every matmul runs in fp32 whatever the backend's precision (probe
    /// scoring: near ties decide minimal pairs). The CPU computes in fp32 always.
    /// </summary>
    IDisposable Fp32Scope();

    /// <summary>x = 0.</summary>
    void Clear(View<float> x);

    /// <summary>destination = source (same length).</summary>
    void Copy(View<float> source, View<float> destination);

    // ---- layers (Kernels/<Name>.cs has each contract) -----------------------------------------------

    /// <summary>out[n] = wte[tokens[n]] + wpe[n mod T] (wpe may be empty). Overwrites out [N, C].</summary>
    void EmbeddingForward(View<int> tokens, View<float> wte, View<float> wpe, View<float> output, int B, int T, int C);

    /// <summary>dwte[tokens[n]] += dout[n]; dwpe[n mod T] += dout[n] (dwpe may be empty). Rows in order n = 0..N-1.</summary>
    void EmbeddingBackward(View<float> dout, View<int> tokens, View<float> dwte, View<float> dwpe, int B, int T, int C);

    /// <summary>out = (x − mean)·rstd·weight + bias per row; overwrites out [N, C], mean [N], rstd [N].</summary>
    void LayerNormForward(View<float> inp, View<float> weight, View<float> bias, View<float> output, View<float> mean, View<float> rstd, int N, int C);

    /// <summary>dinp += …, dweight += …, dbias += … (all accumulated).</summary>
    void LayerNormBackward(View<float> dout, View<float> inp, View<float> weight, View<float> mean, View<float> rstd,
        View<float> dinp, View<float> dweight, View<float> dbias, int N, int C);

    /// <summary>out = x·rstd·weight per row; overwrites out [N, C], rstd [N].</summary>
    void RmsNormForward(View<float> inp, View<float> weight, View<float> output, View<float> rstd, int N, int C);

    /// <summary>dinp += …, dweight += … (accumulated).</summary>
    void RmsNormBackward(View<float> dout, View<float> inp, View<float> weight, View<float> rstd, View<float> dinp, View<float> dweight, int N, int C);

    /// <summary>out[N, OC] = inp[N, C]·weight[OC, C]ᵀ + bias[OC] (bias may be empty). Overwrites out.</summary>
    void MatMulForward(View<float> inp, View<float> weight, View<float> bias, View<float> output, int N, int C, int OC);

    /// <summary>dinp += dout·weight (skipped when empty), dweight += doutᵀ·inp, dbias += Σ_n dout (skipped when empty).</summary>
    void MatMulBackward(View<float> dout, View<float> inp, View<float> weight, View<float> dinp, View<float> dweight, View<float> dbias, int N, int C, int OC);

    /// <summary>Fused attention (online softmax, no T×T matrix): overwrites out and lse [B, NH, T].</summary>
    void AttentionForward(View<float> q, View<float> k, View<float> v, View<float> output, View<float> lse, in AttentionShape shape);

    /// <summary>Overwrites dq, dk, dv (which may be views of one fused buffer, as q, k, v are).</summary>
    void AttentionBackward(View<float> dout, View<float> q, View<float> k, View<float> v, View<float> output, View<float> lse,
        View<float> dq, View<float> dk, View<float> dv, in AttentionShape shape);

    /// <summary>out = GELU(inp) (tanh form), overwrites out [N].</summary>
    void GeluForward(View<float> inp, View<float> output, int N);

    /// <summary>dinp = dout·GELU′(inp), overwrites dinp [N].</summary>
    void GeluBackward(View<float> dout, View<float> inp, View<float> dinp, int N);

    /// <summary>out[n, :H] = SiLU(inp[n, :H])·inp[n, H:]; overwrites out [N, H].</summary>
    void SwiGluForward(View<float> inp, View<float> output, int N, int H);

    /// <summary>Overwrites dinp [N, 2H].</summary>
    void SwiGluBackward(View<float> dout, View<float> inp, View<float> dinp, int N, int H);

    /// <summary>The rotation table cos, sin [T, HS/2] of base <paramref name="theta"/> (overwritten).</summary>
    void RopeTable(int T, int HS, float theta, View<float> cos, View<float> sin);

    /// <summary>Rotates NH heads of each row of x (row stride <paramref name="stride"/>) in place.</summary>
    void RopeForward(View<float> cos, View<float> sin, View<float> x, int B, int T, int NH, int HS, int stride);

    /// <summary>The inverse rotation of dx in place.</summary>
    void RopeBackward(View<float> cos, View<float> sin, View<float> dx, int B, int T, int NH, int HS, int stride);

    /// <summary>acc += x (the residual connection).</summary>
    void ResidualAdd(View<float> acc, View<float> x);

    /// <summary>
    /// losses[n] = −log softmax(logits[n])[targets[n]] (0 where the target is <see cref="Batch.Ignore"/>),
    /// overwritten. With gradScale ≠ 0, logits are overwritten by (softmax − onehot)·gradScale, the gradient
    /// of gradScale·Σ losses. (The mean is the caller's: it reads the losses.)
    /// </summary>
    void CrossEntropyForward(View<float> logits, View<int> targets, View<float> losses, int N, int V, float gradScale);

    /// <summary>
    /// The sparse scoring head: logProbs[n] = log softmax(hidden[n]·weightᵀ + bias)[targets[n]] for the rows
    /// with a target (host <paramref name="targets"/>), 0 elsewhere; only those rows are projected.
    /// </summary>
    void TargetLogProbs(View<float> hidden, View<float> weight, View<float> bias, ReadOnlySpan<int> targets, Span<float> logProbs, int N, int C, int V);

    // ---- the optimizer step -------------------------------------------------------------------------

    /// <summary>‖grads‖₂ in double, the same bits for any thread count; scales grads by maxNorm/‖grads‖ when above maxNorm (&gt; 0). Returns the norm before clipping.</summary>
    double ClipByGlobalNorm(View<float> grads, double maxNorm);

    /// <summary>One AdamW step t ≥ 1 in place on parameters, m and v (Kernels/AdamW.cs).</summary>
    void AdamW(View<float> parameters, View<float> grads, View<float> m, View<float> v, View<byte> decayMask,
        float lr, float beta1, float beta2, float eps, float weightDecay, int t);
}
