// `babylm export <run-dir> --format hf --out DIR`: the model of a run's latest checkpoint as
// model.safetensors + config.json + tokenizer.json in Hugging Face naming.
using System.CommandLine;
using BabyLm.Experiments.Export;
using BabyLm.Experiments.Training;

namespace BabyLm.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run folder (or a checkpoint file inside one)." };
        var format = new Option<string>("--format") { Description = "Export format: hf (Hugging Face).", DefaultValueFactory = _ => "hf" };
        format.AcceptOnlyFromAmong("hf");
        var output = new Option<string>("--out") { Description = "Folder to write.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the model files of another export in --out (other files there are kept)." };
        var command = new Command("export", "Export a trained model for Hugging Face transformers and the BabyLM evaluation pipeline.\n\n"
            + "Writes model.safetensors, config.json, tokenizer.json and tokenizer_config.json into --out and nothing else. Those files "
            + "of an earlier export are replaced only when they came from the same run (a newer checkpoint), or with --force.\n\n"
            + "Example:\n  babylm export runs/tiny --format hf --out exports/tiny")
        {
            run, format, output, force,
        };
        command.SetAction(parse =>
        {
            var loaded = RunModel.Load(parse.GetValue(run)!, device: "cpu");  // export reads parameters only: no GPU needed
            using (loaded)
            {
                var hash = BabyLm.Core.Hashing.Sha256Hex(RunIdentity.Of(loaded.Config));  // the run config hash of run.json and its checkpoints
                var outDir = parse.GetValue(output)!;
                HfExport.CheckTarget(outDir, hash, parse.GetValue(force));
                HfExport.Write(loaded.Model, loaded.Config, outDir, loaded.TokenizerPath,
                    new ExportSource(loaded.RunDir, hash, loaded.Step, loaded.WordsSeen));
            }
            parse.InvocationConfiguration.Output.WriteLine($"wrote {parse.GetValue(output)} (step {loaded.Step}, {loaded.Config.Model.Arch}/{loaded.Config.Objective.Kind})");
            return 0;
        });
        return command;
    }
}
