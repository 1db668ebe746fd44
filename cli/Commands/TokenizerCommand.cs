// `babylm tokenizer train|encode|decode`: byte-level BPE in the Hugging Face tokenizer.json layout.
using System.CommandLine;
using System.Globalization;
using System.Text;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Cli.Commands;

internal static class TokenizerCommand
{
    public static Command Create() => new("tokenizer", "Train and apply byte-level BPE tokenizers (Hugging Face tokenizer.json).")
    {
        Train(), Encode(), Decode(),
    };

    private static Command Train()
    {
        var corpus = new Argument<string>("corpus") { Description = "Corpus whose train split is trained on." };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size: 5 specials + 256 bytes + merges.", DefaultValueFactory = _ => 8192 };
        var output = new Option<string>("--out") { Description = "Where to write tokenizer.json.", DefaultValueFactory = _ => "tokenizer.json" };
        var minFrequency = new Option<int>("--min-frequency") { Description = "Never merge a pair seen fewer times.", DefaultValueFactory = _ => 2 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var cleaning = CorpusCommand.CleaningOption();
        var split = CorpusCommand.SplitOption();
        var command = new Command("train", "Train a byte-level BPE on the train split (specials: <pad> <s> </s> <unk> <mask>).\n\n"
            + "Example:\n  babylm tokenizer train data/my10M --vocab 8192 --out data/tokenizer.json")
        {
            corpus, vocab, output, minFrequency, threads, cleaning, split,
        };
        command.SetAction(parse =>
        {
            var path = BabyLm.Core.InputPath.OutputFile(parse.GetValue(output)!, "--out");          // before training
            var layout = CorpusLayout.Open(parse.GetValue(corpus)!);
            var trainSplit = layout.ResolveTrainSplit(parse.GetValue(split));
            var options = new BpeTrainingOptions
            {
                VocabSize = parse.GetValue(vocab),
                MinFrequency = parse.GetValue(minFrequency),
                Threads = parse.GetValue(threads),
            };
            var profile = CleaningProfile.Parse(parse.GetValue(cleaning)!);
            var tokenizer = Ui.WithProgress(parse, "training BPE",
                report => BpeTrainer.Train(layout, trainSplit, profile, options, (done, total) =>
                {
                    if (done % 64 == 0 || done == total) report((double)done / total, $"{done}/{total} merges");
                }));
            tokenizer.Save(path);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"wrote {path}: vocabulary {tokenizer.VocabSize} ({tokenizer.Merges.Count} merges), trained on {trainSplit}");
            if (tokenizer.VocabSize < options.VocabSize)
                o.WriteLine($"note: stopped at {tokenizer.VocabSize} < {options.VocabSize}: no pair occurs {options.MinFrequency}+ times");
            return 0;
        });
        return command;
    }

    private static Option<string> TokenizerOption() => new("--tokenizer") { Description = "tokenizer.json to use.", Required = true };

    private static Command Encode()
    {
        var tokenizer = TokenizerOption();
        var command = new Command("encode", "Read text on stdin; write one line of space-separated token ids per input line.\n\n"
            + "Example:\n  echo 'where is the ball ?' | babylm tokenizer encode --tokenizer tok.json")
        {
            tokenizer,
        };
        command.SetAction(parse =>
        {
            var tok = BpeTokenizer.Load(parse.GetValue(tokenizer)!);
            using var stdin = System.Console.OpenStandardInput();
            using var stdout = System.Console.OpenStandardOutput();
            TokenizerStreams.Encode(tok, stdin, stdout);
            return 0;
        });
        return command;
    }

    private static Command Decode()
    {
        var tokenizer = TokenizerOption();
        var command = new Command("decode", "Read lines of token ids on stdin; write the text they stand for (exact bytes).\n\n"
            + "Example:\n  babylm tokenizer encode --tokenizer tok.json < a.txt | babylm tokenizer decode --tokenizer tok.json")
        {
            tokenizer,
        };
        command.SetAction(parse =>
        {
            var tok = BpeTokenizer.Load(parse.GetValue(tokenizer)!);
            using var stdin = System.Console.OpenStandardInput();
            using var stdout = System.Console.OpenStandardOutput();
            TokenizerStreams.Decode(tok, stdin, stdout);
            return 0;
        });
        return command;
    }
}

/// <summary>
/// Line-by-line encode/decode over byte streams. A final line without '\n' stays without one on both
/// sides, so decode(encode(x)) == x byte for byte.
/// </summary>
internal static class TokenizerStreams
{
    public static void Encode(BpeTokenizer tokenizer, Stream input, Stream output)
    {
        var data = ReadAll(input);
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var ids = new List<int>();
        int start = 0;
        while (start < data.Length)
        {
            int nl = Array.IndexOf(data, (byte)'\n', start);
            int end = nl < 0 ? data.Length : nl;
            ids.Clear();
            tokenizer.Encode(data.AsSpan(start, end - start), ids);
            for (int i = 0; i < ids.Count; i++)
            {
                if (i > 0) writer.Write(' ');
                writer.Write(ids[i].ToString(CultureInfo.InvariantCulture));
            }
            if (nl >= 0) writer.Write('\n');
            start = end + 1;
        }
    }

    public static void Decode(BpeTokenizer tokenizer, Stream input, Stream output)
    {
        var text = Encoding.UTF8.GetString(ReadAll(input));
        int lineNo = 0;
        int start = 0;
        var ids = new List<int>();
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl;
            lineNo++;
            ids.Clear();
            foreach (var part in text.AsSpan(start, end - start).Split(' '))
            {
                var token = text.AsSpan(start, end - start)[part];
                if (token.IsEmpty) continue;
                if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id >= tokenizer.VocabSize)
                    throw new BabyLmException($"stdin line {lineNo}: '{token}' is not a token id (0..{tokenizer.VocabSize - 1})");
                ids.Add(id);
            }
            output.Write(tokenizer.DecodeBytes(ids.ToArray()));
            if (nl >= 0) output.WriteByte((byte)'\n');
            start = end + 1;
        }
    }

    private static byte[] ReadAll(Stream input)
    {
        using var ms = new MemoryStream();
        input.CopyTo(ms);
        return ms.ToArray();
    }
}
