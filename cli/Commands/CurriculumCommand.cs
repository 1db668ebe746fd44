// `babylm curriculum show <config.yaml> [--steps 20] [--set k=v …]`: what a run's curriculum will do —
// the pacing curve and, at a few points, how much of the data is eligible and a decoded sample of it —
// before hours are spent training on it. Prepares (or finds) the run's tokenizer and shards as training does.
using System.CommandLine;
using BabyLm.Corpus.Curricula;
using BabyLm.Corpus.Shards;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Sweeps;
using BabyLm.Experiments.Training;

namespace BabyLm.Cli.Commands;

internal static class CurriculumCommand
{
    public static Command Create() => new("curriculum", "Inspect data curricula (orders, difficulty × pacing, vocabulary schedules).") { Show() };

    private static Command Show()
    {
        var config = new Argument<string>("config") { Description = "Run config (YAML) whose curriculum: block to show." };
        var steps = new Option<int>("--steps") { Description = "Points on the pacing curve.", DefaultValueFactory = _ => 20 };
        var samples = new Option<int>("--samples") { Description = "Utterances shown at each sample point.", DefaultValueFactory = _ => 5 };
        var set = new Option<string[]>("--set") { Description = "Override a key: --set curriculum.pacing=root (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("show", "Print the pacing curve of a run's curriculum, the share of the data eligible along it, and a decoded sample.\n\n"
            + "Examples:\n  babylm curriculum show experiments/configs/demo.yaml\n"
            + "  babylm curriculum show run.yaml --steps 10 --set curriculum.scorer=word-rarity --set curriculum.pacing=root")
        {
            config, steps, samples, set,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(config)!;
            var cfg = ConfigPaths.LoadRunConfig(path, parse.GetValue(set) ?? []);
            var err = parse.InvocationConfiguration.Error;
            var data = RunData.Resolve(cfg.Data, Path.GetDirectoryName(Path.GetFullPath(path)), line => err.WriteLine(line), cfg.Threads);
            using var train = TokenShard.Open(data.TrainShardDir);
            var curriculum = CurriculumBuilder.Create(cfg.Curriculum, train, new CurriculumContext
            {
                Seed = cfg.Seed, Tokenizer = data.Tokenizer, Sources = data.Shards.Sources, Threads = cfg.Threads, Log = line => err.WriteLine(line),
            });
            var preview = CurriculumPreview.Build(curriculum, train, data.Tokenizer, data.Shards.Sources, parse.GetValue(steps),
                cfg.Budget.Steps > 0 ? cfg.Budget.Steps : null, cfg.Model.Context,
                cfg.Objective.Kind == "mlm" ? cfg.Objective.MaskProb : null, perSample: parse.GetValue(samples), seed: cfg.Seed);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"{path}: {train.Count:N0} train utterances, {train.Words:N0} words ({data.TrainShardDir})");
            preview.Write(o);
            return 0;
        });
        return command;
    }
}
