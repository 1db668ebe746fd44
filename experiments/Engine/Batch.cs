// One micro-batch as the networks read it: token ids, targets and valid lengths on the host. The
// batcher (experiments/Training) fills it; a model uploads what its backend needs.
namespace BabyLm.Engine;

/// <summary>One micro-batch: B rows of T tokens.</summary>
public sealed class Batch
{
    public const int Ignore = -1;

    public Batch(int b, int t)
    {
        B = b;
        T = t;
        Inputs = new int[b * t];
        Targets = new int[b * t];
        ValidLengths = new int[b];
    }

    public int B { get; }
    public int T { get; }
    /// <summary>[B, T] input ids.</summary>
    public int[] Inputs { get; }
    /// <summary>[B, T] target ids, <see cref="Ignore"/> where no loss is taken.</summary>
    public int[] Targets { get; }
    /// <summary>[B] non-padding length of each row (T for packed rows).</summary>
    public int[] ValidLengths { get; }
    /// <summary>True when some row is shorter than T (sentence batches): attention masks the padding.</summary>
    public bool Padded { get; set; }
    /// <summary>Words whose last token this batch consumed (the BabyLM words-seen count; the batcher fills it).</summary>
    public long Words { get; set; }
    /// <summary>Non-padding input tokens.</summary>
    public long Tokens { get; set; }
    /// <summary>Targets that carry a loss.</summary>
    public int TargetCount { get; set; }
}
