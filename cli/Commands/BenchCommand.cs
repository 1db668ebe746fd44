// `babylm bench <suite>|all [--json] [--threads N] [--device cpu|cuda]`: check, then time, each suite.
using System.CommandLine;
using BabyLm.Analysis;
using BabyLm.Experiments.Bench;

namespace BabyLm.Cli.Commands;

internal static class BenchCommand
{
    /// <summary>Every suite, in the order `bench all` runs them: the experiments layer's, then the report's.</summary>
    private static readonly IReadOnlyList<IBenchSuite> Suites = [.. BenchSuites.All, new ReportBench()];

    public static Command Create()
    {
        var command = new Command("bench", "Validate, then time, the tool's kernels and pipelines against their baselines.\n\n"
            + "Examples:\n  babylm bench all\n  babylm bench corpus --json > corpus.jsonl\n  babylm bench attention --device cuda");
        foreach (var suite in Suites)
            command.Subcommands.Add(SuiteCommand(suite.Name, suite.Description, [suite]));
        command.Subcommands.Add(SuiteCommand("all", "every suite in turn", Suites));
        return command;
    }

    // With --device cuda, the GPU variant of each suite (of each that has one, for `all`).
    private static IEnumerable<IBenchSuite> OnDevice(string name, IReadOnlyList<IBenchSuite> suites, string device)
    {
        if (device != "cuda") return suites;
        var withCuda = suites.OfType<ICudaBenchSuite>().ToList();
        if (name != "all" && withCuda.Count == 0)
            throw new BabyLmException($"bench {name} has no CUDA variant.",
                $"suites with one: {string.Join(", ", Suites.OfType<ICudaBenchSuite>().Select(s => s.Name))}.");
        return withCuda.Select(s => s.OnCuda());
    }

    private static Command SuiteCommand(string name, string description, IReadOnlyList<IBenchSuite> suites)
    {
        var json = new Option<bool>("--json") { Description = "Also write one JSON object per measurement to stdout (human lines go to stderr)." };
        var threads = new Option<int>("--threads") { Description = "Threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var quick = new Option<bool>("--quick") { Description = "Small sizes and few rounds: checks the suite runs, not the speed." };
        var device = new Option<string>("--device")
        {
            Description = $"cpu, or cuda: the GPU variant, where there is one ({string.Join(", ", Suites.OfType<ICudaBenchSuite>().Select(s => s.Name))}).",
            DefaultValueFactory = _ => "cpu",
        };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var command = new Command(name, description) { json, threads, quick, device };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            bool asJson = parse.GetValue(json);
            var context = new BenchContext(asJson ? parse.InvocationConfiguration.Error : output, asJson ? output : null,
                parse.GetValue(threads), parse.GetValue(quick));
            foreach (var suite in OnDevice(name, suites, parse.GetValue(device)!))
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
