// `device: cuda` end to end, on the fake libcuda.so.1 (and the fake cuBLAS) that runs babylm's kernels
// on the CPU emulation of the grid: `babylm train --set device=cuda` runs to the end through the CLI
// and writes the metrics the CPU writes for the same config, within the fp32 tolerance; a run resumes
// CPU → GPU → CPU from the same checkpoints to the numbers of an uninterrupted run; run.json names the
// GPU, the precision and the matrix product that ran; a batch that does not fit says what would.
using System.Text.Json;
using BabyLm.Engine.Tests.Cuda;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Tests.Sweeps;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Tests.Training;

[Collection(CudaCollection.Name)]
[Trait("Category", "Cuda")]
public sealed class GpuTrainingTests(FakeCuda fake, TrainingFixture fx) : IClassFixture<TrainingFixture>
{
    /// <summary>fp32 on both devices, summed in other orders: the losses of these 30 steps agree to ~1e-6 (CudaModelTests); 1e-4 as there.</summary>
    private const double Tolerance = 1e-4;

    private IDisposable OnTheFakeGpu(bool cublas)
    {
        fake.Reset();
        return new Variables(new()
        {
            [Engine.Cuda.CudaDriver.LibraryVariable] = fake.LibraryPath,
            [RunBackend.CublasVariable] = cublas ? fake.CublasPath : "none",
        });
    }

    private sealed class Variables : IDisposable
    {
        private readonly Dictionary<string, string?> _before = [];

        public Variables(Dictionary<string, string> values)
        {
            foreach (var (k, v) in values)
            {
                _before[k] = Environment.GetEnvironmentVariable(k);
                Environment.SetEnvironmentVariable(k, v);
            }
        }

        public void Dispose()
        {
            foreach (var (k, v) in _before) Environment.SetEnvironmentVariable(k, v);
        }
    }

    private static List<MetricsLine> Metrics(string runDir) => RunFiles.ReadLines<MetricsLine>(Path.Combine(runDir, RunFiles.Metrics));

    private static void AssertClose(List<MetricsLine> want, List<MetricsLine> got)
    {
        Assert.Equal(want.Count, got.Count);
        for (int i = 0; i < want.Count; i++)
        {
            var (w, g) = (want[i], got[i]);
            Assert.Equal((w.Step, w.WordsSeen, w.TokensSeen, w.Epoch), (g.Step, g.WordsSeen, g.TokensSeen, g.Epoch));
            Assert.Equal(w.Lr, g.Lr);
            Assert.True(Math.Abs(g.Loss - w.Loss) <= Tolerance * Math.Abs(w.Loss), $"step {w.Step}: loss {g.Loss} on the GPU, {w.Loss} on the CPU");
            Assert.True(Math.Abs(g.GradNorm - w.GradNorm) <= Tolerance * Math.Abs(w.GradNorm), $"step {w.Step}: grad norm {g.GradNorm} vs {w.GradNorm}");
            Assert.Equal(w.DevLoss.HasValue, g.DevLoss.HasValue);
            if (w.DevLoss is { } d) Assert.True(Math.Abs(g.DevLoss!.Value - d) <= Tolerance * Math.Abs(d), $"step {w.Step}: dev loss {g.DevLoss} vs {d}");
        }
    }

