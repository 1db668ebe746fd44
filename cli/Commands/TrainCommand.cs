// `babylm train <config.yaml> [--out DIR] [--set key=value …]`: one training run, with a progress bar,
// resumable (run the same command again), interruptible with Ctrl-C (checkpoints, then stops).
using System.CommandLine;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Sweeps;
using BabyLm.Experiments.Training;
using Spectre.Console;

namespace BabyLm.Cli.Commands;

internal static class TrainCommand
{
    public static Command Create()
    {
        var config = new Argument<string>("config") { Description = "Run config (YAML)." };
        var output = new Option<string?>("--out") { Description = "Run folder (default: runs/<name>-<config hash>)." };
        var set = new Option<string[]>("--set") { Description = "Override a key: --set model.layers=8 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (overrides the config's threads)." };
        var allowChange = new Option<string[]>("--allow-config-change")
        {
            Description = "Resume the run in --out although these keys differ from its config.yaml (optimizer.*, schedule.*, or one key "
                + "under them; repeatable). The change is recorded in run.json.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("train", "Train one model from a run config; running it again resumes from the last checkpoint.\n\n"
            + "The run folder (--out) must be new or empty, or a run folder of the same config: a folder holding anything else is "
            + "never taken over. Two trainings never share a folder (the second is refused, naming the first's pid). A finished run "
            + "(DONE) is never trained again. Tokenizers and token shards the config does not name are built once and cached in "
            + "data.cache, else $BABYLM_CACHE, else ~/.cache/babylm.\n\n"
            + "Examples:\n  babylm train experiments/configs/tiny.yaml --out runs/tiny\n"
            + "  babylm train tiny.yaml --set model.arch=llama --set objective.kind=mlm\n"
            + "  babylm train tiny.yaml --out runs/tiny --set optimizer.lr=3e-4 --allow-config-change optimizer.lr   # resume with a lower rate")
        {
            config, output, set, threads, allowChange,
        };
        command.SetAction((parse, cancel) =>
        {
            var path = parse.GetValue(config)!;
            var overrides = (parse.GetValue(set) ?? []).ToList();
            if (parse.GetValue(threads) is { } t) overrides.Add($"threads={t}");
            var allowed = parse.GetValue(allowChange) ?? [];
            RunFolder.ValidateAllowPatterns(allowed);
            if (allowed.Length > 0 && parse.GetValue(output) is null)
                throw new BabyLmException("--allow-config-change needs --out naming the run folder to resume",
                    "without --out the folder is named by the config's hash, so a changed config gets a new folder anyway");
            var cfg = ConfigPaths.LoadRunConfig(path, overrides);
            var runDir = parse.GetValue(output) ?? Path.Combine("runs", $"{cfg.Name}-{RunIdentity.ShortId(cfg)}");
            var console = Ui.Console(parse);
            console.MarkupLine($"run folder: [bold]{Ui.Escape(runDir)}[/]");
            var result = RunTraining(parse, cfg, runDir, Path.GetDirectoryName(Path.GetFullPath(path)), cancel, allowChange: allowed);
            console.MarkupLine(result.Completed
                ? $"done: {result.Step:N0} steps, {result.WordsSeen:N0} words seen, loss {result.Loss:0.0000}"
                  + (result.DevLoss is { } d ? $", dev loss {d:0.0000}" : "")
                : $"stopped at step {result.Step:N0}; run the same command again to resume");
            return Task.FromResult(result.Completed ? 0 : CliApp.ExitInterrupted);
        });
        return command;
    }

    /// <summary>Trains with a live progress bar on a terminal, plain log lines otherwise.</summary>
    internal static TrainResult RunTraining(ParseResult parse, RunConfig cfg, string runDir, string? configDir, CancellationToken cancel,
        string sweep = "", IReadOnlyList<string>? allowChange = null, BabyLm.Core.FileLock? heldLock = null)
    {
        var err = parse.InvocationConfiguration.Error;
        MemoryEstimate.Check(cfg, MemoryEstimate.VocabOf(cfg, configDir), $"run {Path.GetFileName(Path.GetFullPath(runDir))}");
        var request = new TrainRequest
        {
            Config = cfg, RunDir = runDir, ConfigDir = configDir, Sweep = sweep, Cancel = cancel,
            AllowConfigChange = allowChange ?? [], HeldLock = heldLock,
            Curriculum = TrainingDefaults.Curriculum, Probes = TrainingDefaults.Probes(cfg),
            Log = line => err.WriteLine(line),
        };
        if (!Ui.Interactive(parse))
        {
            var lastPrint = DateTime.MinValue;
            return Trainer.Run(request with
            {
                Progress = p =>
                {
                    if ((DateTime.UtcNow - lastPrint).TotalSeconds < 10 && p.Step < p.TotalSteps) return;
                    lastPrint = DateTime.UtcNow;
                    err.WriteLine($"step {p.Step}/{p.TotalSteps} loss {p.Loss:0.0000} words {p.WordsSeen:N0} {p.TokensPerS:N0} tok/s");
                },
            });
        }
        TrainResult result = null!;
        Ui.Console(parse).Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: 1);
                result = Trainer.Run(request with
                {
                    Progress = p =>
                    {
                        task.MaxValue = p.TotalSteps;
                        task.Value = p.Step;
                        task.Description = $"step {p.Step:N0} loss {p.Loss:0.000} {p.TokensPerS:N0} tok/s";
                    },
                });
            });
        return result;
    }
}
