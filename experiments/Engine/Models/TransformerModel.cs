// What the three networks share: their dimensions, the parameter and gradient buffers, the activation
// buffers of the current batch shape, the attention geometry of a fused QKV buffer, and the output end —
// logits = hidden·Wᵀ (+ bias), the fused softmax-cross-entropy whose gradient Backward starts from, and
// scoring through the sparse head. Each network (Gpt, Llama, Bert) writes out its own forward to the
// final hidden state and its own backward, as kernel calls on the backend.
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Models;

/// <summary>
/// The activation buffers of one batch shape, allocated through the backend (zero-filled) and freed with
/// the set. A network declares its own as fields, each with <see cref="F(long)"/> or <see cref="F(int, long)"/>.
/// </summary>
public abstract class ActivationSet : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    protected ActivationSet(IBackend backend, int b, int t)
    {
        Backend = backend;
        B = b;
        T = t;
        N = b * t;
        Inputs = Ints(N);
        Targets = Ints(N);
    }

    protected IBackend Backend { get; }
    public int B { get; }
    public int T { get; }
    public int N { get; }
    /// <summary>The batch's input ids [N] and targets [N], uploaded by each forward.</summary>
    public View<int> Inputs { get; }
    public View<int> Targets { get; }

    /// <summary>One buffer of <paramref name="length"/> floats.</summary>
    protected View<float> F(long length) => Own(Backend.Allocate<float>(length));

    /// <summary>One buffer of <paramref name="length"/> floats per layer.</summary>
    protected View<float>[] F(int layers, long length) => Enumerable.Range(0, layers).Select(_ => F(length)).ToArray();

    private View<int> Ints(long length) => Own(Backend.Allocate<int>(length));

    private View<T> Own<T>(Buffer<T> buffer) where T : unmanaged
    {
        _owned.Add(buffer);
        return buffer.All;
    }

    public void Dispose()
    {
        foreach (var b in _owned) b.Dispose();
        _owned.Clear();
        GC.SuppressFinalize(this);
    }
}

public abstract class TransformerModel<TAct> : ILanguageModel where TAct : ActivationSet
{
    protected readonly IBackend B;
    protected readonly int L, C, NH, HS, H, V, MaxT;
    private Buffer<float>? _logits, _losses;
    private float[] _hostLosses = [];
    private TAct? _act;
    private int _rows;

    protected TransformerModel(ModelConfig config, int vocab, IBackend backend)
    {
        Config = config;
        B = backend;
        L = config.Layers; C = config.Width; NH = config.Heads; HS = C / NH; H = config.HiddenSize; V = vocab; MaxT = config.Context;
        VocabSize = vocab;
    }

    public ModelConfig Config { get; }
    public int VocabSize { get; }
    public IBackend Backend => B;
    public ParameterLayout Layout { get; private set; } = null!;
    public Buffer<float> Parameters { get; private set; } = null!;
    public Buffer<float> Gradients { get; private set; } = null!;

    /// <summary>The attention geometry of the last Forward, for Backward.</summary>
    protected AttentionShape LastShape { get; private set; }

    /// <summary>The activations of the last forward (Backward reads them).</summary>
    protected TAct Act => _act ?? throw new InvalidOperationException("Backward before Forward");

    /// <summary>d loss / d logits [N, V] of the last Forward (written over the logits by the fused cross-entropy).</summary>
    protected View<float> DLogits => _logits!.Slice(0, (long)_rows * V);

    /// <summary>Fixes the layout and allocates parameters and gradients (called once by the constructor).</summary>
    protected void Allocate(ParameterLayout layout)
    {
        Layout = layout;
        Parameters = B.Allocate<float>(layout.Total);
        Gradients = B.Allocate<float>(layout.Total);
    }

    /// <summary>A parameter tensor, and its gradient.</summary>
    protected View<float> P(ParameterTensor t) => Parameters.Slice(t.Offset, t.Size);
    protected View<float> G(ParameterTensor t) => Gradients.Slice(t.Offset, t.Size);

    /// <summary>The activations for this batch's shape (new ones when B or T changed), with its ids uploaded.</summary>
    protected TAct ActivationsFor(Batch batch)
    {
        var act = Shaped(batch.B, batch.T);
        B.Upload<int>(batch.Inputs, act.Inputs);
        return act;
    }

    private TAct Shaped(int b, int t)
    {
        if (t > MaxT) throw new ArgumentException($"batch length {t} exceeds the model context {MaxT}");
        if (_act is null || _act.B != b || _act.T != t)
        {
            _act?.Dispose();
            _act = null;
            _act = CreateActivations(b, t);
        }
        return _act;
    }

