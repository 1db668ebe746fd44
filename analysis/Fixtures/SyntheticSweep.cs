// A generated sweep directory for tests, benchmarks and examples: real RunConfig YAML (canonical form,
// id = its short hash), run.json, metrics.jsonl, probes.jsonl and baselines.jsonl exactly as the
// run-directory contract (experiments/Runs/RunFiles.cs) describes, with conditions × seeds done, plus
// optionally one run still running (with a torn last metrics line, as a killed writer leaves) and one
// failed run. Accuracies follow a saturating learning curve with a per-condition, per-phenomenon
// effect, a per-seed effect shared by all conditions (what pairing by seed removes) and per-run noise;
// counts are whole pairs, so accuracy = (correct + ties/2) / pairs holds on every line.
using System.Text;
using System.Text.Json;
using BabyLm.Core;
using BabyLm.Corpus.Curricula;
using BabyLm.Engine.Models;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Training;

namespace BabyLm.Analysis.Fixtures;

public sealed record SyntheticSweepOptions
{
    /// <summary>The conditions: values of curriculum.order.</summary>
    public IReadOnlyList<string> Orders { get; init; } = ["random", "corpus", "source"];
    public int Seeds { get; init; } = 3;
    /// <summary>A second grid key: model.layers values (each adds a full orders × seeds block).</summary>
    public IReadOnlyList<int> Layers { get; init; } = [2];
    /// <summary>Probe evaluations per finished run (evenly spaced in words).</summary>
    public int Evaluations { get; init; } = 5;
    /// <summary>metrics.jsonl lines per evaluation interval (the last of each carries dev_loss).</summary>
    public int MetricsPerEvaluation { get; init; } = 4;
    /// <summary>Paradigms in the suite, spread over up to 12 BLiMP phenomena.</summary>
    public int Paradigms { get; init; } = 8;
    public int PairsPerParadigm { get; init; } = 200;
    public long WordsPerEvaluation { get; init; } = 200_000;
    public string Suite { get; init; } = "builtin";
    public bool AddRunning { get; init; } = true;
    public bool AddFailed { get; init; } = true;
    public bool AddBaselines { get; init; } = true;
    /// <summary>Seed of the generator (not of the runs).</summary>
    public int GeneratorSeed { get; init; } = 7;
}

/// <summary>What was written: run ids by role.</summary>
public sealed record SyntheticSweepInfo(string Dir, IReadOnlyList<string> DoneRuns, string? RunningRun, string? FailedRun);

public static class SyntheticSweep
{
    private static readonly (string Phenomenon, string Field)[] s_phenomena =
    [
        ("anaphor_agreement", "morphology"), ("argument_structure", "syntax"), ("binding", "syntax_semantics"),
        ("control_raising", "syntax_semantics"), ("determiner_noun_agreement", "morphology"), ("ellipsis", "syntax"),
        ("filler_gap_dependency", "syntax"), ("irregular_forms", "morphology"), ("island_effects", "syntax"),
        ("npi_licensing", "semantics"), ("quantifiers", "semantics"), ("subject_verb_agreement", "morphology"),
    ];

