// CudaAttention end to end through the fake libcuda.so.1: the real C# GPU path (driver binding,
// argument packing and order, launch geometry, buffer sizes and views) with the kernels run on the CPU
// emulation of the grid, held to the CPU kernel. The fake refuses any launch whose grid or pointer
// extents differ from attention.cu's contract, so these also check the numbers C# mirrors.
using BabyLm.Engine.Cuda;
using BabyLm.Engine.Kernels;
using Xunit.Abstractions;

namespace BabyLm.Engine.Tests.Cuda;

[Collection(CudaCollection.Name)]
[Trait("Category", "Cuda")]
public sealed class CudaAttentionTests(FakeCuda fake, ITestOutputHelper output)
{
    /// <summary>Every head-size bucket (HS ≤ 32, ≤ 64, ≤ 128), T = 1 to 300, fused and split layouts with gaps.</summary>
    public static readonly AttentionCase[] Shapes =
    [
        new(B: 1, T: 1, NH: 1, HS: 64, Causal: false),
        new(B: 2, T: 1, NH: 2, HS: 16, Causal: true, Valid: [1, 0]),
        new(B: 2, T: 17, NH: 2, HS: 16, Causal: true, Valid: [17, 5]),
        new(B: 1, T: 17, NH: 3, HS: 80, Causal: false, Fused: false, Gap: 3),
        new(B: 2, T: 40, NH: 1, HS: 128, Causal: true, Valid: [33, 40], Gap: 2),
        new(B: 1, T: 129, NH: 2, HS: 64, Causal: false, Valid: [100]),
        new(B: 1, T: 129, NH: 1, HS: 33, Causal: true, Fused: false),
        new(B: 1, T: 300, NH: 1, HS: 80, Causal: true, Valid: [257]),
        new(B: 1, T: 300, NH: 1, HS: 5, Causal: false),
    ];

    public static TheoryData<AttentionCase> Cases => [.. Shapes];

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardBackward_MatchTheCpuKernel(AttentionCase c)
    {
        fake.Reset();
        using var gpu = CudaAttention.Open(fake.LibraryPath, 0);
        using var pool = new WorkerPool(2);
        var comparison = CudaAttentionCheck.Compare(gpu, c.Shape, c.Fused, seed: 7, pool);
        output.WriteLine($"{c}: {comparison}");
        Assert.True(comparison.Passed, $"{c}: {comparison}");
    }

    [Fact]
    public void Backward_IsBitwiseReproducible()
    {
        fake.Reset();
        using var gpu = CudaAttention.Open(fake.LibraryPath, 0);
        var c = new AttentionCase(B: 2, T: 50, NH: 2, HS: 32, Causal: true, Valid: [50, 31]);
        Assert.Equal(Gradients(gpu, c), Gradients(gpu, c));
    }

    /// <summary>dq, dk, dv (fused) after a forward and a backward of <paramref name="c"/> on fixed inputs.</summary>
    public static float[] Gradients(CudaAttention gpu, AttentionCase c)
    {
        var s = c.Shape;
        var rng = new Random(3);
        var qkv = Enumerable.Range(0, c.B * c.T * c.InStride).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        using var dQkv = gpu.Allocate(qkv.Length);
        using var dOut = gpu.Allocate(c.B * c.T * c.OutStride);
        using var dLse = gpu.Allocate(c.B * c.NH * c.T);
        using var dGrad = gpu.Allocate(qkv.Length);
        dQkv.CopyFrom(qkv);
        DeviceSpan q = dQkv, k = dQkv.Span.Slice(c.C), v = dQkv.Span.Slice(2 * c.C);
        gpu.Forward(q, k, v, dOut, dLse, s);
        gpu.Backward(dOut, q, k, v, dOut, dLse, dGrad, dGrad.Span.Slice(c.C), dGrad.Span.Slice(2 * c.C), s);
        var grads = new float[qkv.Length];
        dGrad.CopyTo(grads);
        return grads;
    }

    [Fact]
    public void Open_FindsTheDriverThroughCudaDriverLibrary()
    {
        fake.Reset();
        using var driver = fake.AsDriverLibraryVariable();
        CudaAttention.EnsureAvailable();
        using var gpu = CudaAttention.Open();
        Assert.Equal(fake.LibraryPath, gpu.DriverLibrary);
        Assert.Equal((8, 0), gpu.ComputeCapability);
        Assert.Equal("12.8", gpu.DriverVersion);
        Assert.Contains(".version 7.0", gpu.JitInfoLog);
        Assert.Equal(10, gpu.KernelResources.Count);
        Assert.All(gpu.KernelResources.Where(k => k.Key != "attention_backward_delta"),
            k => Assert.InRange(k.Value.SharedBytes, 1, 48 * 1024));
    }

