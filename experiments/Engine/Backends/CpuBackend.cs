// The CPU backend: a thin adapter from the backend seam to the C# kernels of Kernels/, each called at its
// best SIMD path (Simd.Best) on one worker pool. Buffers are managed host arrays; a view is a span of
// one. Nothing here computes: every number comes from the kernel named by the method.
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Backends;

public sealed class CpuBackend : IBackend
{
    private readonly SparseHead _head = new();
    private readonly bool _ownsPool;

    /// <summary>Runs the kernels on <paramref name="pool"/> (not disposed with the backend).</summary>
    public CpuBackend(WorkerPool pool) => Pool = pool;

    /// <summary>Runs the kernels on a pool of its own of <paramref name="threads"/> threads (0 = all cores).</summary>
    public CpuBackend(int threads)
    {
        Pool = new WorkerPool(threads);
        _ownsPool = true;
    }

    public WorkerPool Pool { get; }

    public string Device => "cpu";

    public string Description => $"cpu: {Simd.Best}, {Pool.Threads} threads";

    /// <summary>The host elements a view of this backend's buffer covers.</summary>
    public Span<T> Span<T>(View<T> view) where T : unmanaged
    {
        if (view.Buffer is null) return [];
        if (view.Buffer is not HostBuffer<T> host || !ReferenceEquals(host.Backend, this))
            throw new ArgumentException($"{view} belongs to the {view.Buffer.Backend.Device} backend, not to this cpu backend", nameof(view));
        return host.Array.AsSpan(checked((int)view.Offset), checked((int)view.Length));
    }

    public Buffer<T> Allocate<T>(long length) where T : unmanaged => new HostBuffer<T>(this, length);

    public void Upload<T>(ReadOnlySpan<T> source, View<T> destination) where T : unmanaged => source.CopyTo(Same(Span(destination), source.Length));

    public void Download<T>(View<T> source, Span<T> destination) where T : unmanaged => Span(source).CopyTo(Same(destination, (int)source.Length));

    public void Synchronize() { }

    public IDisposable Fp32Scope() => NoScope.Instance;

    public void Clear(View<float> x) => Span(x).Clear();

    public void Copy(View<float> source, View<float> destination) => Kernels.Copy.Run(Span(source), Span(destination), Pool);

    public void EmbeddingForward(View<int> tokens, View<float> wte, View<float> wpe, View<float> output, int B, int T, int C)
        => Embedding.Forward(Span(tokens), Span(wte), Span(wpe), Span(output), B, T, C, Pool);

    public void EmbeddingBackward(View<float> dout, View<int> tokens, View<float> dwte, View<float> dwpe, int B, int T, int C)
        => Embedding.Backward(Span(dout), Span(tokens), Span(dwte), Span(dwpe), B, T, C, Pool);

    public void LayerNormForward(View<float> inp, View<float> weight, View<float> bias, View<float> output, View<float> mean, View<float> rstd, int N, int C)
        => LayerNorm.Forward(Span(inp), Span(weight), Span(bias), Span(output), Span(mean), Span(rstd), N, C, Pool);

    public void LayerNormBackward(View<float> dout, View<float> inp, View<float> weight, View<float> mean, View<float> rstd,
        View<float> dinp, View<float> dweight, View<float> dbias, int N, int C)
        => LayerNorm.Backward(Span(dout), Span(inp), Span(weight), Span(mean), Span(rstd), Span(dinp), Span(dweight), Span(dbias), N, C, Pool);

    public void RmsNormForward(View<float> inp, View<float> weight, View<float> output, View<float> rstd, int N, int C)
        => RmsNorm.Forward(Span(inp), Span(weight), Span(output), Span(rstd), N, C, Pool);

    public void RmsNormBackward(View<float> dout, View<float> inp, View<float> weight, View<float> rstd, View<float> dinp, View<float> dweight, int N, int C)
        => RmsNorm.Backward(Span(dout), Span(inp), Span(weight), Span(rstd), Span(dinp), Span(dweight), N, C, Pool);

