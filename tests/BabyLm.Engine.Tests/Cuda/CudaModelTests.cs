// The three networks on the CUDA backend (through the fake driver, kernels on the CPU emulation of the
// grid), held to the same networks on the CPU backend: the loss and every parameter's gradient of one
// step, the losses of a 20-step run with AdamW, and the same run twice on the GPU. The models are
// written once over the seam, so this is what makes `device: cuda` train the network the CPU trains.
using BabyLm.Engine.Backends;
using BabyLm.Engine.Models;
using BabyLm.Engine.Tests.Models;

namespace BabyLm.Engine.Tests.Cuda;

[Collection(CudaCollection.Name)]
[Trait("Category", "Cuda")]
public sealed class CudaModelTests(FakeCuda fake, Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>
    /// fp32 on both sides, summed in other orders: the gradients of a tiny model agree to a few 1e-6
    /// relative per tensor, and the losses of 20 steps to at most 1e-6 (measured: 2e-8 gpt, 4e-8 bert,
    /// 1e-6 llama); 1e-4 leaves room for larger models, over which AdamW's normalised updates amplify
    /// last-bit differences, and still catches a wrong kernel argument (errors of 1e-2 and up).
    /// </summary>
    private const double Fp32Tolerance = 1e-4;

    /// <summary>
    /// bf16 matrix inputs carry 8 significant bits: each input is off by up to 2⁻⁹ ≈ 0.2% relative, but the
    /// errors are unbiased and average out in the sums, so the loss moves far less: measured on this tiny
    /// model, 1.5e-5 relative at the first step and at most 2–3e-4 over 20 AdamW steps (own GEMM and cuBLAS
    /// alike). 5e-3 is 20 times that and still catches a wrong bf16 path (a mis-rounded or mis-strided cast
    /// moves the loss by 1e-1 and up); a bf16 path that were really fp32 is caught by the second check
    /// (it must differ from fp32 by more than 1e-6).
    /// </summary>
    private const double Bf16Tolerance = 5e-3;

    public static TheoryData<string, string> Variants => new()
    {
        { "gpt", "clm" }, { "llama", "clm" }, { "llama", "mlm" }, { "bert", "mlm" }, { "gpt", "mlm" },
    };

    private static ModelConfig Tiny(string arch) => new() { Arch = arch, Layers = 2, Heads = 2, Width = 32, Context = 16, TieEmbeddings = arch != "llama" };

    private CudaBackend Gpu(bool cublas = false, Precision precision = Precision.Fp32)
    {
        fake.Reset();
        return CudaBackend.Open(new CudaOptions { DriverLibrary = fake.LibraryPath, Precision = precision, CublasCandidates = cublas ? [fake.CublasPath] : [] });
    }

    private static Batch MakeBatch(int vocab, int T, bool mlm, int seed, bool padded = false)
    {
        var rng = new Random(seed);
        var batch = new Batch(4, T);
        for (int b = 0; b < 4; b++)
        {
            batch.ValidLengths[b] = padded && b % 2 == 1 ? T / 2 + b : T;
            for (int t = 0; t < T; t++)
            {
                int i = b * T + t;
                batch.Inputs[i] = 5 + rng.Next(vocab - 5);
                batch.Targets[i] = 5 + rng.Next(vocab - 5);
                if (t >= batch.ValidLengths[b]) { batch.Inputs[i] = 0; batch.Targets[i] = Batch.Ignore; }
                else if (mlm && t % 3 != 1) batch.Targets[i] = Batch.Ignore;
            }
        }
        batch.Padded = padded;
        batch.TargetCount = batch.Targets.Count(x => x != Batch.Ignore);
        return batch;
    }

    private static double RelL2(ReadOnlySpan<float> got, ReadOnlySpan<float> want)
    {
        double num = 0, den = 0;
        for (int i = 0; i < want.Length; i++)
        {
            num += Math.Pow(got[i] - want[i], 2);
            den += Math.Pow(want[i], 2);
        }
        return den > 1e-30 ? Math.Sqrt(num / den) : Math.Sqrt(num);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void OneStep_LossAndEveryGradient_MatchTheCpu(string arch, string objective)
    {
        const int vocab = 41;
        var config = Tiny(arch);
        using var cpu = new CpuBackend(2);
        using var gpu = Gpu();
        using var onCpu = ModelFactory.Create(config, vocab, cpu);
        using var onGpu = ModelFactory.Create(config, vocab, gpu);
        onCpu.Initialize(3);
        onGpu.Initialize(3);
        Assert.Equal(onCpu.ReadParameters(), onGpu.ReadParameters());  // the same initial bits, whatever the backend
        bool causal = objective == "clm";
        var batch = MakeBatch(vocab, config.Context, !causal, seed: 5, padded: arch != "bert");
        onCpu.ZeroGradients();
        onGpu.ZeroGradients();
        double lc = onCpu.Forward(batch, causal, 1f), lg = onGpu.Forward(batch, causal, 1f);
        Assert.True(Math.Abs(lg - lc) <= Fp32Tolerance * Math.Abs(lc), $"loss {lg} on the GPU, {lc} on the CPU");
        onCpu.Backward();
        onGpu.Backward();
        var gc = onCpu.ReadGradients();
        var gg = onGpu.ReadGradients();
        foreach (var t in onCpu.Layout.Tensors)
        {
            var c = gc.AsSpan((int)t.Offset, (int)t.Size);
            var g = gg.AsSpan((int)t.Offset, (int)t.Size);
            double e = RelL2(g, c);
            Assert.True(e <= Fp32Tolerance, $"{arch}/{objective} {t.Name}: relative L2 {e:0.0e+00} between the GPU's gradient and the CPU's");
        }
    }

    /// <summary>20 steps of AdamW on a fixed batch sequence; the losses, and the final parameters.</summary>
    private static (double[] Losses, float[] Parameters) Train(ILanguageModel model, bool causal, int vocab, int steps = 20)
    {
        model.Initialize(11);
        using var optimizer = new AdamWOptimizer(model, new AdamWSettings { WeightDecay = 0.1f, Clip = 1.0 });
        var losses = new double[steps];
        for (int s = 0; s < steps; s++)
        {
            var batch = MakeBatch(vocab, model.Config.Context, !causal, seed: 100 + s % 4);
            model.ZeroGradients();
            losses[s] = model.Forward(batch, causal, 1f);
            model.Backward();
            double norm = optimizer.Step(s + 1, 3e-3f);
            Assert.True(double.IsFinite(norm));
        }
        return (losses, model.ReadParameters());
    }

    [Theory]
    [InlineData("gpt", "clm", false)]
    [InlineData("llama", "clm", true)]
    [InlineData("bert", "mlm", true)]
    public void TwentySteps_TrainAsOnTheCpu(string arch, string objective, bool cublas)
    {
        const int vocab = 41;
        bool causal = objective == "clm";
        using var cpu = new CpuBackend(2);
        using var gpu = Gpu(cublas);
        using var onCpu = ModelFactory.Create(Tiny(arch), vocab, cpu);
        using var onGpu = ModelFactory.Create(Tiny(arch), vocab, gpu);
        var (lc, _) = Train(onCpu, causal, vocab);
        var (lg, _) = Train(onGpu, causal, vocab);
        output.WriteLine($"{arch}/{objective}: worst relative loss difference over 20 steps {lc.Zip(lg, (c, g) => Math.Abs(g - c) / Math.Abs(c)).Max():0.0e+00}; loss {lc[0]:0.000} → {lc[^1]:0.000}");
        for (int s = 0; s < lc.Length; s++)
            Assert.True(Math.Abs(lg[s] - lc[s]) <= Fp32Tolerance * Math.Abs(lc[s]), $"step {s + 1}: loss {lg[s]} on the GPU, {lc[s]} on the CPU");
        Assert.True(lc[^1] < lc[0] - 0.1, "the run does not learn: the comparison would prove little");
    }

    [Fact]
    public void TheSameRunOnTheGpuTwice_GivesTheSameBits()
    {
        const int vocab = 41;
        float[] Run()
        {
            using var gpu = Gpu();
            using var model = ModelFactory.Create(Tiny("gpt"), vocab, gpu);
            return Train(model, causal: true, vocab, steps: 5).Parameters;
        }
        Assert.Equal(Run(), Run());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bf16_TrainsWithinItsTolerance_AndIsReallyBf16(bool cublas)
    {
        const int vocab = 41;
        using var cpu = new CpuBackend(2);
        using var gpu = Gpu(cublas, Precision.Bf16);
        using var onCpu = ModelFactory.Create(Tiny("gpt"), vocab, cpu);
        using var onGpu = ModelFactory.Create(Tiny("gpt"), vocab, gpu);
        var (lc, _) = Train(onCpu, causal: true, vocab);
        var (lg, _) = Train(onGpu, causal: true, vocab);
        double worst = lc.Zip(lg, (c, g) => Math.Abs(g - c) / Math.Abs(c)).Max();
        output.WriteLine($"bf16 ({(cublas ? "cuBLAS" : "own GEMM")}): first-step loss {lg[0]} vs fp32 {lc[0]}; worst relative drift over 20 steps {worst:0.0e+00}");
        Assert.True(worst <= Bf16Tolerance, $"bf16 losses drift {worst:0.0e+00} relative from fp32 (tolerance {Bf16Tolerance})");
        Assert.True(Math.Abs(lg[0] - lc[0]) > 1e-6 * lc[0], "the bf16 run computed in fp32");
    }

    [Fact]
    public void Scoring_RunsInFp32_WhateverThePrecision()
    {
        const int vocab = 41;
        using var cpu = new CpuBackend(2);
        using var gpu = Gpu(cublas: false, Precision.Bf16);
        using var onCpu = ModelFactory.Create(Tiny("gpt"), vocab, cpu);
        using var onGpu = ModelFactory.Create(Tiny("gpt"), vocab, gpu);
        onCpu.Initialize(4);
        onGpu.Initialize(4);
        var batch = MakeBatch(vocab, 16, mlm: false, seed: 9);
        float[] c = new float[64], g = new float[64];
        onCpu.TargetLogProbs(batch, true, c);
        onGpu.TargetLogProbs(batch, true, g);
        Assert.True(RelL2(g, c) <= 1e-5, $"bf16 backend's scores differ from fp32 by {RelL2(g, c):0.0e+00}");
    }
}
