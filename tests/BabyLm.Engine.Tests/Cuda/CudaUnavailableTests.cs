// Every way a machine can fail to run the CUDA kernels ends in a CudaUnavailableException (a
// BabyLmException: the CLI prints it and exits 2) whose message says what is wrong and whose hint says
// what to do — driven through the fake driver's knobs — and leaves no GPU context behind.
using BabyLm.Engine.Cuda;

namespace BabyLm.Engine.Tests.Cuda;

[Collection(CudaCollection.Name)]
[Trait("Category", "Cuda")]
public sealed class CudaUnavailableTests(FakeCuda fake)
{
    private CudaUnavailableException OpenFails(string? library = null, int device = 0)
    {
        long contexts = fake.Query("primary_context_refs");
        var e = Assert.Throws<CudaUnavailableException>(() => CudaAttention.Open(library ?? fake.LibraryPath, device));
        Assert.Equal(contexts, fake.Query("primary_context_refs"));
        Assert.IsAssignableFrom<BabyLmException>(e);
        return e;
    }

    [Fact]
    public void Open_WithoutADriverLibrary_SaysThereIsNoDriver()
    {
        var e = OpenFails("/nonexistent/libcuda.so.1");
        Assert.StartsWith("no NVIDIA driver", e.Message);
        Assert.Contains("/nonexistent/libcuda.so.1", e.Message);
        Assert.Contains(CudaDriver.LibraryVariable, e.Hint);
    }

    [Fact]
    public void Open_OnALibraryThatIsNoDriver_NamesTheMissingEntryPoint()
    {
        var e = OpenFails("libm.so.6");
        Assert.Contains("is not a usable NVIDIA driver library: it has no cuInit", e.Message);
    }

    [Theory]
    [InlineData(34, "the CUDA toolkit's stub library", "stubs")]
    [InlineData(100, "sees no GPU", "CUDA_VISIBLE_DEVICES")]
    [InlineData(35, "cannot run CUDA here", "same version")]
    [InlineData(803, "cannot run CUDA here", "same version")]
    [InlineData(999, "failed to start: cuInit", null)]
    public void Open_WhenCuInitFails_SaysWhy(int result, string message, string? hint)
    {
        fake.Reset();
        fake.Configure("init_result", result);
        var e = OpenFails();
        Assert.Contains(message, e.Message);
        if (hint is not null) Assert.Contains(hint, e.Hint);
    }

    [Fact]
    public void Open_OnAnOldDriver_SaysWhichCudaVersionIsNeeded()
    {
        fake.Reset();
        fake.Configure("driver_version", 10020);
        var e = OpenFails();
        Assert.Contains("too old: it supports CUDA 10.2, babylm's kernels need CUDA 11.0 or newer", e.Message);
    }

    [Fact]
    public void Open_OnAPreAmpereGpu_SaysWhichComputeCapabilityIsNeeded()
    {
        fake.Reset();
        fake.Configure("cc_major", 7);
        fake.Configure("cc_minor", 5);
        var e = OpenFails();
        Assert.Contains("has compute capability 7.5; babylm's CUDA kernels need 8.0", e.Message);
    }

    [Fact]
    public void Open_OnAMissingGpuNumber_SaysHowManyThereAre()
    {
        fake.Reset();
        Assert.Contains("GPU 1 was asked for, but the NVIDIA driver sees 1 GPU(s)", OpenFails(device: 1).Message);
        fake.Configure("device_count", 0);
        Assert.Contains("sees 0 GPU(s)", OpenFails().Message);
    }

    [Fact]
    public void Open_WhenTheJitRefusesThePtxVersion_SaysToUpdateTheDriver()
    {
        fake.Reset();
        fake.Configure("jit_error", 222);
        var e = OpenFails();
        Assert.Contains("cannot compile babylm's kernels", e.Message);
        Assert.Contains("forced by fakecuda_configure", e.Message);  // the JIT's error log is passed on
        Assert.Equal("update the NVIDIA driver.", e.Hint);
    }

    [Fact]
    public void Open_WhenTheJitRejectsThePtx_NamesTheKernelAndPassesTheJitLogOn()
    {
        fake.Reset();
        fake.Configure("jit_error", 218);
        var e = OpenFails();
        Assert.Contains("rejected babylm's PTX in the kernel gemm_tiled", e.Message);  // the kernel holding the line ptxas names
        Assert.Contains("CUDA_ERROR_INVALID_PTX", e.Message);
        Assert.Contains("forced by fakecuda_configure", e.Message);
        Assert.Contains("babylm's bug", e.Hint);
    }

    [Fact]
    public void Allocate_BeyondTheGpusMemory_SaysOutOfMemory()
    {
        fake.Reset();
        using var gpu = CudaAttention.Open(fake.LibraryPath, 0);
        fake.Configure("alloc_limit", 1 << 20);
        var e = Assert.Throws<CudaOutOfMemoryException>(() => gpu.Allocate(1 << 20));
        Assert.StartsWith("GPU out of memory", e.Message);
        fake.Reset();
    }
}
