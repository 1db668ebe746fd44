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
        var command = new Command("validate", "Check a sweep spec (all its runs) or a run config; report every problem at once.\n\n"
            + "Examples:\n  babylm validate experiments/configs/tiny.yaml\n  babylm validate sweep.yaml")
        {
            file,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var output = parse.InvocationConfiguration.Output;
            if (SweepSpec.LooksLikeSpec(YamlConfig.ParseFile(path)))
            {
                var plan = SweepPlan.Load(path);
                foreach (var w in plan.Warnings) parse.InvocationConfiguration.Error.WriteLine($"warning: {w}");
                var axes = string.Join(" × ", plan.Spec.Axes.Select(a => $"{a.Label} ({a.Points.Count})"));
                output.WriteLine($"ok: sweep {plan.Spec.Name}: {plan.Runs.Count} runs ({plan.Excluded} excluded){(axes.Length > 0 ? $" from {axes}" : "")}");
            }
            else
            {
                var config = YamlConfig.Load<RunConfig>(path);
                output.WriteLine($"ok: run config {config.Name}, id {YamlConfig.ShortHash(YamlConfig.Canonical(config))}");
            }
            return CliApp.ExitOk;
        });
        return command;
    }
}
