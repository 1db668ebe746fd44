// `babylm demo`: the main job on the built-in defaults — a curriculum comparison on a synthesized
// child-directed corpus, from corpus to report (see experiments/configs/demo.yaml).
using System.CommandLine;
using BabyLm.Cli.Demo;
using BabyLm.Corpus.Text;

namespace BabyLm.Cli.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var runs = new Option<string>("--runs") { Description = "Folder for sweeps (runs/demo) and the demo's data (runs/demo-data).", DefaultValueFactory = _ => "runs" };
        var spec = new Option<string?>("--spec") { Description = "Sweep spec to run instead of the shipped configs/demo.yaml." };
        var words = new Option<string>("--words") { Description = "Words of the synthesized corpus.", DefaultValueFactory = _ => "1M" };
        var workers = new Option<int?>("--workers") { Description = "Runs at once (default: one per core, one thread each)." };
        var command = new Command("demo", "Run the built-in curriculum comparison end to end: corpus → tokenizer → sweep (3 curricula × 3 seeds) "
            + "→ baselines → report. Resumable: run it again after an interruption.\n\n"
            + "Examples:\n  babylm demo\n  babylm demo --runs /tmp/runs --workers 1")
        {
            runs, spec, words, workers,
        };
        command.SetAction(parse => DemoPipeline.Run(parse, new DemoOptions
        {
            RunsRoot = parse.GetValue(runs)!,
            Spec = parse.GetValue(spec),
            Words = Sizes.Parse(parse.GetValue(words)!, "--words"),
            Workers = parse.GetValue(workers),
        }));
        return command;
    }
}