    public static SyntheticSweepInfo Write(string dir, SyntheticSweepOptions? options = null)
    {
        var o = options ?? new SyntheticSweepOptions();
        Directory.CreateDirectory(dir);
        var rng = new Random(o.GeneratorSeed);
        var paradigms = Enumerable.Range(0, o.Paradigms).Select(i =>
        {
            var (phen, field) = s_phenomena[i % s_phenomena.Length];
            return (Name: $"{phen}_{i / s_phenomena.Length + 1}", Phenomenon: phen, Field: field, Ceiling: 0.62 + 0.3 * rng.NextDouble());
        }).ToArray();
        // Condition effects: an overall shift plus a per-phenomenon one; the first condition is the reference.
        var effect = new double[o.Orders.Count, s_phenomena.Length];
        for (int c = 1; c < o.Orders.Count; c++)
        {
            double overall = 0.015 * c * (c % 2 == 0 ? -1 : 1);
            for (int p = 0; p < s_phenomena.Length; p++) effect[c, p] = overall + 0.03 * Normal(rng);
        }
        var seedEffect = Enumerable.Range(0, o.Seeds + 1).Select(_ => 0.02 * Normal(rng)).ToArray();

        AtomicFile.WriteAllText(Path.Combine(dir, SweepDirectory.Spec),
            $"# synthetic sweep (generated)\nname: {Path.GetFileName(Path.GetFullPath(dir))}\ngrid:\n  curriculum.order: [{string.Join(", ", o.Orders)}]\n"
            + $"  model.layers: [{string.Join(", ", o.Layers)}]\n"
            + $"seeds: [{string.Join(", ", Enumerable.Range(1, o.Seeds))}]\n");

        var done = new List<string>();
        foreach (var layers in o.Layers)
            for (int c = 0; c < o.Orders.Count; c++)
                for (int s = 1; s <= o.Seeds; s++)
                    done.Add(WriteRun(dir, o, paradigms, effect, c, s, layers, seedEffect[s - 1], rng, RunFiles.Status.Done, o.Evaluations));
        int l0 = o.Layers[0];
        string? running = o.AddRunning ? WriteRun(dir, o, paradigms, effect, 0, o.Seeds + 1, l0, seedEffect[o.Seeds], rng, RunFiles.Status.Running, Math.Max(1, o.Evaluations / 2)) : null;
        string? failed = o.AddFailed && o.Orders.Count > 1 ? WriteRun(dir, o, paradigms, effect, 1, o.Seeds + 1, l0, seedEffect[o.Seeds], rng, RunFiles.Status.Failed, 0) : null;

        if (o.AddBaselines)
        {
            var sb = new StringBuilder();
            foreach (var (name, level) in new[] { ("unigram", 0.52), ("bigram", 0.58) })
                foreach (var p in paradigms)
                {
                    var (correct, ties, acc) = Counts(level + 0.08 * Normal(rng), o.PairsPerParadigm, rng);
                    sb.Append(JsonSerializer.Serialize(new ProbeLine
                    {
                        Baseline = name, Step = 0, WordsSeen = o.WordsPerEvaluation * o.Evaluations, Suite = o.Suite, SuiteVersion = "v1", Paradigm = p.Name, Phenomenon = p.Phenomenon, Field = p.Field,
                        Pairs = o.PairsPerParadigm, Correct = correct, Ties = ties, Accuracy = acc, Scorer = $"{name}-sum", TieMode = "half",
                    }, Json.Line)).Append('\n');
                }
            AtomicFile.WriteAllText(Path.Combine(dir, SweepDirectory.Baselines), sb.ToString());
        }
        return new SyntheticSweepInfo(dir, done, running, failed);
    }

