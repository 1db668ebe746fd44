// `babylm probes ls|export`: list the paradigms of probe suites (built-in, BLiMP, Zorro), and write the
// built-in suite as BLiMP-format JSONL for other tools.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BabyLm.Core;
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.ZeroShot;

namespace BabyLm.Cli.Commands;

internal static class ProbesCommand
{
    public static Command Create() => new("probes", "Probe suites: the built-in one, BLiMP (and its supplement), Zorro, and the BabyLM zero-shot tasks.")
    {
        Ls(), Export(),
    };

    private static Option<long> SeedOption() => new("--seed") { Description = "Seed of the built-in suite.", DefaultValueFactory = _ => 0 };

    private static Option<int> PairsOption() => new("--pairs")
    {
        Description = "Pairs per paradigm of the built-in suite.",
        DefaultValueFactory = _ => BuiltinSuite.DefaultPairs,
    };

    private static Command Ls()
    {
        var suite = new Option<string>("--suite")
        {
            Description = EvalCommand.ProbesHelp,
            DefaultValueFactory = _ => "builtin",
        };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var seed = SeedOption();
        var pairs = PairsOption();
        var command = new Command("ls", "List each suite's paradigms (UIDs) with phenomenon, field and item count, and the suite's version;\n"
            + "for a BabyLM evaluation_data folder, every task in it.\n\n"
            + "Examples:\n  babylm probes ls\n  babylm probes ls --suite blimp:data/blimp_filtered,zorro:data/zorro --json\n"
            + "  babylm probes ls --suite babylm:evaluation_data/fast_eval")
        {
            suite, json, seed, pairs,
        };
        command.SetAction(parse =>
        {
            var options = new BuiltinProbeOptions { Seed = parse.GetValue(seed), PairsPerParadigm = parse.GetValue(pairs) };
            var tasks = ZeroShotTasks.Load(parse.GetValue(suite)!, options);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                var list = tasks.Select(s => new
                {
                    s.Name,
                    s.Spec,
                    s.Version,
                    s.ContentHash,
                    s.Generator,
                    Metric = s.Metric.ToString().ToLowerInvariant(),
                    s.OfficialName,
                    s.Fast,
                    Paradigms = s.Groups.Select(p => new { p.Uid, p.Phenomenon, p.Field, Pairs = p.Items.Count, Candidates = p.Items.Max(i => i.Candidates.Count) }),
                    s.Notes,
                });
                output.WriteLine(JsonSerializer.Serialize(list, Json.Pretty));
                return 0;
            }
            foreach (var s in tasks)
            {
                var phenomena = s.Groups.Select(g => g.Phenomenon).Distinct().Count();
                var kind = s.IsMinimalPairs ? "pairs" : s.Metric == TaskMetric.Spearman ? "items, Spearman ρ against human ratios" : "items";
                var named = s.Spec == s.Name || s.Spec.StartsWith(s.Name + ":", StringComparison.Ordinal) ? "" : $", scored as {s.Name}";
                output.WriteLine($"{s.Spec}: {s.Groups.Count} paradigms, {phenomena} phenomena, {N(s.ItemCount)} {kind}, version {s.Version}{named}");
                int width = Math.Max(8, s.Groups.Max(p => p.Uid.Length)) + 2, pwidth = Math.Max(10, s.Groups.Max(p => p.Phenomenon.Length)) + 2;
                output.WriteLine($"  {"paradigm".PadRight(width)}{"phenomenon".PadRight(pwidth)}{"field",-18}{"items",7}{"candidates",12}");
                foreach (var p in s.Groups)
                {
                    int lo = p.Items.Min(i => i.Candidates.Count), hi = p.Items.Max(i => i.Candidates.Count);
                    output.WriteLine($"  {p.Uid.PadRight(width)}{p.Phenomenon.PadRight(pwidth)}{p.Field ?? "-",-18}{N(p.Items.Count),7}{(lo == hi ? $"{lo}" : $"{lo}–{hi}"),12}");
                }
                if (s.Generator is not null) output.WriteLine($"  generator: {s.Generator}");
                foreach (var note in s.Notes) output.WriteLine($"  note: {note}");
            }
            return 0;
        });
        return command;
    }

    private static Command Export()
    {
        var output = new Option<string>("--out") { Description = "Folder to write (<uid>.jsonl per paradigm, suite.json).", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing output folder." };
        var seed = SeedOption();
        var pairs = PairsOption();
        var command = new Command("export", "Write the built-in suite as BLiMP-format JSONL (one file per paradigm), for the BabyLM\n"
            + "evaluation pipeline or lm-evaluation-harness.\n\n"
            + "Examples:\n  babylm probes export --out data/builtin_blimp\n  babylm probes export --out data/builtin_small --pairs 200 --seed 1")
        {
            output, force, seed, pairs,
        };
        command.SetAction(parse =>
        {
            var options = new BuiltinProbeOptions { Seed = parse.GetValue(seed), PairsPerParadigm = parse.GetValue(pairs) };
            var suite = ProbeSuites.Load(SuiteSpec.Builtin, options);
            var dir = parse.GetValue(output)!;
            BlimpExport.Write(suite, dir, parse.GetValue(force));
            parse.InvocationConfiguration.Output.WriteLine(
                $"wrote {dir}: {suite.Paradigms.Count} paradigms, {N(suite.PairCount)} pairs, version {suite.Version} ({suite.Generator})");
            return 0;
        });
        return command;
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
