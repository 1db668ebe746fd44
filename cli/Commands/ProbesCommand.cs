// `babylm probes ls|export|check`: list the paradigms of probe suites (built-in, BLiMP, Zorro, the BabyLM
// zero-shot tasks), write the
// built-in suite as BLiMP-format JSONL for other tools, and check any suite for paradigms that sentence
// length, final punctuation or word frequency decides.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BabyLm.Core;
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Text;
using BabyLm.Corpus.Tokenization;
using BabyLm.Corpus.ZeroShot;

namespace BabyLm.Cli.Commands;

internal static class ProbesCommand
{
    public static Command Create() => new("probes", "Probe suites: the built-in one, BLiMP (and its supplement), Zorro, and the BabyLM zero-shot tasks; "
        + "list them, export the built-in one, check the minimal-pair ones for paradigms that length, punctuation or word frequency decides.")
    {
        Ls(), Export(), Check(),
    };

    /// <summary>Exit code of <c>probes check --strict</c> when a paradigm or phenomenon is confounded.</summary>
    public const int ExitConfounded = 3;

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
                    Paradigms = s.Groups.Select(p => new { p.Uid, p.Phenomenon, p.Field, Pairs = p.Items.Count, Candidates = p.Items.Max(i => i.Candidates.Count), Design = DesignOf(s.Name, p.Uid) }),
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
                // Each column as wide as its widest cell or its header, and two spaces apart.
                int width = Math.Max("paradigm".Length, s.Groups.Max(p => p.Uid.Length)) + 2;
                int pwidth = Math.Max("phenomenon".Length, s.Groups.Max(p => p.Phenomenon.Length)) + 2;
                int fwidth = Math.Max("field".Length, s.Groups.Max(p => (p.Field ?? "-").Length)) + 2;
                // Minimal pairs keep their four columns; other tasks add how many candidates an item ranks.
                bool pairs = s.IsMinimalPairs;
                output.WriteLine($"  {"paradigm".PadRight(width)}{"phenomenon".PadRight(pwidth)}{"field".PadRight(fwidth)}{(pairs ? "pairs" : "items"),7}{(pairs ? "" : $"{"candidates",12}")}");
                foreach (var p in s.Groups)
                {
                    int lo = p.Items.Min(i => i.Candidates.Count), hi = p.Items.Max(i => i.Candidates.Count);
                    var candidates = pairs ? "" : $"{(lo == hi ? $"{lo}" : $"{lo}–{hi}"),12}";
                    output.WriteLine($"  {p.Uid.PadRight(width)}{p.Phenomenon.PadRight(pwidth)}{(p.Field ?? "-").PadRight(fwidth)}{N(p.Items.Count),7}{candidates}");
                }
                if (s.Generator is not null) output.WriteLine($"  generator: {s.Generator}");
                foreach (var note in s.Notes) output.WriteLine($"  note: {note}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>How a built-in paradigm's bad twins are made (substitution or permutation); null for a loaded suite.</summary>
    private static PairDesign? DesignOf(string suite, string uid)
        => suite == "builtin" ? BuiltinSuite.Catalogue.FirstOrDefault(i => i.Uid == uid)?.Design : null;

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

    private static Command Check()
    {
        var suite = new Argument<string>("suite") { Description = "Suites to check: builtin, blimp:<dir>, zorro:<dir>, comma-separated." };
        var corpus = new Option<string?>("--corpus")
        {
            Description = "Corpus whose train split the reference models (unigram, bigram, final marks, BPE) are fit on; "
                + "default: the built-in corpus, synthesized (--synth-words, --synth-seed).",
        };
        var split = CorpusCommand.SplitOption();
        var cleaning = CorpusCommand.CleaningOption();
        var synthWords = new Option<string>("--synth-words") { Description = "Words of the built-in reference corpus (without --corpus).", DefaultValueFactory = _ => "1M" };
        var synthSeed = new Option<long>("--synth-seed") { Description = "Seed of the built-in reference corpus.", DefaultValueFactory = _ => 0 };
        var tokenizer = new Option<string?>("--tokenizer")
        {
            Description = "tokenizer.json whose token counts the length-only scorer compares (your model's); "
                + $"default: a BPE of --vocab tokens trained on the reference corpus.",
        };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary of the BPE trained when no --tokenizer is given.", DefaultValueFactory = _ => SurfaceReference.DefaultVocab };
        var json = new Option<bool>("--json") { Description = "Print the reports as JSON instead of tables." };
        var output = new Option<string?>("--out") { Description = "Also write the reports as JSON to this file." };
        var strict = new Option<bool>("--strict") { Description = $"Exit with {ExitConfounded} when any paradigm or phenomenon is confounded." };
        var seed = SeedOption();
        var pairs = PairsOption();
        var limits = ConfoundLimits.Default;
        string chance = $"{100 * limits.ChanceLow:0}-{100 * limits.ChanceHigh:0}%", unigram = $"{100 * limits.UnigramLow:0}-{100 * limits.UnigramHigh:0}%";
        var command = new Command("check", "Check probe suites for confounds. For every paradigm: the share of pairs whose sentences differ in\n"
            + "length, and what a scorer that sees one surface cue scores - the shorter sentence in words, in tokens, the\n"
            + "more common final punctuation mark, the more frequent words (a unigram) - beside a word bigram; ties count\n"
            + $"half. A paradigm is flagged when over {ConfoundCheck.Pct(limits.MaxLengthDiffering, 0)} of its pairs differ in length, when a length or punctuation\n"
            + $"scorer leaves {chance} or the unigram leaves {unigram}; a phenomenon when its unigram mean leaves {chance}.\n"
            + "The reference models are fit on --corpus (default: 1M words of the built-in language); tokens come from\n"
            + $"--tokenizer (default: a BPE trained there). Exit 0 with the report; with --strict, {ExitConfounded} if anything is flagged.\n\n"
            + "Examples:\n  babylm probes check builtin\n"
            + "  babylm probes check blimp:data/blimp --corpus data/babylm-2024 --split train_10M --cleaning childes \\\n"
            + "      --tokenizer runs/a/tokenizer.json\n"
            + "  babylm probes check zorro:data/zorro,blimp:data/my_probes --json --out confounds.json --strict")
        {
            suite, corpus, split, cleaning, synthWords, synthSeed, tokenizer, vocab, json, output, strict, seed, pairs,
        };
        command.SetAction(parse =>
        {
            var options = new BuiltinProbeOptions { Seed = parse.GetValue(seed), PairsPerParadigm = parse.GetValue(pairs) };
            var suites = ProbeSuites.Load(parse.GetValue(suite)!, options);
            BpeTokenizer? given = parse.GetValue(tokenizer) is { } tokPath ? BpeTokenizer.Load(tokPath) : null;
            int v = parse.GetValue(vocab);
            var reference = parse.GetValue(corpus) is { } corpusPath
                ? SurfaceReference.Fit(CorpusLayout.Open(corpusPath), parse.GetValue(split), CleaningProfile.Parse(parse.GetValue(cleaning)!), given, parse.GetValue(tokenizer), v)
                : SurfaceReference.FitBuiltin(Sizes.Parse(parse.GetValue(synthWords)!, "--synth-words"), parse.GetValue(synthSeed), given, parse.GetValue(tokenizer), v);
            var reports = suites.Select(s => ConfoundCheck.Run(s, reference)).ToList();
            var text = JsonSerializer.Serialize(reports, Json.Pretty);
            if (parse.GetValue(output) is { } path) AtomicFile.WriteAllText(path, text + "\n");
            var console = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) console.WriteLine(text);
            else foreach (var r in reports) WriteReport(console, r);
            return parse.GetValue(strict) && reports.Any(r => !r.Clean) ? ExitConfounded : 0;
        });
        return command;
    }

