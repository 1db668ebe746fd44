// What a run needs in memory, computed from its config before anything is allocated, so a model that cannot
// fit is refused by `validate` and `train` with "needs ≈ N GiB, this machine has M" instead of an overflow
// deep in the engine. It counts what the engine allocates (experiments/Engine/Models): the flat parameter
// buffer and its gradients, the two AdamW moments, the decay mask, the per-layer activations and the
// gradient scratch of one micro-batch (Gpt/Llama/Bert Activations), the logits of the output layer, and the
// three arrays a checkpoint being resumed is read into. It also refuses any single buffer the engine could not
// index (more than Array.MaxLength floats). Tests hold the estimate to the engine's real allocations.
using BabyLm.Engine;
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
    /// <summary>The estimate for a model of <paramref name="model"/>'s shape, vocabulary <paramref name="vocab"/>, micro-batches of B × T tokens.</summary>
    public static MemoryNeeds Of(ModelConfig model, int vocab, long batchSequences, long batchT)
    {
        double V = vocab, C = model.Width, L = model.Layers, T = model.Context, H = model.HiddenSize, NH = model.Heads;
        double HS = NH > 0 ? C / NH : 0;
        double N = (double)batchSequences * batchT;
        // Parameters (floats), tensor by tensor as the models lay them out, plus the 16-float alignment of each.
        double parameters, perLayer, shared, tensors;
        switch (model.Arch)
        {
            case "llama":
                parameters = V * C + L * (C + 3 * C * C + C * C + C + 2 * H * C + C * H) + C + (model.TieEmbeddings ? 0 : V * C);
                tensors = 3 + 6 * L;
                perLayer = N * (8 * C + 3 * H + 2 + NH);
                shared = batchT * HS + N * (8 * C + 3 * H + 1);
                break;
            case "bert":
                parameters = V * C + T * C + 2 * C + L * (3 * C * C + 3 * C + C * C + C + 2 * C + H * C + H + C * H + C + 2 * C) + C * C + 3 * C + V;
                tensors = 9 + 12 * L;
                perLayer = N * (8 * C + 2 * H + 4 + NH);
                shared = N * (12 * C + 2 * H + 4);
                break;
            default:
                parameters = V * C + T * C + L * (2 * C + 3 * C * C + 3 * C + C * C + C + 2 * C + H * C + H + C * H + C) + 2 * C;
                tensors = 4 + 12 * L;
                perLayer = N * (8 * C + 2 * H + 4 + NH);
                shared = N * (8 * C + 2 * H + 2);
                break;
        }
        parameters += 16 * tensors;
        double logits = N * V + N;
        double activations = L * perLayer + shared + logits;
        // Training: parameters, gradients, AdamW m and v (floats), the decay mask (bytes), activations.
        double training = 4 * (4 * parameters) + parameters + 4 * activations;
        // Resuming: the three arrays a checkpoint is read into (Checkpoint.Load streams), beside the model and moments.
        double resuming = 4 * (4 * parameters) + parameters + 4 * 3 * parameters;
        var buffers = new (string Name, double Floats)[]
        {
            ("the parameter buffer", parameters), ("the logits (tokens per micro-batch × vocabulary)", N * V),
            ("an MLP activation (tokens per micro-batch × hidden)", N * (model.Arch == "llama" ? 2 : 1) * H),
            ("an attention activation (tokens per micro-batch × 3·width)", N * 3 * C),
        };
        var largest = buffers.MaxBy(b => b.Floats);
        return new MemoryNeeds(parameters, activations, largest.Floats, largest.Name, (long)Math.Min(long.MaxValue, Math.Max(training, resuming)));
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
