// A backend that computes nothing and allocates nothing: it counts the bytes a model would hold — its
// parameters and gradients, the activations and logits of a batch shape (ILanguageModel.Reserve) — so
// that a run can say what fits on a device before it asks for the memory, and what would fit when it
// does not. Every kernel throws.
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Backends;

public sealed class SizingBackend : IBackend
{
    private sealed class Phantom<T>(SizingBackend backend, long length) : Buffer<T>(backend, length) where T : unmanaged;

    /// <summary>Bytes of every buffer allocated so far (none is ever freed).</summary>
    public long Bytes { get; private set; }

    public string Device => "sizing";
    public string Description => "sizing: counts the bytes a model would allocate";

    public Buffer<T> Allocate<T>(long length) where T : unmanaged
    {
        Bytes += length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        return new Phantom<T>(this, length);
    }

    public void Upload<T>(ReadOnlySpan<T> source, View<T> destination) where T : unmanaged { }
    public void Download<T>(View<T> source, Span<T> destination) where T : unmanaged => throw Nothing();
    public void Synchronize() { }
    public IDisposable Fp32Scope() => throw Nothing();
    public void Clear(View<float> x) { }
    public void Copy(View<float> source, View<float> destination) => throw Nothing();
    public void EmbeddingForward(View<int> tokens, View<float> wte, View<float> wpe, View<float> output, int B, int T, int C) => throw Nothing();
    public void EmbeddingBackward(View<float> dout, View<int> tokens, View<float> dwte, View<float> dwpe, int B, int T, int C) => throw Nothing();
    public void LayerNormForward(View<float> inp, View<float> weight, View<float> bias, View<float> output, View<float> mean, View<float> rstd, int N, int C) => throw Nothing();
    public void LayerNormBackward(View<float> dout, View<float> inp, View<float> weight, View<float> mean, View<float> rstd, View<float> dinp, View<float> dweight, View<float> dbias, int N, int C) => throw Nothing();
    public void RmsNormForward(View<float> inp, View<float> weight, View<float> output, View<float> rstd, int N, int C) => throw Nothing();
    public void RmsNormBackward(View<float> dout, View<float> inp, View<float> weight, View<float> rstd, View<float> dinp, View<float> dweight, int N, int C) => throw Nothing();
    public void MatMulForward(View<float> inp, View<float> weight, View<float> bias, View<float> output, int N, int C, int OC) => throw Nothing();
    public void MatMulBackward(View<float> dout, View<float> inp, View<float> weight, View<float> dinp, View<float> dweight, View<float> dbias, int N, int C, int OC) => throw Nothing();
    public void AttentionForward(View<float> q, View<float> k, View<float> v, View<float> output, View<float> lse, in AttentionShape shape) => throw Nothing();
    public void AttentionBackward(View<float> dout, View<float> q, View<float> k, View<float> v, View<float> output, View<float> lse, View<float> dq, View<float> dk, View<float> dv, in AttentionShape shape) => throw Nothing();
    public void GeluForward(View<float> inp, View<float> output, int N) => throw Nothing();
    public void GeluBackward(View<float> dout, View<float> inp, View<float> dinp, int N) => throw Nothing();
    public void SwiGluForward(View<float> inp, View<float> output, int N, int H) => throw Nothing();
    public void SwiGluBackward(View<float> dout, View<float> inp, View<float> dinp, int N, int H) => throw Nothing();
    public void RopeTable(int T, int HS, float theta, View<float> cos, View<float> sin) { }
    public void RopeForward(View<float> cos, View<float> sin, View<float> x, int B, int T, int NH, int HS, int stride) => throw Nothing();
    public void RopeBackward(View<float> cos, View<float> sin, View<float> dx, int B, int T, int NH, int HS, int stride) => throw Nothing();
    public void ResidualAdd(View<float> acc, View<float> x) => throw Nothing();
    public void CrossEntropyForward(View<float> logits, View<int> targets, View<float> losses, int N, int V, float gradScale) => throw Nothing();
    public void TargetLogProbs(View<float> hidden, View<float> weight, View<float> bias, ReadOnlySpan<int> targets, Span<float> logProbs, int N, int C, int V) => throw Nothing();
    public double ClipByGlobalNorm(View<float> grads, double maxNorm) => throw Nothing();
    public void AdamW(View<float> parameters, View<float> grads, View<float> m, View<float> v, View<byte> decayMask, float lr, float beta1, float beta2, float eps, float weightDecay, int t) => throw Nothing();
    public void Dispose() { }

    private static InvalidOperationException Nothing() => new("the sizing backend counts bytes; it runs no kernel");
}
