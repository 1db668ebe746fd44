// `babylm baselines <corpus> --probes builtin`: unigram and word-bigram models fit on a corpus's train
// split, scored on probe suites and the BabyLM zero-shot tasks — the floor a trained model's score is
// read against.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BabyLm.Core;
using BabyLm.Corpus.Reading;
using BabyLm.Experiments.Evaluation;
using Spectre.Console;

namespace BabyLm.Cli.Commands;

internal static class BaselinesCommand
{
    public static Command Create()
    {
        var corpus = new Argument<string>("corpus") { Description = "Corpus whose train split the n-gram models are fit on." };
        var probes = new Option<string>("--probes") { Description = EvalCommand.ProbesHelp, DefaultValueFactory = _ => "builtin" };
        var ties = new Option<string>("--ties") { Description = "half (a tie among k candidates scores 1/k) or babylm (a tie counts as correct).", DefaultValueFactory = _ => "half" };
        ties.AcceptOnlyFromAmong("half", "babylm");
        var output = new Option<string?>("--out") { Description = "Write the results as JSONL (e.g. runs/<sweep>/baselines.jsonl)." };
        var cleaning = CorpusCommand.CleaningOption();
        var split = CorpusCommand.SplitOption();
        var command = new Command("baselines", "Score unigram and word-bigram baselines (add-k smoothing) fit on a corpus.\n\n"
            + "Example:\n  babylm baselines data/synth1M --probes builtin --out runs/demo/baselines.jsonl")
        {
            corpus, probes, ties, output, cleaning, split,
        };
        command.SetAction(parse =>
        {
            var suites = Suites.LoadAll([parse.GetValue(probes)!]);
            var lines = Baselines.Compute(parse.GetValue(corpus)!, parse.GetValue(split), CleaningProfile.Parse(parse.GetValue(cleaning)!),
                suites, ProbeEvaluator.ParseTies(parse.GetValue(ties)!));
            if (parse.GetValue(output) is { } path)
                AtomicFile.WriteAllText(path, string.Concat(lines.Select(l => JsonSerializer.Serialize(l, Json.Line) + "\n")));
            var table = new Table().Title("n-gram baselines (suite score as each task defines it)");
            table.AddColumn("baseline");
            table.AddColumn("suite");
            table.AddColumn("score");
            foreach (var g in lines.GroupBy(l => (l.Baseline, l.Suite)))
            {
                // Entity tracking weights its UIDs (mean of file means); the WUG tasks are ρ, not a percentage.
                double score = g.All(l => l.Weight is not null) ? g.Sum(l => l.Weight!.Value * l.Accuracy) / g.Sum(l => l.Weight!.Value) : g.Average(l => l.Accuracy);
                table.AddRow(g.Key.Baseline!, Ui.Escape(g.Key.Suite), g.First().Metric == "spearman"
                    ? "ρ " + score.ToString("0.000", CultureInfo.InvariantCulture)
                    : (100 * score).ToString("0.0", CultureInfo.InvariantCulture) + "%");
            }
            Ui.Console(parse).Write(table);
            return 0;
        });
        return command;
    }
}
