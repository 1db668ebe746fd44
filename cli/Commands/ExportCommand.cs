// `babylm export <run-dir> --format hf --out DIR`: the model of a run's latest checkpoint as
// model.safetensors + config.json + tokenizer.json in Hugging Face naming. With --milestones, every
// word-milestone checkpoint in one folder per branch the BabyLM 2025 rules name (chck_1M, …, chck_100M,
// …), plus main/ and a README.md with the commands that push them.
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
        var force = new Option<bool>("--force")
        {
            Description = "Replace the model files of another export in --out (other files there are kept); with --milestones, replace the whole folder.",
        };
        var milestones = new Option<bool>("--milestones")
        {
            Description = "Every milestone checkpoint (checkpoint.milestones: true keeps them) as <out>/chck_<N>M/, plus <out>/main/: the branches the BabyLM 2025 rules ask for.",
        };
        var command = new Command("export", "Export a trained model for Hugging Face transformers and the BabyLM evaluation pipeline.\n\n"
            + "Writes model.safetensors, config.json, tokenizer.json and tokenizer_config.json into --out and nothing else. Those files "
            + "of an earlier export are replaced only when they came from the same run (a newer checkpoint), or with --force. With "
            + "--milestones, one such folder per milestone checkpoint (chck_1M, …), main/ and a README.md, written as one new folder.\n\n"
            + "Examples:\n  babylm export runs/tiny --format hf --out exports/tiny\n  babylm export runs/strict-small/3f9a1c2b7d --milestones --out exports/branches")
        {
            run, format, output, force, milestones,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var outDir = parse.GetValue(output)!;
            if (parse.GetValue(milestones))
            {
                var result = MilestoneExport.Write(parse.GetValue(run)!, outDir, parse.GetValue(force));
                foreach (var r in result.Revisions) o.WriteLine($"  {r.Revision,-11} step {r.Step:N0}, {r.WordsSeen:N0} words seen");
                o.WriteLine($"wrote {outDir}: {result.Revisions.Count - 1} milestone checkpoint(s) and main/; push them with the commands in {Path.Combine(outDir, "README.md")}");
                if (result.Missing.Count > 0)
                    parse.InvocationConfiguration.Error.WriteLine($"note: no checkpoint for {string.Join(", ", result.Missing)} (was checkpoint.milestones on from the start of training?)");
                return 0;
            }
            var loaded = RunModel.Load(parse.GetValue(run)!, device: "cpu");  // export reads parameters only: no GPU needed
            using (loaded)
            {
                var hash = BabyLm.Core.Hashing.Sha256Hex(RunIdentity.Of(loaded.Config));  // the run config hash of run.json and its checkpoints
                HfExport.CheckTarget(outDir, hash, parse.GetValue(force));
                HfExport.Write(loaded.Model, loaded.Config, outDir, loaded.TokenizerPath,
                    new ExportSource(loaded.RunDir, hash, loaded.Step, loaded.WordsSeen));
            }
            o.WriteLine($"wrote {outDir} (step {loaded.Step}, {loaded.Config.Model.Arch}/{loaded.Config.Objective.Kind})");
            return 0;
        });
        return command;
    }
}