    public void Reserve(int b, int t)
    {
        Shaped(b, t);
        Grown(ref _logits, (long)b * t * V);
        Grown(ref _losses, (long)b * t);
    }

    protected abstract TAct CreateActivations(int b, int t);

    /// <summary>q, k, v inside the fused QKV buffer [B, T, 3C], output [B, T, C]; padded rows masked.</summary>
    protected AttentionShape Shape(Batch batch, bool causal) => new()
    {
        B = batch.B, T = batch.T, NH = NH, HS = HS,
        QStride = 3 * C, KStride = 3 * C, VStride = 3 * C, OStride = C,
        Causal = causal,
        ValidLengths = batch.Padded ? batch.ValidLengths : null,
    };

    /// <summary>Runs the network up to the final hidden state [N, C] that the output layer reads.</summary>
    protected abstract View<float> ForwardToHidden(Batch batch, bool causal);

    /// <summary>The output layer [V, C] (the tied embedding, or an untied head).</summary>
    protected abstract View<float> OutputWeight { get; }

    /// <summary>The output bias [V], or empty.</summary>
    protected virtual View<float> OutputBias => default;

    private View<float> ForwardToLogits(Batch batch, bool causal)
    {
        var hidden = ForwardToHidden(batch, causal);
        _rows = batch.B * batch.T;
        var logits = Grown(ref _logits, (long)_rows * V).Slice(0, (long)_rows * V);
        Grown(ref _losses, _rows);
        B.MatMulForward(hidden, OutputWeight, OutputBias, logits, _rows, C, V);
        return logits;
    }

    /// <summary>The buffer, replaced by one of exactly <paramref name="length"/> floats when it is shorter.</summary>
    private Buffer<float> Grown(ref Buffer<float>? buffer, long length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer?.Dispose();
            buffer = B.Allocate<float>(length);
        }
        return buffer;
    }

    public void Initialize(long seed) => WriteParameters(Layout.Initial(seed, Config.InitStd, L));

    public float[] ReadParameters()
    {
        var values = new float[Layout.Total];
        B.Download(Parameters.All, values.AsSpan());
        return values;
    }

    public void WriteParameters(ReadOnlySpan<float> values)
    {
        if (values.Length != Layout.Total)
            throw new ArgumentException($"{values.Length} parameter values for a model of {Layout.Total}", nameof(values));
        B.Upload(values, Parameters.All);
    }

    public float[] ReadGradients()
    {
        var values = new float[Layout.Total];
        B.Download(Gradients.All, values.AsSpan());
        return values;
    }

    public void ZeroGradients() => B.Clear(Gradients.All);

    public double Forward(Batch batch, bool causal, float gradScale)
    {
        var logits = ForwardToLogits(batch, causal);
        LastShape = Shape(batch, causal);
        var targets = Act.Targets;
        B.Upload<int>(batch.Targets, targets);
        float scale = batch.TargetCount > 0 ? gradScale / batch.TargetCount : 0f;
        var losses = _losses!.Slice(0, _rows);
        B.CrossEntropyForward(logits, targets, losses, _rows, V, scale);
        return MeanLoss(losses, batch.Targets);
    }

    /// <summary>The mean of the rows' losses over the rows with a target, summed in double in row order (0 when none).</summary>
    private double MeanLoss(View<float> losses, ReadOnlySpan<int> targets)
    {
        if (_hostLosses.Length < losses.Length) _hostLosses = new float[losses.Length];
        var host = _hostLosses.AsSpan(0, (int)losses.Length);
        B.Download(losses, host);
        int count = 0;
        foreach (int t in targets) if (t != Batch.Ignore) count++;
        double sum = 0;
        foreach (float l in host) sum += l;
        return count == 0 ? 0 : sum / count;
    }

    public abstract void Backward();

    /// <summary>Scored in fp32 whatever the backend's precision: near ties decide minimal pairs.</summary>
    public void TargetLogProbs(Batch batch, bool causal, Span<float> logProbs)
    {
        using var fp32 = B.Fp32Scope();
        B.TargetLogProbs(ForwardToHidden(batch, causal), OutputWeight, OutputBias, batch.Targets, logProbs, batch.B * batch.T, C, V);
    }

    public void Logits(Batch batch, bool causal, Span<float> logits)
    {
        var computed = ForwardToLogits(batch, causal);
        B.Download(computed, logits[..checked((int)computed.Length)]);
    }

    public void Dispose()
    {
        _act?.Dispose();
        _act = null;
        _logits?.Dispose();
        _losses?.Dispose();
        Parameters?.Dispose();
        Gradients?.Dispose();
        GC.SuppressFinalize(this);
    }
}
