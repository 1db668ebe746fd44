// `babylm corpus synth`: write a corpus of the built-in child-directed language (BabyLM 2024 layout).
using System.CommandLine;
using BabyLm.Corpus.Language;
using BabyLm.Corpus.Text;

namespace BabyLm.Cli.Commands;

internal static class CorpusSynthCommand
{
    public static Command Create()
    {
        var words = new Option<string>("--words") { Description = "Train words to write (BabyLM count), e.g. 10M; dev and test get 5% each.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder (BabyLM 2024 layout: train_<size>/, dev/, test/, corpus.json).", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed: the same seed and size give the same bytes.", DefaultValueFactory = _ => 0 };
        var force = new Option<bool>("--force") { Description = "Replace an existing output folder." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores); the output does not depend on it.", DefaultValueFactory = _ => 0 };
        var command = new Command("synth",
            "Synthesize a corpus of the built-in child-directed language: sources childes (age-ordered, with a\n"
            + "childes.<split>.stages sidecar), stories, dialogue and expository. No sentence of the built-in probe\n"
            + "suite ever appears in it.\n\n"
            + "Examples:\n  babylm corpus synth --words 10M --out data/synth10M\n  babylm corpus synth --words 1M --out data/synth1M --seed 3")
        {
            words, output, seed, force, threads,
        };
        command.SetAction(parse =>
        {
            var request = new SynthRequest
            {
                Words = Sizes.Parse(parse.GetValue(words)!, "--words"),
                Out = parse.GetValue(output)!,
                Seed = parse.GetValue(seed),
                Force = parse.GetValue(force),
                Threads = parse.GetValue(threads),
            };
            var started = System.Diagnostics.Stopwatch.StartNew();
            var manifest = SyntheticCorpus.Write(request);
            var o = parse.InvocationConfiguration.Output;
            long train = manifest.Files.Where(f => f.Split.StartsWith("train", StringComparison.Ordinal)).Sum(f => f.Words);
            o.WriteLine($"wrote {request.Out}: {train:N0} train words (asked {request.Words:N0}) in {started.Elapsed.TotalSeconds:0.0} s, "
                + $"{manifest.Files.Count} files, generator {SyntheticCorpus.GeneratorVersion}, content hash {manifest.ContentHash[..12]}");
            foreach (var f in manifest.Files)
                o.WriteLine($"  {f.Path,-32} {f.Lines,10:N0} lines {f.Words,12:N0} words");
            return 0;
        });
        return command;
    }
}
