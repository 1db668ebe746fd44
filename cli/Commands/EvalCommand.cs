// `babylm eval <run-dir|checkpoint> --probes builtin,blimp:<dir>,babylm:<dir>,…`: score a trained model
// on minimal-pair suites and the BabyLM zero-shot tasks; print a table per task, write probes.jsonl into
// the run, and optionally item scores, the official submission file and a results JSON.
using System.CommandLine;
using System.Globalization;
using BabyLm.Core;
using BabyLm.Corpus.ZeroShot;
using BabyLm.Experiments.Evaluation;
using BabyLm.Experiments.Training;
using Spectre.Console;

namespace BabyLm.Cli.Commands;

internal static class EvalCommand
{
    public const string ProbesHelp = "Suites: builtin, blimp:<dir>, zorro:<dir>; the BabyLM zero-shot tasks babylm:<dir> (every task of an "
        + "evaluation_data/full_eval or fast_eval folder), ewok:<dir>, comps:<dir>, entity:<dir>, wug-adj:<dir>, wug-past:<dir> (comma-separated).";

    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run folder (latest checkpoint) or a checkpoint file." };
        var probes = new Option<string>("--probes") { Description = ProbesHelp, DefaultValueFactory = _ => "builtin" };
        var json = new Option<bool>("--json") { Description = "Print results as JSON." };
        var ties = new Option<string>("--ties")
        {
            Description = "half: the honest default (a tie scores 1/k among k tied candidates, ½ for a pair; <s> before every text). "
                + "babylm: the official pipeline's scoring, to reproduce its numbers (a tie counts as correct; no <s>, so a text's first token is not scored).",
            DefaultValueFactory = _ => "half",
        };
        ties.AcceptOnlyFromAmong("half", "babylm");
        var mean = new Option<bool>("--mean") { Description = "Score by mean log-probability per token instead of the sum (not with --ties babylm)." };
        var pll = new Option<string>("--pll") { Description = "Masked models: original or l2r (within_word_l2r; not with --ties babylm).", DefaultValueFactory = _ => "original" };
        pll.AcceptOnlyFromAmong("original", "l2r");
        var submission = new Option<string?>("--submission")
        {
            Description = "Write the BabyLM submission JSON (the official collated layout: predictions per task and UID, and the "
                + "fast-eval scores of the run's milestone checkpoints as fast_eval_results).",
        };
        var results = new Option<string?>("--results") { Description = "Write every task's score, aggregation and UID scores as JSON (what --json prints)." };
        var scores = new Option<string?>("--scores") { Description = "Write item-level scores (JSONL) to this file." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = the run's setting).", DefaultValueFactory = _ => 0 };
        var device = new Option<string?>("--device") { Description = "cpu or cuda (default: the device the run trained on); a checkpoint scores on either." };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var gpu = new Option<int?>("--gpu") { Description = "With cuda: which GPU (default: the run's)." };
        var command = new Command("eval", "Score a trained model on grammaticality probes and the BabyLM zero-shot tasks.\n\n"
            + "Examples:\n  babylm eval runs/tiny\n  babylm eval runs/tiny --probes builtin,blimp:data/blimp --scores items.jsonl\n"
            + "  babylm eval runs/tiny --probes babylm:evaluation_data/full_eval --ties babylm --submission submission.json")
        {
            run, probes, json, ties, mean, pll, submission, results, scores, threads, device, gpu,
        };
        command.SetAction(parse =>
        {
            // Output paths are checked before the (long) scoring.
            if (parse.GetValue(scores) is { } s0) InputPath.OutputFile(s0, "--scores");
            if (parse.GetValue(submission) is { } s1) InputPath.OutputFile(s1, "--submission");
            if (parse.GetValue(results) is { } s2) InputPath.OutputFile(s2, "--results");
            var request = new EvalRequest
            {
                Tasks = [],
                Ties = ProbeEvaluator.ParseTies(parse.GetValue(ties)!),
                Mean = parse.GetValue(mean),
                Pll = parse.GetValue(pll) == "l2r" ? PllVariant.WithinWordL2R : PllVariant.Original,
                ScoresPath = parse.GetValue(scores),
                SubmissionPath = parse.GetValue(submission),
                ResultsPath = parse.GetValue(results),
            };
            ModelEvaluation.Options(request); // refuse bad combinations before reading any data
            request = request with { Tasks = Suites.LoadAll([parse.GetValue(probes)!]) };
            using var loaded = RunModel.Load(parse.GetValue(run)!, parse.GetValue(threads), parse.GetValue(device), parse.GetValue(gpu));
            var outcome = Ui.WithProgress(parse, "scoring", report => ModelEvaluation.Run(loaded, request with
            {
                Progress = (i, name) => report((double)i / request.Tasks.Count, name),
            }));

            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                o.WriteLine(ModelEvaluation.ResultsJson(outcome));
                return 0;
            }
            var console = Ui.Console(parse);
            foreach (var r in outcome.Results) Print(console, r, loaded.Step);
            if (outcome.Results.Count > 1)
            {
                var summary = new Table().Title($"summary — mode {SuiteResult.TieName(request.Ties)}, step {loaded.Step:N0}, {loaded.WordsSeen:N0} words seen");
                foreach (var h in new[] { "suite", "metric", "score", "items", "ties", "aggregation" }) summary.AddColumn(h);
                foreach (var r in outcome.Results)
                    summary.AddRow(Ui.Escape(r.Suite), r.MetricName, Value(r.Metric, r.Score), N(r.Paradigms.Sum(p => p.Pairs)), N(r.Paradigms.Sum(p => p.Ties)),
                        Ui.Escape(ModelEvaluation.ShortAggregation(r)));
                console.Write(summary);
            }
            if (request.SubmissionPath is { } sub)
            {
                var fast = outcome.FastHistory.Count == 0 ? $"no fast-eval scores ({outcome.Results[0].Scorer}, ties {SuiteResult.TieName(request.Ties)}) at milestone checkpoints in this run"
                    : "fast_eval_results for " + string.Join(", ", outcome.FastHistory.Select(kv => $"{kv.Key} ({kv.Value.Count} checkpoints: {kv.Value[0].Revision}…{kv.Value[^1].Revision})"));
                console.WriteLine($"wrote {sub}: predictions of {outcome.Results.Count(r => !r.Fast)} task(s); {fast}; scorer {outcome.Results[0].Scorer}, ties {SuiteResult.TieName(request.Ties)}");
            }
            return 0;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, SuiteResult r, long step)
    {
        bool rho = r.Metric == TaskMetric.Spearman;
        var table = new Table().Title($"{Ui.Escape(r.Suite)} {r.Version} — {r.Scorer}, ties: {SuiteResult.TieName(r.Ties)}, step {step:N0}");
        foreach (var h in new[] { "paradigm", "phenomenon", rho ? "spearman ρ" : "accuracy", "ties", rho ? "items" : "pairs" }) table.AddColumn(h);
        foreach (var p in r.Paradigms)
            table.AddRow(Ui.Escape(p.Paradigm), Ui.Escape(p.Phenomenon), Value(r.Metric, p.Accuracy), p.Ties.ToString(CultureInfo.InvariantCulture), p.Pairs.ToString(CultureInfo.InvariantCulture));
        console.Write(table);
        if (!rho)
        {
            foreach (var (phen, acc, n) in r.ByPhenomenon) console.WriteLine($"  {phen,-32} {Pct(acc),7}  ({n} paradigms)");
            foreach (var (field, acc, n) in r.ByField) console.WriteLine($"  field {field,-26} {Pct(acc),7}  ({n} paradigms)");
        }
        string how = r.Metric == TaskMetric.Spearman ? "Spearman's ρ against the human ratios"
            : r.MeanOfPhenomena ? $"mean over {r.ByPhenomenon.Count} files of the mean over their UIDs"
            : $"unweighted mean over {r.Paradigms.Count} paradigms";
        console.MarkupLine($"  [bold]{Ui.Escape(r.Suite)} score ({Ui.Escape(how)}): {Value(r.Metric, r.Score)}[/]");
    }

    private static string Value(TaskMetric metric, double x) => metric == TaskMetric.Spearman
        ? (double.IsNaN(x) ? "n/a" : x.ToString("0.000", CultureInfo.InvariantCulture))
        : Pct(x);

    private static string Pct(double x) => double.IsNaN(x) ? "n/a" : (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
