// `babylm validate <file>`: check a sweep spec (every run it expands to) or a run config without running
// anything; every problem is reported at once with its key path.
using System.CommandLine;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Sweeps;
using BabyLm.Experiments.Training;

namespace BabyLm.Cli.Commands;

internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A sweep spec or a run config (YAML)." };
        var set = new Option<string[]>("--set") { Description = "Set a key (in every run of a sweep), as train and sweep do (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("validate", "Check a sweep spec (all its runs) or a run config; report every problem at once, with file:line and key path.\n"
            + "Also checks each run fits in memory (parameters, gradients, AdamW moments and activations against this machine's memory).\n\n"
            + "Examples:\n  babylm validate experiments/configs/tiny.yaml --set data.corpus=data/synth10M\n"
            + "  babylm validate experiments/configs/strict-small.yaml --set data.corpus=/data/babylm-2024")
        {
            file, set,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var overrides = parse.GetValue(set) ?? [];
            var output = parse.InvocationConfiguration.Output;
            if (SweepSpec.LooksLikeSpec(YamlConfig.ParseFile(path)))
            {
                var plan = SweepPlan.Load(path, overrides);
                foreach (var w in plan.Warnings) parse.InvocationConfiguration.Error.WriteLine($"warning: {w}");
                foreach (var run in plan.Runs) MemoryEstimate.Check(run.Config, MemoryEstimate.VocabOf(run.Config, plan.Spec.Dir), $"{path}: run {run.Id} ({run.Label})");
                var axes = string.Join(" × ", plan.Spec.Axes.Select(a => $"{a.Label} ({a.Points.Count})"));
                output.WriteLine($"ok: sweep {plan.Spec.Name}: {plan.Runs.Count} runs ({plan.Excluded} excluded){(axes.Length > 0 ? $" from {axes}" : "")}");
            }
            else
            {
                var config = ConfigPaths.LoadRunConfig(path, overrides);
                var configDir = Path.GetDirectoryName(Path.GetFullPath(path));
                int vocab = MemoryEstimate.VocabOf(config, configDir);
                MemoryEstimate.Check(config, vocab, path);
                var (b, t) = MemoryEstimate.BatchShape(config);
                var needs = MemoryEstimate.Of(config.Model, vocab, b, t);
                output.WriteLine($"ok: run config {config.Name}, id {RunIdentity.ShortId(config)}; "
                    + $"≈ {needs.Parameters / 1e6:0.##}M parameters, training needs ≈ {MemoryNeeds.Size(needs.Bytes)} of {MemoryNeeds.Size(MemoryEstimate.Available())}");
            }
            return CliApp.ExitOk;
        });
        return command;
    }
}
