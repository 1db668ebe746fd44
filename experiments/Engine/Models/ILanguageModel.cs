// What training and evaluation need of a network. Implementations (Gpt, Llama) hold their parameters,
// gradients and activations in flat buffers and run the kernels; they do no I/O.
using BabyLm.Engine;

namespace BabyLm.Engine.Models;

public interface ILanguageModel : IDisposable
{
    ModelConfig Config { get; }
    int VocabSize { get; }
    ParameterLayout Layout { get; }
    /// <summary>All parameters, laid out by <see cref="Layout"/>.</summary>
    float[] Parameters { get; }
    /// <summary>Gradients, same layout; Backward accumulates into them.</summary>
    float[] Gradients { get; }

    /// <summary>Draws the initial parameters from the seed (named stream "init").</summary>
    void Initialize(long seed);

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
