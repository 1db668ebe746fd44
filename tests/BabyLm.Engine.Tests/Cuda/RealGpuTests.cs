// The same checks on a real NVIDIA GPU through its driver: the only proof that the driver's JIT accepts
// the PTX and that the kernels are right on the hardware. Run by `make gpu-check`; skipped elsewhere.
using BabyLm.Engine.Cuda;
using BabyLm.Engine.Kernels;
using Xunit.Abstractions;

namespace BabyLm.Engine.Tests.Cuda;

/// <summary>A fact that runs only where BABYLM_GPU_CHECK=1 (set by `make gpu-check` on a GPU machine).</summary>
public sealed class GpuFactAttribute : FactAttribute
{
    public GpuFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("BABYLM_GPU_CHECK") != "1")
            Skip = "needs an NVIDIA GPU and driver: run `make gpu-check` there";
    }
}

[Collection(CudaCollection.Name)]
[Trait("Category", "Gpu")]
public sealed class RealGpuTests(ITestOutputHelper output)
{
    [GpuFact]
    public void RealDriver_RunsTheKernelsAsTheCpuKernelDoes()
    {
        using var gpu = CudaAttention.Open();
        output.WriteLine($"{gpu.DeviceName}, compute capability {gpu.ComputeCapability.Major}.{gpu.ComputeCapability.Minor}, " +
                         $"driver CUDA {gpu.DriverVersion} ({gpu.DriverLibrary})");
        output.WriteLine($"JIT: {gpu.JitInfoLog}");
        foreach (var (name, r) in gpu.KernelResources.OrderBy(k => k.Key))
            output.WriteLine($"{name}: {r.Registers} registers, {r.SharedBytes} B shared, {r.LocalBytes} B local");
        Assert.All(gpu.KernelResources.Values, r => Assert.Equal(0, r.LocalBytes));  // no register spills

        var big = new AttentionCase(B: 4, T: 512, NH: 8, HS: 64, Causal: true, Valid: [512, 400, 1, 0]);
        var cases = CudaAttentionTests.Shapes.Concat([big, new(B: 2, T: 1024, NH: 4, HS: 128, Causal: false, Fused: false)]);
        using var pool = new WorkerPool();
        foreach (var c in cases)
        {
            var comparison = CudaAttentionCheck.Compare(gpu, c.Shape, c.Fused, seed: 11, pool);
            output.WriteLine($"{c}: {comparison}");
            Assert.True(comparison.Passed, $"{c}: {comparison}");
        }
        Assert.Equal(CudaAttentionTests.Gradients(gpu, big), CudaAttentionTests.Gradients(gpu, big));  // no atomics: bitwise
    }
}
