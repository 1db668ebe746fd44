// What the trainer asks of a curriculum: the next utterance, the input filter of a vocabulary schedule,
// the sequence length and masking rate at this point of training, model rescoring for self-perplexity,
// and its state for exact resume. The trainer knows nothing of scorers or pacing.
namespace BabyLm.Corpus.Curricula;

public interface ICurriculum
{
    /// <summary>The index (into the train shard) of the next utterance to feed, at training progress
    /// <paramref name="progress"/> ∈ [0, 1] (step / total steps).</summary>
    int NextUtterance(double progress);

    /// <summary>Vocabulary schedule: replaces token ids not yet allowed by <c>&lt;unk&gt;</c>, in place (inputs only).</summary>
    void FilterInputs(Span<int> tokens, double progress);

    /// <summary>Sequence length to train on at this progress (≤ <paramref name="context"/>).</summary>
    int SequenceLength(double progress, int context);

    /// <summary>Masking rate (mlm) at this progress, given the configured rate.</summary>
    double MaskRate(double progress, double configured);

    /// <summary>True when the curriculum wants the model to rescore utterances before this step (self-perplexity).</summary>
    bool WantsRescore(long step);

    /// <summary>Rescores: <paramref name="scoreBatch"/> returns the model's mean token loss of each given utterance.</summary>
    void Rescore(Func<IReadOnlyList<int>, double[]> scoreBatch);

    /// <summary>Everything needed to continue the same sequence of utterances after a restart.</summary>
    byte[] SaveState();

    void RestoreState(ReadOnlySpan<byte> state);

    /// <summary>Completed passes over the data (for logs).</summary>
    int Epoch { get; }
}
