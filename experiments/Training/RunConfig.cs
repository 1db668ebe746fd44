// One training run, as YAML (snake_case keys). Every key has a documented default; unknown keys and bad
// values are errors naming the key path. The resolved form (defaults filled in) is saved as the run's
// config.yaml and hashed into its id. Sections: data, model, objective, optimizer, schedule, batch,
// budget, eval, checkpoint, log, curriculum.
using BabyLm.Config;
using BabyLm.Corpus.Curricula;
using BabyLm.Engine.Models;

namespace BabyLm.Experiments.Training;

public sealed record RunConfig : IConfigSection
{
    /// <summary>A label for people (not part of the identity beyond the hash).</summary>
    public string Name { get; init; } = "run";
    /// <summary>The one seed every random choice flows from (named streams: init, data-order, masking, …).</summary>
    public long Seed { get; init; } = 1;
    /// <summary>Worker threads; 0 = all cores. Results are bitwise identical for a given thread count.</summary>
    public int Threads { get; init; } = 0;
    /// <summary>cpu, or cuda: the whole run — training, dev loss, probes — on an NVIDIA GPU (fails before any work
    /// when none is usable). Where a run computes is not part of its identity: a run resumes on the other device.</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>cuda: which GPU, among those the driver sees (CUDA_VISIBLE_DEVICES applies). Not part of the run's identity.</summary>
    public int Gpu { get; init; } = 0;
    /// <summary>Matrix-product inputs on a GPU: fp32 (the reference, TF32 off), tf32 (rounded to 10 mantissa bits) or bf16
    /// (8 significant bits); sums, activations, norms, softmax, loss, gradients and optimizer state stay fp32, and probes are
    /// always scored in fp32. The CPU computes in fp32 only.</summary>
    public string Precision { get; init; } = "fp32";
    public DataConfig Data { get; init; } = new();
    public ModelConfig Model { get; init; } = new();
    public ObjectiveConfig Objective { get; init; } = new();
    public OptimizerConfig Optimizer { get; init; } = new();
    public ScheduleConfig Schedule { get; init; } = new();
    public BatchConfig Batch { get; init; } = new();
    public BudgetConfig Budget { get; init; } = new();
    public EvalConfig Eval { get; init; } = new();
    public CheckpointConfig Checkpoint { get; init; } = new();
    public LogConfig Log { get; init; } = new();
    public CurriculumConfig Curriculum { get; init; } = new();

    public static readonly IReadOnlyList<string> Devices = ["cpu", "cuda"];
    public static readonly IReadOnlyList<string> Precisions = ["fp32", "tf32", "bf16"];

    public void Validate(ConfigProblems p, string path)
    {
        p.Range("seed", Seed, 0, long.MaxValue);
        p.Range("threads", Threads, 0, 1024);
        p.OneOf("device", Device, Devices);
        p.Range("gpu", Gpu, 0, 1023);
        p.OneOf("precision", Precision, Precisions);
        if (Device == "cpu" && Precision is "tf32" or "bf16")
            p.Add("precision", $"{Precision} runs on a GPU only (device: cuda); the CPU computes in fp32");
        Data.Validate(p, "data");
        Model.Validate(p, "model");
        Objective.Validate(p, "objective");
        Optimizer.Validate(p, "optimizer");
        Schedule.Validate(p, "schedule");
        Batch.Validate(p, "batch");
        Budget.Validate(p, "budget");
        Eval.Validate(p, "eval");
        Checkpoint.Validate(p, "checkpoint");
        Log.Validate(p, "log");
        Curriculum.Validate(p, "curriculum");
    }
}

public sealed record DataConfig : IConfigSection
{
    /// <summary>Corpus folder or file (BabyLM layout, text folder, text file). Relative paths are relative to the config file.</summary>
    public string Corpus { get; init; } = "";
    /// <summary>tokenizer.json; if empty, one is trained on the corpus (vocab below) and kept in the cache (data.cache).</summary>
    public string Tokenizer { get; init; } = "";
    /// <summary>Vocabulary size when the tokenizer is trained here.</summary>
    public int Vocab { get; init; } = 8192;
    /// <summary>Cleaning profile: none or childes.</summary>
    public string Cleaning { get; init; } = "none";
    /// <summary>Train split when the corpus has several (e.g. train_10M); empty = the only one.</summary>
    public string Split { get; init; } = "";
    /// <summary>Track whose word budget the train split must fit: strict-small (10M), strict (100M), or none.</summary>
    public string Track { get; init; } = "strict-small";
    /// <summary>Cache of the tokenizers and token shards built for a config (relative to the config file); empty = $BABYLM_CACHE, else ~/.cache/babylm.</summary>
    public string Cache { get; init; } = "";

    public static readonly IReadOnlyList<string> Tracks = ["strict-small", "strict", "none"];

