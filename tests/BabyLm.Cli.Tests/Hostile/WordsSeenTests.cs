// The words_seen rough edge of issue 21: a whole utterance was counted on its first token (2.1M words
// "seen" after 1,280 tokens of a long-line corpus), so a words budget or a BabyLM milestone was wrong on
// corpora with long lines. Now a word counts when its last token is consumed; checked against a hand count
// on a corpus whose every word is one token, for packed and sentence batches, causal and masked.
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BabyLm.Corpus.Text;
using BabyLm.Corpus.Tokenization;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Sweeps;
using BabyLm.Experiments.Training;

namespace BabyLm.Cli.Tests.Hostile;

[Trait("Suite", Hostile.Suite)]
public sealed class WordsSeenTests : IDisposable
{
    private const int Words = 1000, T = 16;
    private readonly TempDir _dir = new();

    public WordsSeenTests()
    {
        // One line of 1,000 words "a a a …": with a BPE that merges " a", every word is one token.
        _dir.Write("corpus/book.txt", string.Join(' ', Enumerable.Repeat("a", Words)) + "\n");
        Assert.Equal(0, CliRunner.Run("tokenizer", "train", _dir["corpus/book.txt"], "--vocab", "263", "--min-frequency", "1", "--out", _dir["tok.json"]).ExitCode);
        var tokens = BpeTokenizer.Load(_dir["tok.json"]).Encode(File.ReadAllText(_dir["corpus/book.txt"]).TrimEnd('\n'));
        Assert.Equal(Words, tokens.Length);          // the precondition of the hand count below
    }

    public void Dispose() => _dir.Dispose();

    private string Config(string objective, string packing, long steps = 10) => _dir.Write($"{objective}-{packing}.yaml", $"""
        name: w
        seed: 1
        threads: 1
        data:
          corpus: {_dir["corpus"]}
          tokenizer: {_dir["tok.json"]}
          track: none
          cache: {_dir["cache"]}
        model:
          arch: {(objective == "mlm" ? "bert" : "gpt")}
          layers: 1
          heads: 2
          width: 16
          context: {T}
        objective:
          kind: {objective}
          packing: {packing}
        batch:
          sequences: 1
        budget:
          steps: {steps}
        eval:
          every_steps: 0
        checkpoint:
          every_steps: 0
        log:
          every_steps: 1
        """);