    public void MatMulForward(View<float> inp, View<float> weight, View<float> bias, View<float> output, int N, int C, int OC)
        => MatMul.Forward(Span(inp), Span(weight), Span(bias), Span(output), N, C, OC, Pool);

    public void MatMulBackward(View<float> dout, View<float> inp, View<float> weight, View<float> dinp, View<float> dweight, View<float> dbias, int N, int C, int OC)
        => MatMul.Backward(Span(dout), Span(inp), Span(weight), Span(dinp), Span(dweight), Span(dbias), N, C, OC, Pool);

    public void AttentionForward(View<float> q, View<float> k, View<float> v, View<float> output, View<float> lse, in AttentionShape shape)
        => Attention.Forward(Span(q), Span(k), Span(v), Span(output), Span(lse), shape, Pool);

    public void AttentionBackward(View<float> dout, View<float> q, View<float> k, View<float> v, View<float> output, View<float> lse,
        View<float> dq, View<float> dk, View<float> dv, in AttentionShape shape)
        => Attention.Backward(Span(dout), Span(q), Span(k), Span(v), Span(output), Span(lse), Span(dq), Span(dk), Span(dv), shape, Pool);

    public void GeluForward(View<float> inp, View<float> output, int N) => Gelu.Forward(Span(inp), Span(output), N, Pool);

    public void GeluBackward(View<float> dout, View<float> inp, View<float> dinp, int N) => Gelu.Backward(Span(dout), Span(inp), Span(dinp), N, Pool);

    public void SwiGluForward(View<float> inp, View<float> output, int N, int H) => SwiGlu.Forward(Span(inp), Span(output), N, H, Pool);

    public void SwiGluBackward(View<float> dout, View<float> inp, View<float> dinp, int N, int H) => SwiGlu.Backward(Span(dout), Span(inp), Span(dinp), N, H, Pool);

    public void RopeTable(int T, int HS, float theta, View<float> cos, View<float> sin) => Rope.Table(T, HS, theta, Span(cos), Span(sin));

    public void RopeForward(View<float> cos, View<float> sin, View<float> x, int B, int T, int NH, int HS, int stride)
        => Rope.Forward(Span(cos), Span(sin), Span(x), B, T, NH, HS, stride, Pool);

    public void RopeBackward(View<float> cos, View<float> sin, View<float> dx, int B, int T, int NH, int HS, int stride)
        => Rope.Backward(Span(cos), Span(sin), Span(dx), B, T, NH, HS, stride, Pool);

    public void ResidualAdd(View<float> acc, View<float> x) => Residual.Add(Span(acc), Span(x), Pool);

    public void CrossEntropyForward(View<float> logits, View<int> targets, View<float> losses, int N, int V, float gradScale)
        => SoftmaxCrossEntropy.Forward(Span(logits), Span(targets), Span(losses), N, V, Batch.Ignore, gradScale, Pool);

    public void TargetLogProbs(View<float> hidden, View<float> weight, View<float> bias, ReadOnlySpan<int> targets, Span<float> logProbs, int N, int C, int V)
        => _head.LogProbs(Span(hidden), Span(weight), Span(bias), targets, logProbs, N, C, V, Pool);

    public double ClipByGlobalNorm(View<float> grads, double maxNorm) => GradClip.ClipByGlobalNorm(Span(grads), maxNorm, Pool);

    public void AdamW(View<float> parameters, View<float> grads, View<float> m, View<float> v, View<byte> decayMask,
        float lr, float beta1, float beta2, float eps, float weightDecay, int t)
        => Kernels.AdamW.Step(Span(parameters), Span(grads), Span(m), Span(v), Span(decayMask), lr, beta1, beta2, eps, weightDecay, t, Pool);

    public void Dispose()
    {
        if (_ownsPool) Pool.Dispose();
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();
        public void Dispose() { }
    }

    private static Span<T> Same<T>(Span<T> span, int length)
    {
        if (span.Length != length) throw new ArgumentException($"copy of {length} elements into a view of {span.Length}");
        return span;
    }
}