    [Fact]
    public void Dispose_FreesEveryAllocationAndReleasesTheContext()
    {
        fake.Reset();
        long allocations = fake.Query("live_allocations"), contexts = fake.Query("primary_context_refs");
        using (var gpu = CudaAttention.Open(fake.LibraryPath, 0))
        {
            var c = new AttentionCase(B: 2, T: 9, NH: 1, HS: 8, Causal: true, Valid: [9, 4]);
            using var pool = new WorkerPool(1);
            Assert.True(CudaAttentionCheck.Compare(gpu, c.Shape, c.Fused, seed: 1, pool).Passed);
            Assert.Equal(contexts + 1, fake.Query("primary_context_refs"));
        }
        Assert.Equal(allocations, fake.Query("live_allocations"));
        Assert.Equal(contexts, fake.Query("primary_context_refs"));
    }

    [Fact]
    public void ForwardAndBackward_RejectBadArgumentsBeforeLaunching()
    {
        fake.Reset();
        using var gpu = CudaAttention.Open(fake.LibraryPath, 0);
        var s = AttentionShape.FusedQkv(B: 2, T: 8, NH: 2, HS: 16, causal: true);
        using var qkv = gpu.Allocate(2 * 8 * 96);
        using var output = gpu.Allocate(2 * 8 * 32);
        using var lse = gpu.Allocate(2 * 2 * 8);
        DeviceSpan q = qkv, k = qkv.Span.Slice(32), v = qkv.Span.Slice(64);
        long launches = fake.Query("launches");

        var shortOut = Assert.Throws<ArgumentException>(() => gpu.Forward(q, k, v, output.Span.Slice(0, 100), lse, s));
        Assert.Contains("out has 100 floats", shortOut.Message);
        Assert.Throws<ArgumentException>(() => gpu.Forward(q, k, v.Slice(1), output, lse, s));  // v's last row runs off the end
        Assert.Throws<ArgumentException>(() => gpu.Forward(q, k, v, output, lse.Span.Slice(1), s));
        Assert.Throws<ArgumentOutOfRangeException>(() => gpu.Forward(q, k, v, output, lse, s with { HS = 129 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => gpu.Forward(q, k, v, output, lse, s with { ValidLengths = [8, 9] }));
        Assert.Throws<ArgumentException>(() => gpu.Forward(q, k, v, output, lse, s with { ValidLengths = [8] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => gpu.Backward(output, q, k, v, output, lse, q, k, v, s with { OStride = 31 }));
        Assert.Equal(launches, fake.Query("launches"));

        gpu.Forward(q, k, v, output, lse, s with { B = 0 });  // nothing to do: no launch, no error
        Assert.Equal(launches, fake.Query("launches"));
    }

    [Fact]
    public void EmbeddedPtx_TargetsSm80OnCuda11AndCallsNoExternalFunction()
    {
        using var stream = typeof(CudaAttention).Assembly.GetManifestResourceStream("BabyLm.Engine.Cuda.kernels.ptx");
        Assert.NotNull(stream);  // CI always builds it (clang-14 is installed by make setup)
        var ptx = new StreamReader(stream).ReadToEnd();
        Assert.Equal((11000, (8, 0)), CudaGpu.PtxRequirements(System.Text.Encoding.ASCII.GetBytes(ptx)));
        Assert.DoesNotContain(".extern .func", ptx);
        foreach (var d in new[] { 32, 64, 128 })
            foreach (var kernel in new[] { "attention_forward_", "attention_backward_dkdv_", "attention_backward_dq_" })
                Assert.Contains($".visible .entry {kernel}{d}(", ptx);
        Assert.Contains(".visible .entry attention_backward_delta(", ptx);
    }

    [Theory]
    [InlineData(7, 0, 11000)]
    [InlineData(7, 8, 11080)]
    [InlineData(8, 0, 12000)]
    [InlineData(8, 5, 12050)]
    [InlineData(8, 7, 12080)]
    [InlineData(9, 0, 13000)]
    public void DriverForPtx_FollowsThePtxIsaReleaseNotes(int major, int minor, int driver) =>
        Assert.Equal(driver, CudaGpu.DriverForPtx(major, minor));
}
