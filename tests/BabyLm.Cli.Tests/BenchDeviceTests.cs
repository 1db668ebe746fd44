// `babylm bench … --device cuda`: where no GPU can be used it fails before any work, with the driver
// problem as one error line and exit code 2; a suite without a CUDA variant says so.
namespace BabyLm.Cli.Tests;

public sealed class BenchDeviceTests
{
    [Fact]
    public void BenchAttentionOnCuda_WithoutADriver_ExitsTwoSayingSo()
    {
        var before = Environment.GetEnvironmentVariable("CUDA_DRIVER_LIBRARY");
        try
        {
            Environment.SetEnvironmentVariable("CUDA_DRIVER_LIBRARY", "/nonexistent/libcuda.so.1");
            var r = CliRunner.Run("bench", "attention", "--device", "cuda");
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("error: no NVIDIA driver: the CUDA driver library was not found (tried /nonexistent/libcuda.so.1)", r.Stderr);
            Assert.DoesNotContain("   at ", r.Stderr);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CUDA_DRIVER_LIBRARY", before);
        }
    }

    [Fact]
    public void BenchCorpusOnCuda_SaysThereIsNoCudaVariant()
    {
        var r = CliRunner.Run("bench", "corpus", "--device", "cuda");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: bench corpus has no CUDA variant.", r.Stderr);
        Assert.Contains("hint: suites with one: attention.", r.Stderr);
    }
}
