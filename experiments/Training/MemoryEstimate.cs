// What a run needs in memory, computed from its config before anything is allocated, so a model that cannot
// fit is refused by `validate` and `train` with "needs ≈ N GiB, this machine has M" instead of an overflow
// deep in the engine. It counts what the engine allocates, exactly, by building the model on a backend that
// allocates nothing (SizingBackend): the flat parameter buffer and its gradients, the activations and
// gradient scratch of one micro-batch, the logits of the output layer; to that the two AdamW moments, the
// decay mask, and the three arrays a checkpoint being resumed is read into. It refuses first, without
// building anything, any single buffer the engine could not index (more than Array.MaxLength floats).
using BabyLm.Engine.Backends;
using BabyLm.Engine.Models;

namespace BabyLm.Experiments.Training;

public sealed record MemoryNeeds(double Parameters, double Activations, double LargestBuffer, string LargestBufferName, long Bytes)
{
    /// <summary>"12 MiB", "3.4 GiB".</summary>
    public static string Size(double bytes) => bytes < (1L << 30)
        ? (bytes / (1L << 20)).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " MiB"
        : (bytes / (1L << 30)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " GiB";
}

public static class MemoryEstimate
{
    /// <summary>
    /// What a model of <paramref name="model"/>'s shape, vocabulary <paramref name="vocab"/>, micro-batches of B × T tokens
    /// holds: counted exactly by building it on a backend that allocates nothing (SizingBackend) — its parameter
    /// and gradient buffers, the activations and logits of one batch — unless one of its buffers could not exist
    /// (more floats than an array holds), which is reported without building anything.
    /// </summary>
    public static MemoryNeeds Of(ModelConfig model, int vocab, long batchSequences, long batchT)
    {
        double V = vocab, C = model.Width, L = model.Layers, H = model.HiddenSize, N = (double)batchSequences * batchT;
        double parametersApprox = V * C * 2 + L * (4 * C * C + 3 * H * C) + model.Context * C;
        var buffers = new (string Name, double Floats)[]
        {
            ("the parameter buffer", parametersApprox), ("the logits (tokens per micro-batch × vocabulary)", N * V),
            ("an MLP activation (tokens per micro-batch × hidden)", N * (model.Arch == "llama" ? 2 : 1) * H),
            ("an attention activation (tokens per micro-batch × 3·width)", N * 3 * C),
        };
        var largest = buffers.MaxBy(b => b.Floats);
        if (largest.Floats > Array.MaxLength || batchSequences > int.MaxValue || batchT > model.Context)
            return new MemoryNeeds(parametersApprox, N * (V + L * (8 * C + 3 * H)), largest.Floats, largest.Name, long.MaxValue);
        using var sizing = new SizingBackend();
        using var net = ModelFactory.Create(model, vocab, sizing);
        long weights = sizing.Bytes;  // parameters and gradients
        net.Reserve((int)batchSequences, (int)batchT);
        long activations = sizing.Bytes - weights;
        double parameters = net.Layout.Total;
        // Training: parameters, gradients, AdamW m and v (floats), the decay mask (bytes), activations.
        double training = weights + 4 * 2 * parameters + parameters + activations;
        // Resuming: the three arrays a checkpoint is read into (Checkpoint.Load streams), beside the model and moments.
        double resuming = weights + 4 * 2 * parameters + parameters + 4 * 3 * parameters;
        return new MemoryNeeds(parameters, activations / 4.0, largest.Floats, largest.Name, (long)Math.Min(long.MaxValue, Math.Max(training, resuming)));
    }

    /// <summary>Micro-batch shape of a run: sequences (or batch.tokens / context) × context.</summary>
    public static (long Sequences, long T) BatchShape(RunConfig cfg)
        => (cfg.Batch.Tokens > 0 ? Math.Max(1, cfg.Batch.Tokens / Math.Max(1, cfg.Model.Context)) : cfg.Batch.Sequences, cfg.Model.Context);

    /// <summary>The vocabulary a run will have: its tokenizer's when data.tokenizer names one that exists, else data.vocab.</summary>
    public static int VocabOf(RunConfig cfg, string? configDir)
    {
        if (string.IsNullOrEmpty(cfg.Data.Tokenizer)) return cfg.Data.Vocab;
        var path = RunData.ResolvePath(cfg.Data.Tokenizer, configDir);
        try
        {
            return File.Exists(path) ? BabyLm.Corpus.Tokenization.BpeTokenizer.Load(path).VocabSize : cfg.Data.Vocab;
        }
        catch (BabyLmException)
        {
            return cfg.Data.Vocab;          // training reports the broken file itself
        }
    }

    /// <summary>The memory this process may use (the machine's, or a container's or GC heap limit).</summary>
    public static long Available() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// Throws a <see cref="BabyLmException"/> when the run cannot fit: a buffer too large for the engine, or
    /// more memory than <paramref name="available"/> (default: this machine's).
    /// </summary>
    public static void Check(RunConfig cfg, int vocab, string source, long? available = null)
    {
        var (b, t) = BatchShape(cfg);
        var needs = Of(cfg.Model, vocab, b, t);
        string shape = $"model {cfg.Model.Arch} {cfg.Model.Layers} layers × width {cfg.Model.Width} (hidden {cfg.Model.HiddenSize}), vocabulary {vocab:N0}, "
            + $"micro-batches of {b:N0} × {t:N0} tokens";
        if (needs.LargestBuffer > Array.MaxLength)
        {
            throw new BabyLmException(
                $"{source}: {shape}: {needs.LargestBufferName} would hold {needs.LargestBuffer:0.###e0} floats, more than one buffer of this engine can (about 2.1e9)",
                "make the model or batch smaller: model.width, model.layers, model.hidden, model.context, batch.sequences/batch.tokens or data.vocab");
        }
        long have = available ?? Available();
        if (needs.Bytes > have)
        {
            throw new BabyLmException(
                $"{source}: {shape} needs ≈ {MemoryNeeds.Size(needs.Bytes)} "
                + $"({needs.Parameters:N0} parameters with gradients and AdamW moments, {MemoryNeeds.Size(4 * needs.Activations)} of activations), "
                + $"this machine has {MemoryNeeds.Size(have)}",
                "make the model or batch smaller (model.width, model.layers, model.context, batch.sequences, data.vocab), or use batch.accumulation for a larger effective batch");
        }
    }
}
