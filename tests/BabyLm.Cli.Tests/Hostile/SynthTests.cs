// Defect 6 of issue 21: `corpus synth --words 10B` built the whole corpus in memory and died of SIGSEGV.
// Now the synthesis streams to disk (memory stays flat, the bytes are those of the in-memory build), and
// --words is bounded by a clear message, as is the disk space the corpus needs.
using System.Diagnostics;
using BabyLm.Corpus.Language;

namespace BabyLm.Cli.Tests.Hostile;

[Trait("Suite", Hostile.Suite)]
public sealed class SynthTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("10B")]
    [InlineData("2B")]
    public void Too_many_words_are_refused_before_anything_is_built(string words)
    {
        Hostile.AssertUserError(CliRunner.Run("corpus", "synth", "--words", words, "--out", _dir["big"]), "at most 1B words", "--words 100M");
        Assert.False(Directory.Exists(_dir["big"]));
    }

    [Fact]
    public void A_corpus_larger_than_the_free_disk_space_is_refused()
    {
        var ex = Assert.Throws<BabyLmException>(() => SyntheticCorpus.CheckDiskSpace(100_000_000, "/data", freeBytes: 200_000_000));
        Assert.Contains("needs ≈ 0.7 GB on disk", ex.Message);
        Assert.Contains("/data has 0.2 GB free", ex.Message);
        SyntheticCorpus.CheckDiskSpace(1_000_000, "/data", freeBytes: 200_000_000);
    }

    /// <summary>
    /// Ten million words under a 48 MB GC heap limit: the in-memory build needs more than 100 MB of heap for
    /// them (the text alone is 50 MB), the streamed one a window of chunks. The child process is the tool as
    /// a user runs it; an out-of-memory crash fails the test.
    /// </summary>
    [Fact]
    public async Task Synthesis_streams_to_disk_so_memory_stays_flat()
    {
        var psi = new ProcessStartInfo("dotnet", [typeof(CliApp).Assembly.Location, "corpus", "synth", "--words", "10M", "--out", _dir["c"], "--threads", "2"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x3000000";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr}");
        Assert.Contains("train words", await stdout);
        Assert.True(new FileInfo(_dir["c/train_10M/childes.train"]).Length > 15_000_000);
    }

    [Fact]
    public void The_streamed_corpus_has_the_bytes_of_the_recorded_one()
    {
        // The content hash printed by the in-memory implementation (commit 5b88ac1) for this size and seed.
        var r = CliRunner.Run("corpus", "synth", "--words", "900k", "--out", _dir["c"], "--seed", "3", "--threads", "2");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("content hash 2e407a9aabb6", r.Stdout);
    }
}
