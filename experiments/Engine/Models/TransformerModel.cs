// What the three networks share: their dimensions and parameter buffers, the attention geometry of a
// fused QKV buffer, and the output end — logits = hidden·Wᵀ (+ bias), the fused softmax-cross-entropy
// whose gradient Backward starts from, and scoring through the sparse head. Each network (Gpt, Llama,
// Bert) writes out its own forward to the final hidden state and its own backward.
using BabyLm.Engine;
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Models;

public abstract class TransformerModel : ILanguageModel
{
    protected readonly WorkerPool Pool;
    protected readonly int L, C, NH, HS, H, V, MaxT;
    private readonly SparseHead _head = new();
    private float[] _logits = [], _losses = [];
    private int _rows;

    protected TransformerModel(ModelConfig config, int vocab, WorkerPool pool)
    {
        Config = config;
        Pool = pool;
        L = config.Layers; C = config.Width; NH = config.Heads; HS = C / NH; H = config.HiddenSize; V = vocab; MaxT = config.Context;
        VocabSize = vocab;
    }

    public ModelConfig Config { get; }
    public int VocabSize { get; }
    public ParameterLayout Layout { get; private set; } = null!;
    public float[] Parameters { get; private set; } = [];
    public float[] Gradients { get; private set; } = [];

    /// <summary>The batch and attention mode of the last Forward, for Backward.</summary>
    protected Batch? LastBatch { get; private set; }
    protected bool LastCausal { get; private set; }

    /// <summary>d loss / d logits [N, V] of the last Forward (written over the logits by the fused cross-entropy).</summary>
    protected Span<float> DLogits => _logits.AsSpan(0, _rows * V);

    /// <summary>Fixes the layout and allocates parameters and gradients (called once by the constructor).</summary>
    protected void Allocate(ParameterLayout layout)
    {
        Layout = layout;
        Parameters = new float[layout.Total];
        Gradients = new float[layout.Total];
    }

    protected Span<float> P(ParameterTensor t) => Parameters.AsSpan((int)t.Offset, (int)t.Size);
    protected Span<float> G(ParameterTensor t) => Gradients.AsSpan((int)t.Offset, (int)t.Size);

    protected static void Add(Span<float> acc, ReadOnlySpan<float> x) => System.Numerics.Tensors.TensorPrimitives.Add(acc, x, acc);

    /// <summary>One buffer of <paramref name="size"/> floats per layer (per-layer activations).</summary>
    protected static float[][] Alloc(int layers, int size) => Enumerable.Range(0, layers).Select(_ => new float[size]).ToArray();

    protected void CheckLength(Batch batch)
    {
        if (batch.T > MaxT) throw new ArgumentException($"batch length {batch.T} exceeds the model context {MaxT}");
    }

    /// <summary>q, k, v inside the fused QKV buffer [B, T, 3C], output [B, T, C]; padded rows masked.</summary>
    protected AttentionShape Shape(Batch batch, bool causal) => new()
    {
        B = batch.B, T = batch.T, NH = NH, HS = HS,
        QStride = 3 * C, KStride = 3 * C, VStride = 3 * C, OStride = C,
        Causal = causal,
        ValidLengths = batch.Padded ? batch.ValidLengths : null,
    };

    /// <summary>Runs the network up to the final hidden state [N, C] that the output layer reads.</summary>
    protected abstract ReadOnlySpan<float> ForwardToHidden(Batch batch, bool causal);

    /// <summary>The output layer [V, C] (the tied embedding, or an untied head).</summary>
    protected abstract ReadOnlySpan<float> OutputWeight { get; }

    /// <summary>The output bias [V], or empty.</summary>
    protected virtual ReadOnlySpan<float> OutputBias => [];

    private Span<float> ForwardToLogits(Batch batch, bool causal)
    {
        var hidden = ForwardToHidden(batch, causal);
        _rows = batch.B * batch.T;
        if (_logits.Length < (long)_rows * V) _logits = new float[(long)_rows * V];
        if (_losses.Length < _rows) _losses = new float[_rows];
        var logits = _logits.AsSpan(0, _rows * V);
        MatMul.Forward(hidden, OutputWeight, OutputBias, logits, _rows, C, V, Pool);
        return logits;
    }

    public abstract void Initialize(long seed);

    public double Forward(Batch batch, bool causal, float gradScale)
    {
        var logits = ForwardToLogits(batch, causal);
        LastBatch = batch;
        LastCausal = causal;
        float scale = batch.TargetCount > 0 ? gradScale / batch.TargetCount : 0f;
        return SoftmaxCrossEntropy.Forward(logits, batch.Targets, _losses.AsSpan(0, _rows), _rows, V, Batch.Ignore, scale, Pool);
    }

    public abstract void Backward();

    public void TargetLogProbs(Batch batch, bool causal, Span<float> logProbs)
        => _head.LogProbs(ForwardToHidden(batch, causal), OutputWeight, OutputBias, batch.Targets, logProbs, batch.B * batch.T, C, V, Pool);

    public void Logits(Batch batch, bool causal, Span<float> logits) => ForwardToLogits(batch, causal).CopyTo(logits);

    public virtual void Dispose() { }
}
