// `babylm eval <run-dir|checkpoint> --probes builtin,blimp:<dir>,zorro:<dir>`: score a trained model on
// minimal-pair suites; print a table per suite, write probes.jsonl into the run, and optionally the
// BabyLM submission file and item-level scores.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BabyLm.Core;
using BabyLm.Experiments.Evaluation;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Training;
using Spectre.Console;

namespace BabyLm.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run folder (latest checkpoint) or a checkpoint file." };
        var probes = new Option<string>("--probes") { Description = "Suites: builtin, blimp:<dir>, zorro:<dir> (comma-separated).", DefaultValueFactory = _ => "builtin" };
        var json = new Option<bool>("--json") { Description = "Print results as JSON." };
        var ties = new Option<string>("--ties") { Description = "half (a tie scores 0.5) or babylm (a tie counts as correct, like the official pipelines).", DefaultValueFactory = _ => "half" };
        ties.AcceptOnlyFromAmong("half", "babylm");
        var mean = new Option<bool>("--mean") { Description = "Score by mean log-probability per token instead of the sum." };
        var pll = new Option<string>("--pll") { Description = "Masked models: original or l2r (within_word_l2r).", DefaultValueFactory = _ => "original" };
        pll.AcceptOnlyFromAmong("original", "l2r");
        var submission = new Option<string?>("--submission") { Description = "Write the BabyLM submission JSON (predictions per item) to this file." };
        var scores = new Option<string?>("--scores") { Description = "Write item-level scores (JSONL) to this file." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = the run's setting).", DefaultValueFactory = _ => 0 };
        var device = new Option<string?>("--device") { Description = "cpu or cuda (default: the device the run trained on); a checkpoint scores on either." };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var gpu = new Option<int?>("--gpu") { Description = "With cuda: which GPU (default: the run's)." };
        var command = new Command("eval", "Score a trained model on grammaticality probes (minimal pairs).\n\n"
            + "Examples:\n  babylm eval runs/tiny\n  babylm eval runs/tiny --probes builtin,blimp:data/blimp --ties babylm --scores items.jsonl")
        {
            run, probes, json, ties, mean, pll, submission, scores, threads, device, gpu,
        };
        command.SetAction(parse =>
        {
            // Output paths are checked before the (long) scoring.
            if (parse.GetValue(scores) is { } s0) InputPath.OutputFile(s0, "--scores");
            if (parse.GetValue(submission) is { } s1) InputPath.OutputFile(s1, "--submission");
            using var loaded = RunModel.Load(parse.GetValue(run)!, parse.GetValue(threads), parse.GetValue(device), parse.GetValue(gpu));
            var suites = Suites.LoadAll([parse.GetValue(probes)!]);
            bool causal = loaded.Config.Objective.Kind == "clm";
            var scorer = new ModelSentenceScorer(loaded.Model, loaded.Tokenizer, causal, new ScorerOptions
            {
                Mean = parse.GetValue(mean),
                Pll = parse.GetValue(pll) == "l2r" ? PllVariant.WithinWordL2R : PllVariant.Original,
            });
            var tieMode = ProbeEvaluator.ParseTies(parse.GetValue(ties)!);
            var results = suites.Select(s => ProbeEvaluator.Evaluate(s, scorer, tieMode)).ToList();

            var lines = results.SelectMany(r => r.ToLines(loaded.Step, loaded.WordsSeen, full: true)).ToList();
            EvaluationFiles.ReplaceProbeLines(Path.Combine(loaded.RunDir, RunFiles.Probes), lines);
            if (parse.GetValue(scores) is { } scoresPath) EvaluationFiles.WriteItemScores(scoresPath, results);
            if (parse.GetValue(submission) is { } subPath) EvaluationFiles.WriteSubmission(subPath, results);

            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                o.WriteLine(JsonSerializer.Serialize(results.Select(r => new
                {
                    suite = r.Suite, version = r.Version, scorer = r.Scorer, ties = SuiteResult.TieName(r.Ties), score = r.Score,
                    step = loaded.Step, words_seen = loaded.WordsSeen,
                    phenomena = r.ByPhenomenon.ToDictionary(p => p.Phenomenon, p => p.Accuracy),
                    paradigms = r.Paradigms,
                }), Json.Pretty));
                return 0;
            }
            var console = Ui.Console(parse);
            foreach (var r in results)
            {
                var table = new Table().Title($"{Ui.Escape(r.Suite)} {r.Version} — {r.Scorer}, ties: {SuiteResult.TieName(r.Ties)}, step {loaded.Step:N0}");
                foreach (var h in new[] { "paradigm", "phenomenon", "accuracy", "ties", "pairs" }) table.AddColumn(h);
                foreach (var p in r.Paradigms)
                    table.AddRow(Ui.Escape(p.Paradigm), Ui.Escape(p.Phenomenon), Pct(p.Accuracy), p.Ties.ToString(CultureInfo.InvariantCulture), p.Pairs.ToString(CultureInfo.InvariantCulture));
                console.Write(table);
                foreach (var (phen, acc, n) in r.ByPhenomenon) console.WriteLine($"  {phen,-32} {Pct(acc),7}  ({n} paradigms)");
                foreach (var (field, acc, n) in r.ByField) console.WriteLine($"  field {field,-26} {Pct(acc),7}  ({n} paradigms)");
                console.MarkupLine($"  [bold]{Ui.Escape(r.Suite)} score (unweighted mean over {r.Paradigms.Count} paradigms): {Pct(r.Score)}[/]");
            }
            return 0;
        });
        return command;
    }

    private static string Pct(double x) => double.IsNaN(x) ? "n/a" : (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
