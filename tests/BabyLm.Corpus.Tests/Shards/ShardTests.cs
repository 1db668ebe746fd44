// Token shards: what is written decodes back to the corpus, the cache finds a second prepare, and every
// kind of damage to the files is detected by the header and size checks.
using System.Buffers.Binary;
using System.Text;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Text;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Tests.Shards;

public sealed class ShardTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _tokenizer;

    public ShardTests()
    {
        _dir.Write("corpus/train_10M/childes.train", FixtureText.Lines(4000, 11));
        _dir.Write("corpus/train_10M/stories.train", FixtureText.Lines(3000, 12));
        _dir.Write("corpus/dev/childes.dev", FixtureText.Lines(500, 13));
        _dir.Write("corpus/test/childes.test", FixtureText.Lines(500, 14));
        var layout = CorpusLayout.Open(_dir["corpus"]);
        var tok = BpeTrainer.Train(layout, "train_10M", CleaningProfile.None, new BpeTrainingOptions { VocabSize = 400 });
        _tokenizer = _dir["tok.json"];
        tok.Save(_tokenizer);
    }

    public void Dispose() => _dir.Dispose();

    private PrepareResult Prepare(string outName = "shards")
        => ShardSet.Prepare(new PrepareRequest { Corpus = _dir["corpus"], Tokenizer = _tokenizer, Out = _dir[outName] });

    [Fact]
    public void Prepare_WritesEveryUtteranceInCorpusOrder_AndTheyDecodeBackToTheText()
    {
        var result = Prepare();
        Assert.False(result.Cached);
        var tok = BpeTokenizer.Load(_tokenizer);
        using var shard = TokenShard.Open(Path.Combine(result.Directory, ShardSet.TrainDir));
        var expected = new List<(string Text, string Source, long Line)>();
        foreach (var source in new[] { "childes", "stories" })
        {
            var lines = File.ReadAllLines(_dir[$"corpus/train_10M/{source}.train"]);
            for (int i = 0; i < lines.Length; i++)
                if (Words.Count(lines[i]) > 0) expected.Add((lines[i], source, i + 1));
        }
        Assert.Equal(expected.Count, shard.Count);
        for (int u = 0; u < shard.Count; u++)
        {
            Assert.Equal(expected[u].Text, Encoding.UTF8.GetString(tok.DecodeBytes(shard.Tokens(u))));
            Assert.Equal(Words.Count(expected[u].Text), shard[u].Words);
            Assert.Equal(expected[u].Source, result.Manifest.Sources[shard[u].Source]);
            Assert.Equal(expected[u].Line, shard[u].Position);
        }
        Assert.Equal(expected.Sum(e => (long)Words.Count(e.Text)), shard.Words);
        Assert.Equal(2, result.Manifest.Splits.Count); // train and dev; test is not tokenized
        using var dev = TokenShard.Open(Path.Combine(result.Directory, ShardSet.DevDir));
        Assert.True(dev.Count > 0);
    }

    [Fact]
    public void Prepare_SecondTimeWithSameInputs_IsACacheHit_AndChangedInputsRebuild()
    {
        var first = Prepare();
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(first.Directory, "train", ShardFiles.Tokens));
        var second = Prepare();
        Assert.True(second.Cached);
        Assert.Equal(first.Manifest.Key, second.Manifest.Key);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(first.Directory, "train", ShardFiles.Tokens)));

        File.AppendAllText(_dir["corpus/train_10M/stories.train"], "one more line .\n");
        var third = Prepare();
        Assert.False(third.Cached);
        Assert.NotEqual(first.Manifest.Key, third.Manifest.Key);
    }

    [Fact]
    public void Prepare_IsDeterministic_ForAnyThreadCount()
    {
        var one = ShardSet.Prepare(new PrepareRequest { Corpus = _dir["corpus"], Tokenizer = _tokenizer, Out = _dir["s1"], Threads = 1 });
        var two = ShardSet.Prepare(new PrepareRequest { Corpus = _dir["corpus"], Tokenizer = _tokenizer, Out = _dir["s2"], Threads = 2 });
        foreach (var f in new[] { "train/tokens.bin", "train/utterances.bin", "dev/tokens.bin" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(one.Directory, f)), File.ReadAllBytes(Path.Combine(two.Directory, f)));
    }

    private string TrainShard() => Path.Combine(Prepare().Directory, ShardSet.TrainDir);

    private static void Mutate(string path, Func<byte[], byte[]> change) => File.WriteAllBytes(path, change(File.ReadAllBytes(path)));

    [Fact]
    public void Open_TruncatedTokensBin_IsDetected()
    {
        var dir = TrainShard();
        Mutate(Path.Combine(dir, ShardFiles.Tokens), b => b[..^3]);
        var ex = Assert.Throws<BabyLmException>(() => TokenShard.Open(dir));
        Assert.Contains("tokens.bin", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Open_TruncatedUtterancesBin_IsDetected()
    {
        var dir = TrainShard();
        Mutate(Path.Combine(dir, ShardFiles.Utterances), b => b[..^32]);
        var ex = Assert.Throws<BabyLmException>(() => TokenShard.Open(dir));
        Assert.Contains("utterances.bin", ex.Message);
    }

    [Fact]
    public void Open_BadMagicOrVersion_IsDetected()
    {
        var dir = TrainShard();
        var path = Path.Combine(dir, ShardFiles.Tokens);
        var original = File.ReadAllBytes(path);
        Mutate(path, b => { b[0] = (byte)'X'; return b; });
        Assert.Contains("bad magic", Assert.Throws<BabyLmException>(() => TokenShard.Open(dir)).Message);
        File.WriteAllBytes(path, original);
        Mutate(path, b => { BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(8), 99); return b; });
        Assert.Contains("version 99", Assert.Throws<BabyLmException>(() => TokenShard.Open(dir)).Message);
    }

    [Fact]
    public void Open_TokenOutsideTheVocabulary_IsDetected()
    {
        var dir = TrainShard();
        Mutate(Path.Combine(dir, ShardFiles.Tokens), b => { b[ShardFormat.HeaderBytes] = 0xFF; b[ShardFormat.HeaderBytes + 1] = 0xFF; return b; });
        var ex = Assert.Throws<BabyLmException>(() => TokenShard.Open(dir));
        Assert.Contains("65535", ex.Message);
    }

    [Fact]
    public void Open_RecordOutOfBounds_IsDetected()
    {
        var dir = TrainShard();
        Mutate(Path.Combine(dir, ShardFiles.Utterances), b =>
        {
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(ShardFormat.HeaderBytes + 8), 1_000_000);
            return b;
        });
        var ex = Assert.Throws<BabyLmException>(() => TokenShard.Open(dir));
        Assert.Contains("record 0", ex.Message);
    }

    [Fact]
    public void Open_MissingFiles_SaysToPrepare()
    {
        var ex = Assert.Throws<BabyLmException>(() => TokenShard.Open(_dir["nowhere"]));
        Assert.Contains("corpus prepare", ex.Hint);
    }

    [Fact]
    public void Prepare_FailingMidway_LeavesNoOutputFolder()
    {
        _dir.WriteBytes("corpus/train_10M/zbad.train", [(byte)'o', (byte)'k', (byte)'\n', 0xFF, (byte)'\n']);
        var ex = Assert.Throws<BabyLmException>(() => Prepare("partial"));
        Assert.Contains("zbad.train:2", ex.Message);
        Assert.False(Directory.Exists(_dir["partial"]));
        Assert.Empty(Directory.GetDirectories(_dir.Path, "partial*"));
    }
}