    private static string WriteRun(string sweepDir, SyntheticSweepOptions o, (string Name, string Phenomenon, string Field, double Ceiling)[] paradigms,
        double[,] effect, int condition, int seed, int layers, double seedEffect, Random rng, string status, int evaluations)
    {
        long totalWords = o.Evaluations * o.WordsPerEvaluation;
        long stepsPerEval = 100, totalSteps = o.Evaluations * stepsPerEval;
        var config = new RunConfig
        {
            Name = "synthetic",
            Seed = seed,
            Threads = 2,
            Data = new DataConfig { Corpus = "data/synthetic-1M", Vocab = 4096 },
            Model = new ModelConfig { Layers = layers, Heads = 4, Width = 128, Context = 64 },
            Budget = new BudgetConfig { Steps = totalSteps },
            Eval = new EvalConfig { Probes = [o.Suite], ProbesEverySteps = (int)stepsPerEval },
            Curriculum = new CurriculumConfig { Order = o.Orders[condition] },
        };
        var canonical = YamlConfig.Canonical(config);
        var id = RunIdentity.ShortId(config);
        var runDir = Path.Combine(sweepDir, id);
        Directory.CreateDirectory(runDir);
        AtomicFile.WriteAllText(Path.Combine(runDir, RunFiles.Config), canonical);

        var started = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero).AddMinutes(7 * (condition * 10 + seed) + 600 * (layers - 2));
        var metrics = new StringBuilder();
        var probes = new StringBuilder();
        int metricEvals = status == RunFiles.Status.Failed ? 1 : evaluations;
        long lastStep = 0, lastWords = 0;
        double lastLoss = 0;
        for (int e = 1; e <= metricEvals; e++)
        {
            for (int m = 1; m <= o.MetricsPerEvaluation; m++)
            {
                long step = (e - 1) * stepsPerEval + m * stepsPerEval / o.MetricsPerEvaluation;
                long words = step * o.WordsPerEvaluation / stepsPerEval;
                double progress = (double)words / totalWords;
                double loss = 3.2 + 4.5 * Math.Exp(-6 * progress) + 0.05 * Normal(rng) - 0.02 * condition;
                bool dev = m == o.MetricsPerEvaluation;
                metrics.Append(JsonSerializer.Serialize(new MetricsLine
                {
                    Step = step, WordsSeen = words, TokensSeen = words * 13 / 10, Loss = loss,
                    DevLoss = dev ? loss + 0.15 + 0.03 * Normal(rng) : null, Lr = 1e-3 * (1 - 0.9 * progress), GradNorm = 0.5 + rng.NextDouble(),
                    Epoch = (int)(progress * 3), TokensPerS = 40_000 + 1000 * Normal(rng), ElapsedS = step * 0.4,
                }, Json.Line)).Append('\n');
                (lastStep, lastWords, lastLoss) = (step, words, loss);
            }
            if (status == RunFiles.Status.Failed) break;
            long evalStep = e * stepsPerEval, evalWords = e * o.WordsPerEvaluation;
            double learned = 1 - Math.Exp(-4.0 * evalWords / totalWords);
            foreach (var p in paradigms)
            {
                int phen = Array.FindIndex(s_phenomena, x => x.Phenomenon == p.Phenomenon);
                double target = 0.5 + (p.Ceiling - 0.5 + effect[condition, phen] + seedEffect + 0.01 * (layers - 2)) * learned + 0.012 * Normal(rng);
                var (correct, ties, acc) = Counts(target, o.PairsPerParadigm, rng);
                probes.Append(JsonSerializer.Serialize(new ProbeLine
                {
                    Step = evalStep, WordsSeen = evalWords, Suite = o.Suite, SuiteVersion = "v1", Paradigm = p.Name, Phenomenon = p.Phenomenon,
                    Field = p.Field, Pairs = o.PairsPerParadigm, Correct = correct, Ties = ties, Accuracy = acc, Scorer = "clm-sum",
                    TieMode = "half", Full = e == o.Evaluations,
                }, Json.Line)).Append('\n');
            }
        }
        if (status == RunFiles.Status.Running) metrics.Append("{\"step\": 99999, \"words_se"); // torn: the writer is mid-line
        AtomicFile.WriteAllText(Path.Combine(runDir, RunFiles.Metrics), metrics.ToString());
        if (probes.Length > 0) AtomicFile.WriteAllText(Path.Combine(runDir, RunFiles.Probes), probes.ToString());

        new RunInfo
        {
            Id = id, Sweep = Path.GetFileName(Path.GetFullPath(sweepDir)), ConfigHash = Hashing.Sha256Hex(RunIdentity.Of(config)), Status = status,
            Error = status == RunFiles.Status.Failed ? "data path 'data/synthetic-1M' does not exist" : null,
            GitCommit = "3f2a9c1d0b7e", DotnetVersion = "10.0.0", Cpu = "Synthetic CPU @ 3.0GHz", Isa = "avx2", Threads = 2, Host = "fixture-host",
            StartedAt = started, EndedAt = status == RunFiles.Status.Running ? null : started.AddSeconds(lastStep * 0.4 + 5),
            Step = lastStep, TotalSteps = totalSteps, WordsSeen = lastWords, Loss = lastLoss, Attempts = 1,
        }.Write(runDir);
        if (status == RunFiles.Status.Done) AtomicFile.WriteAllText(Path.Combine(runDir, RunFiles.Done), "");
        return id;
    }

    /// <summary>Whole-pair counts near a target accuracy, with a few ties.</summary>
    private static (int Correct, int Ties, double Accuracy) Counts(double target, int pairs, Random rng)
    {
        target = Math.Clamp(target, 0.02, 0.98);
        int ties = rng.Next(0, Math.Max(1, pairs / 50));
        int correct = Math.Clamp((int)Math.Round(target * pairs - ties / 2.0), 0, pairs - ties);
        return (correct, ties, (correct + 0.5 * ties) / pairs);
    }

    private static double Normal(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
