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
        var command = new Command("validate", "Check a sweep spec (all its runs) or a run config; report every problem at once.\n\n"
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
                var axes = string.Join(" × ", plan.Spec.Axes.Select(a => $"{a.Label} ({a.Points.Count})"));
                output.WriteLine($"ok: sweep {plan.Spec.Name}: {plan.Runs.Count} runs ({plan.Excluded} excluded){(axes.Length > 0 ? $" from {axes}" : "")}");
            }
            else
            {
                var config = ConfigPaths.LoadRunConfig(path, overrides);
                output.WriteLine($"ok: run config {config.Name}, id {RunIdentity.ShortId(config)}");
            }
            return CliApp.ExitOk;
        });
        return command;
    }
}
