// `corpus sample`: a 100M-style corpus (BabyLM's six sources in their proportions) cut to a tenth:
// within ±1% of the target words, each source within ±2 points of its share, same seed → same bytes.
using BabyLm.Core;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Sampling;

namespace BabyLm.Corpus.Tests.Sampling;

public sealed class SamplerTests : IDisposable
{
    // BabyLM 2024 source shares (%).
    private static readonly (string Source, double Share)[] Sources =
    [
        ("childes", 29), ("gutenberg", 26), ("open_subtitles", 20), ("simple_wiki", 15), ("bnc_spoken", 8), ("switchboard", 2),
    ];

    private const int TotalWords = 1_000_000;
    private readonly TempDir _dir = new();

    public SamplerTests()
    {
        int seed = 0;
        foreach (var (source, share) in Sources)
            _dir.Write($"big/train_100M/{source}.train", FixtureText.Lines((int)(TotalWords * share / 100), ++seed));
        _dir.Write("big/dev/childes.dev", FixtureText.Lines(2000, 99));
    }

    public void Dispose() => _dir.Dispose();

    private CorpusManifest Sample(string name, long seed) => CorpusSampler.Sample(new SampleRequest
    {
        Corpus = _dir["big"], Words = TotalWords / 10, Out = _dir[name], Seed = seed,
    });

    [Fact]
    public void Sample_HitsTheTarget_AndKeepsEverySourceShare()
    {
        var manifest = Sample("s1", 1);
        var stats = CorpusStatsBuilder.Compute(CorpusLayout.Open(_dir["s1"]), CleaningProfile.None);
        Assert.Equal("train_100k", stats.Splits[0].Split);
        long train = stats.TrainWords;
        Assert.InRange(train, TotalWords / 10 * 0.99, TotalWords / 10 * 1.01);

        var bigStats = CorpusStatsBuilder.Compute(CorpusLayout.Open(_dir["big"]), CleaningProfile.None);
        foreach (var src in bigStats.Splits[0].Sources)
        {
            double original = 100.0 * src.Words / bigStats.TrainWords;
            var sampled = stats.Splits[0].Sources.Single(s => s.Source == src.Source);
            Assert.InRange(100.0 * sampled.Words / train, original - 2, original + 2);
        }
        // The manifest names every file with its words and hash; dev is copied whole.
        Assert.Equal(7, manifest.Files.Count);
        Assert.Equal(bigStats.Splits[1].Words, stats.Splits[1].Words);
        var onDisk = CorpusManifest.TryRead(_dir["s1"])!;
        Assert.Equal(manifest.ContentHash, onDisk.ContentHash);
        foreach (var f in onDisk.Files) Assert.Equal(Hashing.FileSha256Hex(Path.Combine(_dir["s1"], f.Path)), f.Sha256);
    }

    [Fact]
    public void Sample_SameSeedSameBytes_OtherSeedOtherBytes()
    {
        var a = Sample("a", 7);
        var b = Sample("b", 7);
        var c = Sample("c", 8);
        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.NotEqual(a.ContentHash, c.ContentHash);
    }

    [Fact]
    public void Sample_KeepsLinesInTheirOriginalOrder_InContiguousChunks()
    {
        Sample("o", 3);
        var original = File.ReadAllLines(_dir["big/train_100M/childes.train"]).Where(l => l.Trim().Length > 0).ToList();
        var sampled = File.ReadAllLines(_dir["o/train_100k/childes.train"]);
        // Every sampled line is the next matching line of the original, scanning forward (order kept).
        int pos = 0, jumps = 0;
        foreach (var line in sampled)
        {
            int found = original.IndexOf(line, pos);
            Assert.True(found >= 0, "sampled line out of order");
            if (found != pos) jumps++;
            pos = found + 1;
        }
        Assert.InRange(jumps, 1, sampled.Length / 20); // chunks, not scattered lines
    }

    [Fact]
    public void Sample_MoreWordsThanTheCorpus_OrExistingOutput_AreClearErrors()
    {
        var tooMany = Assert.Throws<BabyLmException>(() => CorpusSampler.Sample(new SampleRequest { Corpus = _dir["big"], Words = 10_000_000, Out = _dir["x"] }));
        Assert.Contains("has only", tooMany.Message);
        Assert.False(Directory.Exists(_dir["x"]));
        _dir.Write("occupied/file.txt", "x");
        var exists = Assert.Throws<BabyLmException>(() => CorpusSampler.Sample(new SampleRequest { Corpus = _dir["big"], Words = 1000, Out = _dir["occupied"] }));
        // Not a corpus folder this tool wrote: --force would not replace it either, and the hint says so.
        Assert.Contains("holds no corpus.json", exists.Hint);
    }
}