    public void Validate(ConfigProblems p, string path)
    {
        if (string.IsNullOrWhiteSpace(Corpus)) p.Add($"{path}.corpus", "required: the corpus folder or file to train on");
        p.Range($"{path}.vocab", Vocab, BabyLm.Corpus.Tokenization.BpeTokenizer.MinVocab, BabyLm.Corpus.Tokenization.BpeTokenizer.MaxVocab);
        p.OneOf($"{path}.cleaning", Cleaning, ["none", "childes"]);
        p.OneOf($"{path}.track", Track, Tracks);
    }
}

public sealed record ObjectiveConfig : IConfigSection
{
    /// <summary>clm (next token, causal attention) or mlm (masked tokens, bidirectional attention).</summary>
    public string Kind { get; init; } = "clm";
    /// <summary>mlm: share of tokens selected for prediction.</summary>
    public double MaskProb { get; init; } = 0.15;
    /// <summary>mlm: of the selected tokens, the share replaced by &lt;mask&gt;.</summary>
    public double MaskTokenProb { get; init; } = 0.8;
    /// <summary>mlm: of the selected tokens, the share replaced by a random token (the rest stay unchanged).</summary>
    public double RandomTokenProb { get; init; } = 0.1;
    /// <summary>mlm: never leave a selected token unchanged (BabyBERTa): the unchanged share goes to &lt;mask&gt;.</summary>
    public bool NeverUnmasked { get; init; } = false;
    /// <summary>packed (utterances joined with &lt;/s&gt; into full-length sequences) or sentences (one utterance per sequence, padded, with valid lengths).</summary>
    public string Packing { get; init; } = "packed";

    public static readonly IReadOnlyList<string> Kinds = ["clm", "mlm"];
    public static readonly IReadOnlyList<string> Packings = ["packed", "sentences"];

    public void Validate(ConfigProblems p, string path)
    {
        p.OneOf($"{path}.kind", Kind, Kinds);
        p.OneOf($"{path}.packing", Packing, Packings);
        p.Range($"{path}.mask_prob", MaskProb, 0, 1);
        p.Range($"{path}.mask_token_prob", MaskTokenProb, 0, 1);
        p.Range($"{path}.random_token_prob", RandomTokenProb, 0, 1);
        if (MaskTokenProb + RandomTokenProb > 1 + 1e-12)
            p.Add($"{path}.random_token_prob", $"mask_token_prob + random_token_prob = {MaskTokenProb + RandomTokenProb} exceeds 1");
    }
}

public sealed record OptimizerConfig : IConfigSection
{
    /// <summary>AdamW peak learning rate.</summary>
    public double Lr { get; init; } = 1e-3;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.95;
    public double Eps { get; init; } = 1e-8;
    /// <summary>Decoupled weight decay, applied to matrices (not to norms, biases or position tables).</summary>
    public double WeightDecay { get; init; } = 0.1;
    /// <summary>Global gradient-norm clip; 0 = off.</summary>
    public double Clip { get; init; } = 1.0;

    public void Validate(ConfigProblems p, string path)
    {
        p.Range($"{path}.lr", Lr, 0, 1e3);
        p.Range($"{path}.beta1", Beta1, 0, 0.999999);
        p.Range($"{path}.beta2", Beta2, 0, 0.999999);
        p.Range($"{path}.eps", Eps, 0, 1);
        p.Range($"{path}.weight_decay", WeightDecay, 0, 10);
        p.Range($"{path}.clip", Clip, 0, 1e6);
    }
}

public sealed record ScheduleConfig : IConfigSection
{
    /// <summary>cosine, linear (decay to min after warm-up) or constant.</summary>
    public string Kind { get; init; } = "cosine";
    /// <summary>Warm-up steps; if 0, warmup_fraction of the total steps.</summary>
    public int WarmupSteps { get; init; } = 0;
    public double WarmupFraction { get; init; } = 0.05;
    /// <summary>Final learning rate as a fraction of the peak (cosine, linear).</summary>
    public double MinLrRatio { get; init; } = 0.1;

    public static readonly IReadOnlyList<string> Kinds = ["cosine", "linear", "constant"];

    public void Validate(ConfigProblems p, string path)
    {
        p.OneOf($"{path}.kind", Kind, Kinds);
        p.Range($"{path}.warmup_steps", WarmupSteps, 0, int.MaxValue);
        p.Range($"{path}.warmup_fraction", WarmupFraction, 0, 1);
        p.Range($"{path}.min_lr_ratio", MinLrRatio, 0, 1);
    }
}

public sealed record BatchConfig : IConfigSection
{
    /// <summary>Sequences per micro-batch.</summary>
    public int Sequences { get; init; } = 32;
    /// <summary>Tokens per micro-batch instead of sequences (sequences = tokens / context); 0 = use sequences.</summary>
    public int Tokens { get; init; } = 0;
    /// <summary>Micro-batches whose gradients are summed per optimizer step.</summary>
    public int Accumulation { get; init; } = 1;

