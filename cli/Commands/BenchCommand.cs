// `babylm bench <suite>|all [--json] [--threads N]`: check, then time, each suite's kernels and pipelines.
using System.CommandLine;
using BabyLm.Experiments.Bench;

namespace BabyLm.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Validate, then time, the tool's kernels and pipelines against their baselines.\n\n"
            + "Examples:\n  babylm bench all\n  babylm bench corpus --json > corpus.jsonl");
        foreach (var suite in BenchSuites.All)
            command.Subcommands.Add(SuiteCommand(suite.Name, suite.Description, [suite]));
        command.Subcommands.Add(SuiteCommand("all", "every suite in turn", BenchSuites.All));
        return command;
    }

    private static Command SuiteCommand(string name, string description, IReadOnlyList<IBenchSuite> suites)
    {
        var json = new Option<bool>("--json") { Description = "Also write one JSON object per measurement to stdout (human lines go to stderr)." };
        var threads = new Option<int>("--threads") { Description = "Threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var quick = new Option<bool>("--quick") { Description = "Small sizes and few rounds: checks the suite runs, not the speed." };
        var command = new Command(name, description) { json, threads, quick };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            bool asJson = parse.GetValue(json);
            var context = new BenchContext(asJson ? parse.InvocationConfiguration.Error : output, asJson ? output : null,
                parse.GetValue(threads), parse.GetValue(quick));
            foreach (var suite in suites)
            {
                context.Info($"== {suite.Name}: {suite.Description}");
                suite.Run(context);
            }
            int missed = context.Results.Count(r => r.MeetsTarget == false);
            context.Info(missed == 0 ? "all targets met" : $"{missed} target(s) missed (reported above)");
            return 0;
        });
        return command;
    }
}
