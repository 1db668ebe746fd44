// `babylm eval <run-dir|checkpoint> --probes builtin,blimp:<dir>,zorro:<dir>`: score a trained model on
// minimal-pair suites; print a table per suite, write probes.jsonl into the run, and optionally the
// BabyLM submission file and item-level scores.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BabyLm.Corpus.Util;
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
        var command = new Command("eval", "Score a trained model on grammaticality probes (minimal pairs).\n\n"
            + "Examples:\n  babylm eval runs/tiny\n  babylm eval runs/tiny --probes builtin,blimp:data/blimp --ties babylm --scores items.jsonl")
        {
            run, probes, json, ties, mean, pll, submission, scores, threads,
        };
        command.SetAction(parse =>
        {
            using var loaded = RunModel.Load(parse.GetValue(run)!, parse.GetValue(threads));
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
            ReplaceProbeLines(Path.Combine(loaded.RunDir, RunFiles.Probes), lines);
            if (parse.GetValue(scores) is { } scoresPath) WriteScores(scoresPath, results);
            if (parse.GetValue(submission) is { } subPath) WriteSubmission(subPath, results);

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

    /// <summary>Replaces lines of the same evaluation (step, suite, version, scorer, ties) and appends the new ones.</summary>
    internal static void ReplaceProbeLines(string path, List<ProbeLine> lines)
    {
        static string Key(ProbeLine l) => $"{l.Step}|{l.Suite}|{l.SuiteVersion}|{l.Scorer}|{l.TieMode}|{l.Full}";
        var keys = lines.Select(Key).ToHashSet(StringComparer.Ordinal);
        var kept = RunFiles.ReadLines<ProbeLine>(path).Where(l => !keys.Contains(Key(l))).Concat(lines).ToList();
        AtomicFile.WriteAllText(path, string.Concat(kept.Select(l => JsonSerializer.Serialize(l, Json.Line) + "\n")));
    }

    private static void WriteScores(string path, List<SuiteResult> results)
    {
        var text = string.Concat(results.SelectMany(r => r.Items).Select(i => JsonSerializer.Serialize(new
        {
            suite = i.Suite, paradigm = i.Paradigm, item = i.Item, id = i.Id, good = i.Good, bad = i.Bad,
            score_good = i.ScoreGood, score_bad = i.ScoreBad, tokens_good = i.TokensGood, tokens_bad = i.TokensBad,
        }, Json.Line) + "\n"));
        AtomicFile.WriteAllText(path, text);
    }

    /// <summary>BabyLM submission layout: suite → paradigm → predictions [{id, pred}] with pred the preferred sentence.</summary>
    private static void WriteSubmission(string path, List<SuiteResult> results)
    {
        var root = new JsonObject();
        foreach (var r in results)
        {
            var suite = new JsonObject();
            foreach (var group in r.Items.GroupBy(i => i.Paradigm))
            {
                var preds = new JsonArray();
                foreach (var i in group)
                    preds.Add(new JsonObject { ["id"] = $"{i.Paradigm}_{i.Id ?? i.Item.ToString(CultureInfo.InvariantCulture)}", ["pred"] = i.ScoreGood >= i.ScoreBad ? i.Good : i.Bad });
                suite[group.Key] = new JsonObject { ["predictions"] = preds };
            }
            root[r.Suite] = suite;
        }
        AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
