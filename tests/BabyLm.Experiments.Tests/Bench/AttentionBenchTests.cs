// `babylm bench attention --device cuda` through the fake driver: it checks the GPU kernel against the
// CPU kernel before it times anything, and reports the check and both timings.
using BabyLm.Engine.Tests.Cuda;
using BabyLm.Experiments.Bench;

namespace BabyLm.Experiments.Tests.Bench;

[Collection(CudaCollection.Name)]
public sealed class AttentionBenchTests(FakeCuda fake)
{
    [Fact]
    public void Bench_QuickRun_ChecksAgainstTheCpuKernelThenTimes()
    {
        fake.Reset();
        using var driver = fake.AsDriverLibraryVariable();
        var context = new BenchContext(new StringWriter(), json: null, threads: 1, quick: true);
        new AttentionBench().OnCuda().Run(context);
        Assert.Equal(["attention.cuda.quick.max_rel_l2", "attention.cuda.quick.forward", "attention.cuda.quick.backward"],
            context.Results.Select(r => r.Name));
        Assert.True(context.Results[0].MeetsTarget);
        Assert.All(context.Results.Skip(1), r => Assert.True(r.Value > 0 && r.BaselineValue > 0));
    }
}
