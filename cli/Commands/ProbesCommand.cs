// `babylm probes ls|export`: list the paradigms of probe suites (built-in, BLiMP, Zorro), and write the
// built-in suite as BLiMP-format JSONL for other tools.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BabyLm.Core;
using BabyLm.Corpus.Probes;

namespace BabyLm.Cli.Commands;

internal static class ProbesCommand
{
    public static Command Create() => new("probes", "Grammaticality probe suites: the built-in one, BLiMP (and its supplement), Zorro.")
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
            Description = "Suites to list: builtin, blimp:<dir>, zorro:<dir>, comma-separated.",
            DefaultValueFactory = _ => "builtin",
        };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var seed = SeedOption();
        var pairs = PairsOption();
        var command = new Command("ls", "List each suite's paradigms with phenomenon, field and pair count, and the suite's version.\n\n"
            + "Examples:\n  babylm probes ls\n  babylm probes ls --suite blimp:data/blimp_filtered,zorro:data/zorro --json")
        {
            suite, json, seed, pairs,
        };
        command.SetAction(parse =>
        {
            var options = new BuiltinProbeOptions { Seed = parse.GetValue(seed), PairsPerParadigm = parse.GetValue(pairs) };
            var suites = ProbeSuites.Load(parse.GetValue(suite)!, options);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                var list = suites.Select(s => new
                {
                    s.Name,
                    s.Spec,
                    s.Version,
                    s.ContentHash,
                    s.Generator,
                    Paradigms = s.Paradigms.Select(p => new { p.Uid, p.Phenomenon, p.Field, Pairs = p.Pairs.Count, p.Contrast }),
                    s.Notes,
                });
                output.WriteLine(JsonSerializer.Serialize(list, Json.Pretty));
                return 0;
            }
            foreach (var s in suites)
            {
                output.WriteLine($"{s.Spec}: {s.Paradigms.Count} paradigms, {s.Phenomena.Count} phenomena, {N(s.PairCount)} pairs, version {s.Version}");
                // Each column as wide as its widest cell or its header, and two spaces apart.
                int width = Math.Max("paradigm".Length, s.Paradigms.Max(p => p.Uid.Length)) + 2;
                int pwidth = Math.Max("phenomenon".Length, s.Paradigms.Max(p => p.Phenomenon.Length)) + 2;
                int fwidth = Math.Max("field".Length, s.Paradigms.Max(p => (p.Field ?? "-").Length)) + 2;
                output.WriteLine($"  {"paradigm".PadRight(width)}{"phenomenon".PadRight(pwidth)}{"field".PadRight(fwidth)}{"pairs",7}");
                foreach (var p in s.Paradigms)
                    output.WriteLine($"  {p.Uid.PadRight(width)}{p.Phenomenon.PadRight(pwidth)}{(p.Field ?? "-").PadRight(fwidth)}{N(p.Pairs.Count),7}");
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
