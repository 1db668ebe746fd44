// `babylm corpus stats|sample|prepare`: see what is in a corpus, cut a budgeted sample, make token shards.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BabyLm.Core;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Sampling;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Text;
using Spectre.Console;

namespace BabyLm.Cli.Commands;

internal static class CorpusCommand
{
    public static Command Create()
    {
        var command = new Command("corpus", "Inspect, sample and tokenize corpora (BabyLM 2023/2024 layouts, text folders, text files).")
        {
            Stats(), Sample(), Prepare(), Inspect(),
            CorpusSynthCommand.Create(),
        };
        return command;
    }

    internal static Option<string> CleaningOption() => new("--cleaning")
    {
        Description = "Cleaning profile: none (each line's bytes as given) or childes (strip speaker tags, headers, [annotations]); "
            + "in both a byte order mark is dropped and CRLF read as LF.",
        DefaultValueFactory = _ => "none",
    };

    internal static Option<string?> SplitOption() => new("--split")
    {
        Description = "Train split to use when the corpus has several (e.g. train_10M).",
    };

    private static Command Stats()
    {
        var path = new Argument<string>("path") { Description = "Corpus folder (BabyLM layout or text files) or a text file." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var cleaning = CleaningOption();
        var command = new Command("stats", "Lines, words (BabyLM rule), word types and track budget, per split and source; notes a byte order\n"
            + "mark or CRLF line endings, which every command reads as plain LF text (the '\\r' never becomes a token).\n\n"
            + "Examples:\n  babylm corpus stats data/babylm_2024\n  babylm corpus stats corpus.txt --json")
        {
            path, json, cleaning,
        };
        command.SetAction(parse =>
        {
            var layout = CorpusLayout.Open(parse.GetValue(path)!);
            var stats = CorpusStatsBuilder.Compute(layout, CleaningProfile.Parse(parse.GetValue(cleaning)!));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(stats, Json.Pretty));
                return 0;
            }
            var console = Ui.Console(parse);
            var table = new Table().Title($"{Ui.Escape(stats.Root)} ({stats.Layout}, cleaning: {stats.Cleaning})");
            foreach (var h in new[] { "split", "source", "lines", "words", "types", "words/line" }) table.AddColumn(h);
            foreach (var col in table.Columns.Skip(2)) col.RightAligned();
            foreach (var split in stats.Splits)
            {
                foreach (var s in split.Sources)
                    table.AddRow(split.Split, Ui.Escape(s.Source), N(s.Lines), N(s.Words), N(s.Types), s.MeanWordsPerLine.ToString("0.00", CultureInfo.InvariantCulture));
                table.AddRow($"[bold]{split.Split}[/]", "[bold]all[/]", N(split.Lines), N(split.Words), N(split.Types),
                    split.MeanWordsPerLine.ToString("0.00", CultureInfo.InvariantCulture));
            }
            console.Write(table);
            console.WriteLine($"train words: {stats.TrainWords:N0} — fits track: {stats.Track}");
            foreach (var s in stats.Splits.SelectMany(sp => sp.Sources).Where(s => s.Bom || s.CrlfLines > 0))
            {
                var what = string.Join(" and ", new[] { s.Bom ? "a byte order mark (dropped)" : null, s.CrlfLines > 0 ? $"{N(s.CrlfLines)} CRLF line endings (read as LF)" : null }.OfType<string>());
                console.WriteLine($"note: {Path.GetRelativePath(stats.Root, s.File)} has {what}");
            }
            return 0;
        });
        return command;
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static Command Sample()
    {
        var path = new Argument<string>("path") { Description = "Corpus to sample from." };
        var words = new Option<string>("--words") { Description = "Words to keep, e.g. 10M.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder (written in the BabyLM 2024 layout).", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed of the chunk choice.", DefaultValueFactory = _ => 0 };
        var force = new Option<bool>("--force") { Description = "Replace an existing output folder." };
        var cleaning = CleaningOption();
        var split = SplitOption();
        var command = new Command("sample", "A deterministic, source-proportional sample in contiguous chunks of lines.\n\n"
            + "Example:\n  babylm corpus sample data/train_100M_corpus --words 10M --out data/my10M --seed 1")
        {
            path, words, output, seed, force, cleaning, split,
        };
        command.SetAction(parse =>
        {
            var request = new SampleRequest
            {
                Corpus = parse.GetValue(path)!,
                Words = Sizes.Parse(parse.GetValue(words)!, "--words"),
                Out = parse.GetValue(output)!,
                Seed = parse.GetValue(seed),
                Force = parse.GetValue(force),
                Cleaning = CleaningProfile.Parse(parse.GetValue(cleaning)!),
                Split = parse.GetValue(split),
            };
            var manifest = CorpusSampler.Sample(request);
            var o = parse.InvocationConfiguration.Output;
            long train = manifest.Files.Where(f => f.Split.StartsWith("train", StringComparison.Ordinal)).Sum(f => f.Words);
            o.WriteLine($"wrote {request.Out}: {train:N0} train words (asked {request.Words:N0}), {manifest.Files.Count} files, content hash {manifest.ContentHash[..12]}");
            return 0;
        });
        return command;
    }

    private static Command Prepare()
    {
        var corpus = new Argument<string>("corpus") { Description = "Corpus to tokenize (train and dev splits)." };
        var tokenizer = new Option<string>("--tokenizer") { Description = "tokenizer.json (byte-level BPE).", Required = true };
        var output = new Option<string>("--out") { Description = "Shard folder to write.", Required = true };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var cleaning = CleaningOption();
        var split = SplitOption();
        var command = new Command("prepare", "Tokenize a corpus into token shards (tokens.bin + utterances.bin), cached by content hash.\n\n"
            + "Example:\n  babylm corpus prepare data/my10M --tokenizer tok.json --out data/my10M.shards")
        {
            corpus, tokenizer, output, threads, cleaning, split,
        };
        command.SetAction(parse =>
        {
            var request = new PrepareRequest
            {
                Corpus = parse.GetValue(corpus)!,
                Tokenizer = parse.GetValue(tokenizer)!,
                Out = parse.GetValue(output)!,
                Threads = parse.GetValue(threads),
                Cleaning = CleaningProfile.Parse(parse.GetValue(cleaning)!),
                Split = parse.GetValue(split),
            };
            var result = ShardSet.Prepare(request);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine(result.Cached ? $"up to date: {result.Directory} (key {result.Manifest.Key[..12]})" : $"wrote {result.Directory} (key {result.Manifest.Key[..12]})");
            foreach (var s in result.Manifest.Splits)
                o.WriteLine($"  {s.Role,-5} {s.Name}: {s.Utterances:N0} utterances, {s.Words:N0} words, {s.Tokens:N0} tokens");
            return 0;
        });
        return command;
    }

    private static Command Inspect()
    {
        var dir = new Argument<string>("shards") { Description = "A shard folder written by `corpus prepare`." };
        var show = new Option<int>("--show") { Description = "Decode and print the first N utterances of the train split.", DefaultValueFactory = _ => 0 };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json to decode with (for --show)." };
        var command = new Command("inspect", "Check a shard folder (headers, sizes, records, token ids) and summarise it.\n\n"
            + "Example:\n  babylm corpus inspect data/my10M.shards --show 3 --tokenizer data/tokenizer.json")
        {
            dir, show, tokenizer,
        };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(dir)!;
            var manifest = ShardSet.ReadManifest(root);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"{root}: corpus {manifest.Corpus} ({manifest.TrainSplit}), vocabulary {manifest.VocabSize}, cleaning {manifest.Cleaning}");
            foreach (var s in manifest.Splits)
            {
                using var shard = TokenShard.Open(Path.Combine(root, s.Role == "train" ? ShardSet.TrainDir : ShardSet.DevDir));
                o.WriteLine($"  {s.Role,-5} {shard.Count:N0} utterances, {shard.Words:N0} words, {shard.TokenCount:N0} tokens "
                    + $"({(shard.Words == 0 ? 0 : (double)shard.TokenCount / shard.Words):0.00} tokens/word): ok");
            }
            int n = parse.GetValue(show);
            if (n > 0)
            {
                var path = parse.GetValue(tokenizer) ?? throw new BabyLmException("--show needs --tokenizer to decode with");
                var tok = BabyLm.Corpus.Tokenization.BpeTokenizer.Load(path);
                using var train = TokenShard.Open(Path.Combine(root, ShardSet.TrainDir));
                for (int u = 0; u < Math.Min(n, train.Count); u++)
                    o.WriteLine($"  [{manifest.Sources[train[u].Source]}:{train[u].Position}] {tok.Decode(train.Tokens(u))}");
            }
            return 0;
        });
        return command;
    }
}