    private List<long> WordsSeen(string run) => File.ReadAllLines(Path.Combine(run, RunFiles.Metrics))
        .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("words_seen").GetInt64()).ToList();

    [Theory]
    // packed clm: a row takes T + 1 tokens of "<s> a a …" (the last as a target): the first row 16 words, then 17 a row.
    [InlineData("clm", "packed", T + 1, 1)]
    // packed mlm: a row takes T tokens of "<s> a a … </s>": the first row 15 words, then 16 a row.
    [InlineData("mlm", "packed", T, 1)]
    // sentences, clm: each row is the utterance cut to the context: "<s>" + 15 inputs, 16 targets, so 16 words a row.
    [InlineData("clm", "sentences", T, 0)]
    // sentences, mlm: "<s>" + 15 tokens: 15 words a row.
    [InlineData("mlm", "sentences", T - 1, 0)]
    public void A_long_line_counts_only_the_words_fed_so_far(string objective, string packing, int perRow, int framing)
    {
        var run = _dir[$"runs/{objective}-{packing}"];
        var r = CliRunner.Run("train", Config(objective, packing), "--out", run);
        Assert.True(r.ExitCode == 0, r.Stderr);
        // Hand count: step k has consumed k rows of perRow tokens, of which `framing` (one <s>) is not a word.
        var expected = Enumerable.Range(1, 10).Select(k => (long)k * perRow - framing).ToList();
        Assert.Equal(expected, WordsSeen(run));
    }

    [Fact]
    public void A_run_resumed_from_a_checkpoint_without_the_kept_counts_counts_as_an_uninterrupted_one()
    {
        var config = Config("clm", "packed", steps: 12);
        var whole = _dir["runs/whole"];
        Assert.Equal(0, CliRunner.Run("train", config, "--out", whole).ExitCode);
        var resumed = _dir["runs/resumed"];
        Trainer.Run(new TrainRequest
        {
            Config = ConfigPaths.LoadRunConfig(config, []), RunDir = resumed, ConfigDir = _dir.Path,
            Curriculum = TrainingDefaults.Curriculum, StopAfterStep = 5,
        });
        // Rewrite the checkpoint as the batcher state was before it kept the per-token counts.
        var ckpt = Checkpoint.List(resumed).Last();
        File.WriteAllBytes(ckpt, WithoutKeptCounts(File.ReadAllBytes(ckpt)));
        Assert.Equal(0, CliRunner.Run("train", config, "--out", resumed).ExitCode);
        Assert.Equal(WordsSeen(whole), WordsSeen(resumed));
        Assert.Equal(12L * (T + 1) - 1, WordsSeen(whole)[^1]);
    }

    /// <summary>The checkpoint with its batcher section cut after the curriculum state, checksum renewed.</summary>
    private static byte[] WithoutKeptCounts(byte[] file)
    {
        var body = new MemoryStream();
        body.Write(file, 0, 12);
        for (int o = 12; o < file.Length - 32;)
        {
            int tag = BitConverter.ToInt32(file, o);
            int len = (int)BitConverter.ToInt64(file, o + 4);
            var section = file.AsSpan(o + 12, len);
            if (tag == 7)
            {
                int n = BinaryPrimitives.ReadInt32LittleEndian(section);
                int cut = 4 + 4 * n + 32;
                cut += 4 + BinaryPrimitives.ReadInt32LittleEndian(section[cut..]);
                Assert.True(cut < len, "the batcher state keeps no counts to remove");
                section = section[..cut];
            }
            var head = new byte[12];
            BinaryPrimitives.WriteInt32LittleEndian(head, tag);
            BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(4), section.Length);
            body.Write(head);
            body.Write(section);
            o += 12 + len;
        }
        var bytes = body.ToArray();
        return [.. bytes, .. SHA256.HashData(bytes)];
    }

    [Fact]
    public void Word_ends_agree_with_the_word_count_on_any_text()
    {
        // Python's str.split() whitespace, multi-byte spaces, invalid bytes: as many ends as words, each just past a non-space.
        var rng = new Random(7);
        string[] pieces = ["a", "bc", " ", "  ", "\t", "\n", "\u00A0", "\u3000", "\u2009", "é", "日本", "\x1c"];
        for (int i = 0; i < 2000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, rng.Next(0, 12)).Select(_ => pieces[rng.Next(pieces.Length)]));
            var bytes = Encoding.UTF8.GetBytes(text).ToList();
            if (rng.Next(4) == 0) bytes.Insert(rng.Next(bytes.Count + 1), 0xFF);
            var span = bytes.ToArray();
            var ends = new List<int>();
            BabyLm.Corpus.Text.Words.Ends(span, ends);
            Assert.Equal(BabyLm.Corpus.Text.Words.Count(span), ends.Count);
            Assert.Equal(ends.Order(), ends);
            // Python's split on the decoded text, when it decodes: the words end where the ends say.
            if (!span.Contains((byte)0xFF))
            {
                var words = BabyLm.Corpus.Text.Words.Split(text);
                Assert.Equal(words.Count, ends.Count);
                int searched = 0;
                for (int w = 0; w < words.Count; w++)
                {
                    int at = text.IndexOf(words[w], searched, StringComparison.Ordinal);
                    searched = at + words[w].Length;
                    Assert.Equal(Encoding.UTF8.GetByteCount(text[..searched]), ends[w]);
                }
            }
        }
    }
}