    private static void WriteReport(TextWriter o, ConfoundReport r)
    {
        o.WriteLine($"{r.Spec}: {r.Paradigms.Count} paradigms, version {r.Version}{(r.Generator is null ? "" : $" ({r.Generator})")}");
        o.WriteLine($"  reference: {r.Reference}; tokenizer: {r.Tokenizer}");
        o.WriteLine("  accuracy (%) of scorers that see one cue; ties count half; ! marks a figure outside its limit");
        int width = Math.Max("paradigm".Length, r.Paradigms.Max(p => p.Uid.Length)) + 2;
        o.WriteLine($"  {"paradigm".PadRight(width)}{"pairs",6}{"len-diff",10}{"shorter-w",11}{"shorter-t",11}{"punct-diff",12}{"punct",8}{"unigram",9}{"bigram",8}");
        var lim = r.Limits;
        foreach (var p in r.Paradigms)
        {
            o.WriteLine($"  {p.Uid.PadRight(width)}{p.Pairs,6}"
                + Cell(p.LengthDiffering, 10, p.LengthDiffering > lim.MaxLengthDiffering, 0)
                + Cell(p.ShorterInWords, 11, Outside(p.ShorterInWords, lim.ChanceLow, lim.ChanceHigh))
                + Cell(p.ShorterInTokens, 11, Outside(p.ShorterInTokens, lim.ChanceLow, lim.ChanceHigh))
                + Cell(p.PunctuationDiffering, 12, false, 0)
                + Cell(p.Punctuation, 8, Outside(p.Punctuation, lim.ChanceLow, lim.ChanceHigh))
                + Cell(p.Unigram, 9, Outside(p.Unigram, lim.UnigramLow, lim.UnigramHigh))
                + Cell(p.Bigram, 8, false));
        }
        int pw = Math.Max("phenomenon".Length, r.Phenomena.Max(p => p.Phenomenon.Length)) + 2;
        o.WriteLine("  phenomena (unweighted means over paradigms)");
        o.WriteLine($"  {"phenomenon".PadRight(pw)}{"paradigms",10}{"shorter-w",11}{"shorter-t",11}{"punct",8}{"unigram",9}{"bigram",8}");
        foreach (var p in r.Phenomena)
        {
            o.WriteLine($"  {p.Phenomenon.PadRight(pw)}{p.Paradigms,10}" + Cell(p.ShorterInWords, 11, false) + Cell(p.ShorterInTokens, 11, false)
                + Cell(p.Punctuation, 8, false) + Cell(p.Unigram, 9, p.Confounded) + Cell(p.Bigram, 8, false));
        }
        if (r.Clean)
        {
            o.WriteLine($"  no confound found in {r.Paradigms.Count} paradigms and {r.Phenomena.Count} phenomena");
            return;
        }
        o.WriteLine($"  confounded: {r.ConfoundedParadigms} of {r.Paradigms.Count} paradigms, {r.ConfoundedPhenomena} of {r.Phenomena.Count} phenomena");
        foreach (var p in r.Paradigms.Where(p => p.Confounded)) o.WriteLine($"    {p.Uid}: {string.Join("; ", p.Flags)}");
        foreach (var p in r.Phenomena.Where(p => p.Confounded)) o.WriteLine($"    {p.Phenomenon} (phenomenon): {string.Join("; ", p.Flags)}");
    }

    private static bool Outside(double x, double lo, double hi) => x < lo - 1e-12 || x > hi + 1e-12;

    private static string Cell(double x, int width, bool flagged, int decimals = 1)
        => ((100 * x).ToString(decimals == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + (flagged ? "!" : " ")).PadLeft(width);

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