    [Theory]
    [InlineData("gpt", "clm", false)]
    [InlineData("llama", "mlm", true)]
    public void TrainThroughTheCli_OnTheGpu_WritesTheCpusMetrics(string arch, string objective, bool cublas)
    {
        // A small probe suite (a Zorro folder: bad, good, …), scored during and after training.
        var zorro = Path.Combine(fx.Root, "zorro-gpu");
        Directory.CreateDirectory(zorro);
        File.WriteAllText(Path.Combine(zorro, "agreement_subject_verb-simple.txt"),
            "the doggy see the ball .\nthe doggy sees the ball .\nwhere are the ball ?\nwhere is the ball ?\nmommy want a cookie .\nmommy wants a cookie .\n");
        string[] sets = [$"model.arch={arch}", $"objective.kind={objective}", $"eval.probes=[zorro:{zorro}]", "eval.probes_every_steps=10"];
        var cpuDir = fx.NewRunDir("cpu");
        var cfg = fx.Config("", sets);
        Trainer.Run(new TrainRequest { Config = cfg, RunDir = cpuDir, Probes = TrainingDefaults.Probes(cfg) });

        var yaml = Path.Combine(fx.Root, $"gpu-{arch}.yaml");
        File.WriteAllText(yaml, fx.Yaml());
        var gpuDir = fx.NewRunDir("gpu");
        fake.Reset();
        var env = new Dictionary<string, string>
        {
            [Engine.Cuda.CudaDriver.LibraryVariable] = fake.LibraryPath,
            [RunBackend.CublasVariable] = cublas ? fake.CublasPath : "none",
        };
        var r = BabyLmCli.Run(fx.Root, TimeSpan.FromMinutes(10), env,
            ["train", yaml, "--out", gpuDir, .. sets.Append("device=cuda").SelectMany(s => new[] { "--set", s })]);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("device: cuda: GPU 0 fake libcuda", r.Stdout + r.Stderr);
        AssertClose(Metrics(cpuDir), Metrics(gpuDir));

        var info = RunInfo.TryRead(gpuDir)!;
        Assert.Equal(RunFiles.Status.Done, info.Status);
        Assert.Equal("cuda", info.Device);
        Assert.StartsWith("0: fake libcuda", info.Gpu);
        Assert.Equal("fp32", info.Precision);
        Assert.StartsWith(cublas ? "cuBLAS 12.8.2" : "babylm tiled GEMM", info.Gemm);
        Assert.True(info.GpuPeakBytes > 0);
        Assert.Equal(RunIdentity.Of(cfg), RunIdentity.Of(Config.YamlConfig.Load<RunConfig>(Path.Combine(gpuDir, RunFiles.Config))));  // the same run
        // The probes were scored on the GPU, in fp32: the same verdicts pair by pair as on the CPU.
        var cpuProbes = RunFiles.ReadLines<ProbeLine>(Path.Combine(cpuDir, RunFiles.Probes));
        var gpuProbes = RunFiles.ReadLines<ProbeLine>(Path.Combine(gpuDir, RunFiles.Probes));
        Assert.NotEmpty(cpuProbes);
        Assert.Equal(cpuProbes.Select(p => (p.Step, p.Paradigm, p.Pairs, p.Correct, p.Ties)), gpuProbes.Select(p => (p.Step, p.Paradigm, p.Pairs, p.Correct, p.Ties)));
    }

    [Fact]
    public void Resume_CpuThenGpuThenCpu_ReproducesTheUninterruptedRun()
    {
        var cfg = fx.Config("", "curriculum.order=random");
        var whole = fx.NewRunDir("whole");
        Trainer.Run(new TrainRequest { Config = cfg, RunDir = whole });

        var split = fx.NewRunDir("split");
        var first = Trainer.Run(new TrainRequest { Config = cfg, RunDir = split, StopAfterStep = 10 });
        Assert.Equal(10, first.Step);
        TrainResult second;
        using (OnTheFakeGpu(cublas: true))
            second = Trainer.Run(new TrainRequest { Config = cfg with { Device = "cuda" }, RunDir = split, StopAfterStep = 20 });
        Assert.Equal(20, second.Step);
        Assert.Equal("cuda", RunInfo.TryRead(split)!.Device);
        var third = Trainer.Run(new TrainRequest { Config = cfg, RunDir = split });
        Assert.True(third.Completed);
        AssertClose(Metrics(whole), Metrics(split));
        var info = RunInfo.TryRead(split)!;
        Assert.Equal(3, info.Attempts);
        Assert.Equal("cpu", info.Device);
    }

    [Fact]
    public void ABatchThatDoesNotFitTheGpu_FailsBeforeTraining_SayingWhatWouldFit()
    {
        var cfg = fx.Config("", "device=cuda", "batch.sequences=64");
        var (model, perSequence) = RunBackend.Footprint(cfg.Model, 300, cfg.Model.Context);
        var dir = fx.NewRunDir("oom");
        using var gpu = OnTheFakeGpu(cublas: false);
        // Room for the model, the backend's own staging and ten and a half sequences.
        fake.Configure("alloc_limit", model + Engine.Backends.CudaBackend.OwnBytes + 10 * perSequence + perSequence / 2);
        var e = Assert.Throws<BabyLmException>(() => Trainer.Run(new TrainRequest { Config = cfg, RunDir = dir }));
        Assert.StartsWith("GPU out of memory on fake libcuda", e.Message);
        Assert.Contains("for a batch of 64 × 32 tokens", e.Message);
        Assert.StartsWith("batch.sequences: 10 would fit", e.Hint);
        Assert.False(File.Exists(Path.Combine(dir, RunFiles.Metrics)));  // no step ran
        Assert.Equal(RunFiles.Status.Failed, RunInfo.TryRead(dir)!.Status);
        fake.Reset();
    }

    [Fact]
    public void ReducedPrecisionOnTheCpu_IsAConfigError()
    {
        var e = Assert.Throws<BabyLmException>(() => fx.Config("", "precision=bf16"));
        Assert.Contains("precision", e.Message);
        Assert.Contains("bf16 runs on a GPU only (device: cuda)", e.Message);
    }
}