    public void Validate(ConfigProblems p, string path)
    {
        p.Range($"{path}.sequences", Sequences, 1, 1 << 16);
        p.Range($"{path}.tokens", Tokens, 0, 1 << 26);
        p.Range($"{path}.accumulation", Accumulation, 1, 1 << 12);
    }
}

public sealed record BudgetConfig : IConfigSection
{
    /// <summary>Optimizer steps. Exactly one of steps, epochs, tokens, words must be set (non-zero).</summary>
    public long Steps { get; init; } = 0;
    public double Epochs { get; init; } = 0;
    /// <summary>Training tokens seen (sizes like 10M are fine in --set; in YAML write the number).</summary>
    public long Tokens { get; init; } = 0;
    /// <summary>Words seen (the BabyLM exposure count).</summary>
    public long Words { get; init; } = 0;

    public void Validate(ConfigProblems p, string path)
    {
        int set = (Steps > 0 ? 1 : 0) + (Epochs > 0 ? 1 : 0) + (Tokens > 0 ? 1 : 0) + (Words > 0 ? 1 : 0);
        if (set != 1) p.Add(path, $"set exactly one of steps, epochs, tokens, words (found {set})");
        if (Steps < 0 || Epochs < 0 || Tokens < 0 || Words < 0) p.Add(path, "budgets cannot be negative");
    }
}

public sealed record EvalConfig : IConfigSection
{
    /// <summary>Dev loss every N steps (0 = only at the end).</summary>
    public int EverySteps { get; init; } = 200;
    /// <summary>Dev tokens scored per evaluation (0 = the whole dev split).</summary>
    public int DevTokens { get; init; } = 32768;
    /// <summary>
    /// Probe suites scored during training: builtin, blimp:&lt;dir&gt;, zorro:&lt;dir&gt;, and the BabyLM zero-shot tasks —
    /// babylm:&lt;dir&gt; (every task of an evaluation_data/fast_eval folder: learning curves), ewok:, comps:, entity:, wug-adj:, wug-past:.
    /// </summary>
    public List<string> Probes { get; init; } = [];
    /// <summary>Probe evaluation every N steps (0 = only at the end).</summary>
    public int ProbesEverySteps { get; init; } = 0;
    /// <summary>Also evaluate probes at the BabyLM word milestones (1M…10M, 20M…100M, …).</summary>
    public bool ProbesAtMilestones { get; init; } = false;
    /// <summary>Pairs (items) per paradigm (UID) during training (0 = all).</summary>
    public int ProbePairs { get; init; } = 0;
    /// <summary>Pairs per paradigm of the final evaluation at the end of training (0 = all).</summary>
    public int FinalProbePairs { get; init; } = 0;
    /// <summary>
    /// half: honest scoring (a tie among k candidates scores 1/k, ½ for a pair; &lt;s&gt; before every text). babylm: the official
    /// pipeline's scoring (a tie counts as correct; no &lt;s&gt;, so a text's first token is not scored).
    /// </summary>
    public string Ties { get; init; } = "half";

    public void Validate(ConfigProblems p, string path)
    {
        p.Range($"{path}.every_steps", EverySteps, 0, int.MaxValue);
        p.Range($"{path}.dev_tokens", DevTokens, 0, int.MaxValue);
        p.Range($"{path}.probes_every_steps", ProbesEverySteps, 0, int.MaxValue);
        p.Range($"{path}.probe_pairs", ProbePairs, 0, int.MaxValue);
        p.Range($"{path}.final_probe_pairs", FinalProbePairs, 0, int.MaxValue);
        p.OneOf($"{path}.ties", Ties, ["half", "babylm"]);
    }
}

public sealed record CheckpointConfig : IConfigSection
{
    /// <summary>Checkpoint every N steps (0 = only at the end).</summary>
    public int EverySteps { get; init; } = 500;
    /// <summary>Also keep a checkpoint at each BabyLM word milestone (1M…10M, 20M…100M, …).</summary>
    public bool Milestones { get; init; } = false;
    /// <summary>Rolling checkpoints kept besides milestones and the final one.</summary>
    public int Keep { get; init; } = 1;

    public void Validate(ConfigProblems p, string path)
    {
        p.Range($"{path}.every_steps", EverySteps, 0, int.MaxValue);
        p.Range($"{path}.keep", Keep, 1, 1000);
    }
}

public sealed record LogConfig : IConfigSection
{
    /// <summary>One metrics.jsonl line every N steps.</summary>
    public int EverySteps { get; init; } = 10;

    public void Validate(ConfigProblems p, string path) => p.Range($"{path}.every_steps", EverySteps, 1, int.MaxValue);
}
