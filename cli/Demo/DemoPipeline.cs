// The main job on the built-in defaults, end to end: synthesize the child-directed corpus, train its
// tokenizer and token shards, run the curriculum sweep of experiments/configs/demo.yaml on this machine,
// score the n-gram baselines, collect, and write the report. Every step finds what an earlier run of
// the demo already made (corpus, cache, finished runs), so an interrupted demo resumes where it stopped
// and a finished one only re-reports — with the same numbers.
using System.CommandLine;
using System.Text.Json;
using BabyLm.Analysis;
using BabyLm.Cli.Commands;
using BabyLm.Core;
using BabyLm.Corpus.Language;
using BabyLm.Corpus.Reading;
using BabyLm.Experiments.Evaluation;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Sweeps;
using BabyLm.Experiments.Training;

namespace BabyLm.Cli.Demo;

internal sealed record DemoOptions
{
    /// <summary>Where sweeps live: the demo writes runs/demo (the sweep) and runs/demo-data (corpus, cache).</summary>
    public string RunsRoot { get; init; } = "runs";
    /// <summary>The sweep spec (default: configs/demo.yaml shipped beside the tool).</summary>
    public string? Spec { get; init; }
    /// <summary>Words of the synthesized corpus.</summary>
    public long Words { get; init; } = 1_000_000;
    public long Seed { get; init; } = 1;
    public int? Workers { get; init; }
}

internal static class DemoPipeline
{
    public static string DefaultSpec => Path.Combine(AppContext.BaseDirectory, "configs", "demo.yaml");

    public static int Run(ParseResult parse, DemoOptions options)
    {
        var o = parse.InvocationConfiguration.Output;
        var specSource = options.Spec ?? DefaultSpec;
        InputPath.RequireFile(specSource, "demo spec", "pass --spec <sweep.yaml>");
        var dataDir = Path.GetFullPath(Path.Combine(options.RunsRoot, "demo-data"));
        Directory.CreateDirectory(dataDir);

        // The spec sits beside the corpus it names (data.corpus is relative to the spec's folder).
        var spec = Path.Combine(dataDir, Path.GetFileName(specSource));
        var text = File.ReadAllText(specSource);
        if (!File.Exists(spec) || File.ReadAllText(spec) != text) AtomicFile.WriteAllText(spec, text);
        var plan = SweepPlan.Load(spec);
        var data = plan.Runs[0].Config.Data;
        var corpus = RunData.ResolvePath(data.Corpus, dataDir);

        o.WriteLine($"1/5 corpus: {options.Words:N0} words of the built-in child-directed language → {corpus}");
        EnsureCorpus(corpus, options);
        o.WriteLine("2/5 tokenizer and token shards (cached)");
        var resolved = RunData.Resolve(data, dataDir, line => o.WriteLine("    " + line), threads: 0);
        o.WriteLine($"    vocabulary {resolved.Tokenizer.VocabSize}, {resolved.Shards.Splits.Single(s => s.Role == "train").Tokens:N0} train tokens");

        o.WriteLine($"3/5 sweep '{plan.Spec.Name}': {plan.Runs.Count} runs");
        var store = SweepStore.Prepare(plan, options.RunsRoot, note => o.WriteLine("    " + note));
        var launcher = BabyLmLauncher.ForDll(typeof(DemoPipeline).Assembly.Location);
        int code = SweepCommand.Local(parse, store, plan, launcher, options.Workers, threadsPerRun: null, oversubscribe: false,
            retryFailed: true, failFast: false);
        if (code != CliApp.ExitOk)
        {
            o.WriteLine("the sweep did not finish; run `make demo` again to resume it");
            return code;
        }

        o.WriteLine("4/5 n-gram baselines fit on the same corpus");
        var suites = Suites.LoadAll(plan.Runs[0].Config.Eval.Probes);
        var lines = Baselines.Compute(corpus, null, CleaningProfile.Parse(data.Cleaning), suites, ProbeEvaluator.ParseTies(plan.Runs[0].Config.Eval.Ties));
        AtomicFile.WriteAllText(Path.Combine(store.Dir, RunFiles.Baselines), string.Concat(lines.Select(l => JsonSerializer.Serialize(l, Json.Line) + "\n")));

        o.WriteLine("5/5 report");
        var report = Reporter.Write(new ReportRequest { SweepDir = store.Dir, By = "name", Baseline = "random" });
        o.WriteLine();
        o.Write(report.MainTable());
        foreach (var w in report.Analysis.Warnings) o.WriteLine($"note: {w}");
        o.WriteLine();
        o.WriteLine($"report: {Path.Combine(report.OutDir, "report.md")} (tables/ and plots/ beside it)");
        return CliApp.ExitOk;
    }

    /// <summary>Synthesizes the corpus unless the one there was made with the same words, seed and generator.</summary>
    private static void EnsureCorpus(string corpus, DemoOptions options)
    {
        var manifest = Directory.Exists(corpus) ? CorpusManifest.TryRead(corpus) : null;
        bool current = manifest is not null && manifest.WordsRequested == options.Words && manifest.Seed == options.Seed
            && (string?)manifest.Generator?["name"] == SyntheticCorpus.GeneratorName
            && (string?)manifest.Generator?["version"] == SyntheticCorpus.GeneratorVersion;
        if (current) return;
        SyntheticCorpus.Write(new SynthRequest { Words = options.Words, Out = corpus, Seed = options.Seed, Force = true });
    }
}
