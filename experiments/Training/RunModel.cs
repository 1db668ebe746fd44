// A trained model loaded back from a run folder (or one of its checkpoint files): its resolved config,
// the tokenizer copied into the run, and the parameters of the latest (or the given) checkpoint.
using BabyLm.Corpus.Tokenization;
using BabyLm.Engine;
using BabyLm.Engine.Models;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Runs;

namespace BabyLm.Experiments.Training;

public sealed class RunModel : IDisposable
{
    public const string TokenizerFile = "tokenizer.json";

    private RunModel(RunConfig config, ILanguageModel model, IBackend backend, string runDir, string tokenizerPath, long step, long wordsSeen)
    {
        Config = config;
        Model = model;
        Backend = backend;
        RunDir = runDir;
        TokenizerPath = tokenizerPath;
        Tokenizer = BpeTokenizer.Load(tokenizerPath);
        Step = step;
        WordsSeen = wordsSeen;
    }

    public RunConfig Config { get; }
    public ILanguageModel Model { get; }
    public IBackend Backend { get; }
    public string RunDir { get; }
    public string TokenizerPath { get; }
    public BpeTokenizer Tokenizer { get; }
    public long Step { get; }
    public long WordsSeen { get; }

    /// <param name="path">A run folder (latest checkpoint) or a .ckpt file in its checkpoints/ folder.</param>
    /// <param name="threads">CPU threads (0: the run's setting).</param>
    /// <param name="device">cpu or cuda (null: where the run trained); the checkpoint loads on either.</param>
    /// <param name="gpu">The GPU for cuda (null: the run's).</param>
    public static RunModel Load(string path, int threads = 0, string? device = null, int? gpu = null)
    {
        string runDir, ckptPath;
        if (File.Exists(path) && path.EndsWith(".ckpt", StringComparison.Ordinal))
        {
            ckptPath = Path.GetFullPath(path);
            runDir = Path.GetDirectoryName(Path.GetDirectoryName(ckptPath)!)!;
        }
        else if (Directory.Exists(path))
        {
            runDir = Path.GetFullPath(path);
            ckptPath = Checkpoint.List(runDir).LastOrDefault()
                ?? throw new BabyLmException($"run folder '{path}' has no checkpoint", "train it first (`babylm train`), or give a checkpoint file");
        }
        else if (File.Exists(path))
        {
            throw new BabyLmException($"'{path}' is a file but not a checkpoint (*.ckpt)", "give a run folder (its latest checkpoint is used) or a checkpoint file in its checkpoints/");
        }
        else
        {
            throw new BabyLmException($"'{path}' is neither a run folder nor a checkpoint file (it does not exist)");
        }
        var configPath = Path.Combine(runDir, RunFiles.Config);
        if (!File.Exists(configPath)) throw new BabyLmException($"'{runDir}' is not a run folder: it has no {RunFiles.Config}");
        var config = YamlConfig.Load<RunConfig>(configPath);
        var tokenizerPath = Path.Combine(runDir, TokenizerFile);
        if (!File.Exists(tokenizerPath)) throw new BabyLmException($"run folder '{runDir}' has no {TokenizerFile}");
        var state = Checkpoint.Load(ckptPath);
        var tokenizer = BpeTokenizer.Load(tokenizerPath);
        if (state.TokenizerHash is { } trained && trained != tokenizer.ContentHash())
        {
            throw new BabyLmException(
                $"{tokenizerPath} is not the tokenizer {ckptPath} was trained with (hash {tokenizer.ContentHash()[..12]}, the checkpoint's {trained[..Math.Min(12, trained.Length)]})",
                "put the run's own tokenizer.json back (the trainer copied it from data.tokenizer or the cache): a model scored or exported with another tokenizer is meaningless");
        }
        // Scoring is fp32 whatever the precision (Fp32Scope), so the run's precision stays for any dev loss.
        var placed = config with { Device = device ?? config.Device, Gpu = gpu ?? config.Gpu };
        if (placed.Device == "cpu") placed = placed with { Precision = "fp32" };
        var backend = RunBackend.Create(placed, threads);
        var model = ModelFactory.Create(config.Model, tokenizer.VocabSize, backend);
        if (state.LayoutSignature != model.Layout.Signature() || state.Parameters.Length != model.Layout.Total)
        {
            model.Dispose();
            backend.Dispose();
            throw new BabyLmException($"{ckptPath} does not match the model of {configPath}");
        }
        model.WriteParameters(state.Parameters);
        return new RunModel(config, model, backend, runDir, tokenizerPath, state.Step, state.WordsSeen);
    }

    public void Dispose()
    {
        Model.Dispose();
        Backend.Dispose();
    }
}
