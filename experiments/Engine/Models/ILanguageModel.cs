// What training and evaluation need of a network. Implementations (Gpt, Llama, Bert) hold their
// parameters, gradients and activations in buffers of one backend and run its kernels; they do no I/O.
// Parameters leave and enter the backend's memory only through ReadParameters/WriteParameters.
namespace BabyLm.Engine.Models;

public interface ILanguageModel : IDisposable
{
    ModelConfig Config { get; }
    int VocabSize { get; }
    ParameterLayout Layout { get; }
    /// <summary>Where the parameters live and the kernels run.</summary>
    IBackend Backend { get; }
    /// <summary>All parameters, laid out by <see cref="Layout"/>.</summary>
    Buffer<float> Parameters { get; }
    /// <summary>Gradients, same layout; Backward accumulates into them.</summary>
    Buffer<float> Gradients { get; }

    /// <summary>Draws the initial parameters from the seed (named stream "init"), each tensor as its <see cref="Init"/> says.</summary>
    void Initialize(long seed);

    /// <summary>A host copy of the parameters (checkpoints, export).</summary>
    float[] ReadParameters();

    /// <summary>Replaces every parameter (a checkpoint, a test's values); <paramref name="values"/> has <see cref="ParameterLayout.Total"/> floats.</summary>
    void WriteParameters(ReadOnlySpan<float> values);

    /// <summary>A host copy of the gradients (tests).</summary>
    float[] ReadGradients();

    /// <summary>Gradients = 0, before the first micro-batch of a step.</summary>
    void ZeroGradients();

    /// <summary>
    /// Allocates now what a batch of B rows × T tokens needs (activations, logits, losses), which the first
    /// forward of that shape would otherwise allocate: a shape that does not fit fails before any work.
    /// </summary>
    void Reserve(int b, int t);

    /// <summary>
    /// Forward pass and fused softmax-cross-entropy on <paramref name="batch"/>: returns the mean loss over
    /// its targets. Keeps what Backward needs, including d(loss)/d(logits)·<paramref name="gradScale"/>.
    /// </summary>
    double Forward(Batch batch, bool causal, float gradScale);

    /// <summary>Back-propagates the last Forward, accumulating into <see cref="Gradients"/>.</summary>
    void Backward();

    /// <summary>Log-probability (natural log) of every target of <paramref name="batch"/>; 0 where the target is ignored.</summary>
    void TargetLogProbs(Batch batch, bool causal, Span<float> logProbs);

    /// <summary>Raw logits [B, T, V] for <paramref name="batch"/> (for exports and tests).</summary>
    void Logits(Batch batch, bool causal, Span<float> logits);
}
