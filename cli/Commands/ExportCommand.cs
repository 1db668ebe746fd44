// `babylm export <run-dir> --format hf --out DIR`: the model of a run's latest checkpoint as
// model.safetensors + config.json + tokenizer.json in Hugging Face naming.
using System.CommandLine;
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
        var command = new Command("export", "Export a trained model for Hugging Face transformers and the BabyLM evaluation pipeline.\n\n"
            + "Example:\n  babylm export runs/tiny --format hf --out exports/tiny")
        {
            run, format, output,
        };
        command.SetAction(parse =>
        {
            var loaded = RunModel.Load(parse.GetValue(run)!, device: "cpu");  // export reads parameters only: no GPU needed
            using (loaded)
            {
                BabyLm.Experiments.Export.HfExport.Write(loaded.Model, loaded.Config, parse.GetValue(output)!, loaded.TokenizerPath);
            }
            parse.InvocationConfiguration.Output.WriteLine($"wrote {parse.GetValue(output)} (step {loaded.Step}, {loaded.Config.Model.Arch}/{loaded.Config.Objective.Kind})");
            return 0;
        });
        return command;
    }
}
