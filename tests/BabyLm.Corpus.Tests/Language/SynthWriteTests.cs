// `corpus synth` as a writer: same seed, same bytes (whatever the thread count); another seed, other
// text; an existing folder needs --force; a tiny budget is refused; 10M words in well under a minute.
using System.Diagnostics;
using BabyLm.Corpus.Language;
using BabyLm.Corpus.Reading;

namespace BabyLm.Corpus.Tests.Language;

public sealed class SynthWriteTests
{
    private static Dictionary<string, byte[]> Snapshot(string root)
        => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);

    [Fact]
    public void Same_seed_gives_identical_bytes_whatever_the_thread_count()
    {
        using var dir = new TempDir();
        var a = SyntheticCorpus.Write(new SynthRequest { Words = 300_000, Out = dir["a"], Seed = 3, Threads = 1 });
        var b = SyntheticCorpus.Write(new SynthRequest { Words = 300_000, Out = dir["b"], Seed = 3, Threads = 2 });
        Assert.Equal(a.ContentHash, b.ContentHash);
        var sa = Snapshot(dir["a"]);
        var sb = Snapshot(dir["b"]);
        Assert.Equal(sa.Keys.Order(), sb.Keys.Order());
        foreach (var (path, bytes) in sa) Assert.True(bytes.AsSpan().SequenceEqual(sb[path]), path);
        Assert.Contains(Path.Combine("train_300k", "childes.train.stages"), sa.Keys);
        Assert.Contains("word-classes.tsv", sa.Keys);
    }

    [Fact]
    public void Another_seed_gives_another_corpus_of_the_same_size()
    {
        using var dir = new TempDir();
        var a = SyntheticCorpus.Write(new SynthRequest { Words = 20_000, Out = dir["a"], Seed = 1 });
        var b = SyntheticCorpus.Write(new SynthRequest { Words = 20_000, Out = dir["b"], Seed = 2 });
        Assert.NotEqual(a.ContentHash, b.ContentHash);
        long Train(CorpusManifest m) => m.Files.Where(f => f.Split.StartsWith("train")).Sum(f => f.Words);
        Assert.InRange(Train(a), 19_800, 20_200);
        Assert.InRange(Train(b), 19_800, 20_200);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(12_345)]
    [InlineData(250_000)]
    public void Train_words_land_within_one_percent(long words)
    {
        using var dir = new TempDir();
        var m = SyntheticCorpus.Write(new SynthRequest { Words = words, Out = dir["c"], Seed = 5 });
        long train = m.Files.Where(f => f.Split.StartsWith("train")).Sum(f => f.Words);
        Assert.InRange(train, words * 0.99, words * 1.01);
    }

    [Fact]
    public void Existing_output_needs_force_and_tiny_budgets_are_refused()
    {
        using var dir = new TempDir();
        SyntheticCorpus.Write(new SynthRequest { Words = 5_000, Out = dir["out"], Seed = 1 });
        var ex = Assert.Throws<BabyLmException>(() => SyntheticCorpus.Write(new SynthRequest { Words = 5_000, Out = dir["out"] }));
        Assert.Contains("already exists", ex.Message);
        Assert.Contains("--force", ex.Hint);
        var first = File.ReadAllText(dir["out/corpus.json"]);
        SyntheticCorpus.Write(new SynthRequest { Words = 5_000, Out = dir["out"], Force = true });
        Assert.NotEqual(first, File.ReadAllText(dir["out/corpus.json"]));
        // --force replaces only a corpus folder this tool wrote (it has corpus.json).
        dir.Write("mine/keep.txt", "x");
        var notOurs = Assert.Throws<BabyLmException>(() => SyntheticCorpus.Write(new SynthRequest { Words = 5_000, Out = dir["mine"], Force = true }));
        Assert.Contains("holds no corpus.json", notOurs.Message);
        Assert.Equal("x", File.ReadAllText(dir["mine/keep.txt"]));
        Assert.Contains("at least", Assert.Throws<BabyLmException>(() => SyntheticCorpus.Write(new SynthRequest { Words = 10, Out = dir["tiny"] })).Message);
        Assert.False(Directory.Exists(dir["tiny"]));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Ten_million_words_take_well_under_a_minute_on_two_cores()
    {
        using var dir = new TempDir();
        var watch = Stopwatch.StartNew();
        var m = SyntheticCorpus.Write(new SynthRequest { Words = 10_000_000, Out = dir["big"], Threads = 2 });
        watch.Stop();
        long train = m.Files.Where(f => f.Split == "train_10M").Sum(f => f.Words);
        Assert.InRange(train, 9_900_000, 10_100_000);
        Assert.True(watch.Elapsed.TotalSeconds < 60, $"synth 10M took {watch.Elapsed.TotalSeconds:0.0} s");
    }
}
