// Whole-model checks on tiny configurations of both architectures and both objectives: the forward loss
// equals an independent double-precision forward, every parameter's gradient equals central finite
// differences of that double forward, and a tiny model overfits one fixed batch.
using BabyLm.Core;
using BabyLm.Engine;
using BabyLm.Engine.Backends;
using BabyLm.Engine.Kernels;
using BabyLm.Engine.Models;

namespace BabyLm.Engine.Tests.Models;

public class ModelGradientTests
{
    public static TheoryData<string, string, bool> Variants => new()
    {
        { "gpt", "clm", false }, { "gpt", "mlm", false }, { "gpt", "mlm", true },
        { "llama", "clm", false }, { "llama", "mlm", true },
        { "bert", "mlm", true }, { "bert", "clm", false },
    };

    internal static ModelConfig Tiny(string arch, bool tie = true) => new()
    {
        Arch = arch, Layers = 2, Heads = 2, Width = 8, Context = 6, Hidden = arch == "llama" ? 12 : 0, TieEmbeddings = arch != "llama" || tie,
    };

    /// <summary>A fixed batch: B=2 rows of T tokens; mlm masks some targets, padded rows have valid lengths.</summary>
    internal static Batch FixedBatch(int vocab, int T, bool mlm, bool padded, long seed = 3)
    {
        var rng = Rng.Stream(seed, "test-batch");
        var batch = new Batch(2, T);
        for (int i = 0; i < batch.Inputs.Length; i++)
        {
            batch.Inputs[i] = 5 + rng.NextInt(vocab - 5);
            batch.Targets[i] = 5 + rng.NextInt(vocab - 5);
        }
        batch.ValidLengths[0] = T;
        batch.ValidLengths[1] = padded ? T - 2 : T;
        batch.Padded = padded;
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < T; t++)
            {
                int i = b * T + t;
                if (t >= batch.ValidLengths[b]) { batch.Inputs[i] = 0; batch.Targets[i] = Batch.Ignore; }
                else if (mlm && t % 2 == 1) { batch.Targets[i] = batch.Inputs[i]; batch.Inputs[i] = 4; }
                else if (mlm) batch.Targets[i] = Batch.Ignore;
            }
        batch.TargetCount = batch.Targets.Count(x => x != Batch.Ignore);
        return batch;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Gradients_MatchFiniteDifferencesOfTheDoubleReference(string arch, string objective, bool padded)
    {
        const int vocab = 11;
        var config = Tiny(arch, tie: objective == "clm");
        using var backend = new CpuBackend(2);
        using var model = ModelFactory.Create(config, vocab, backend);
        model.Initialize(7);
        // Larger weights than the default init, so every path carries a visible gradient.
        var parameters = model.ReadParameters();
        for (int i = 0; i < parameters.Length; i++) parameters[i] *= 3f;
        model.WriteParameters(parameters);
        bool causal = objective == "clm";
        var batch = FixedBatch(vocab, config.Context, objective == "mlm", padded);

        model.ZeroGradients();
        double loss = model.Forward(batch, causal, 1f);
        model.Backward();
        var gradients = model.ReadGradients();

        var reference = new ReferenceModel(config, model.Layout, vocab, ropeInterleaved: false);
        var p = parameters.Select(x => (double)x).ToArray();
        double refLoss = reference.Loss(p, batch, causal);
        Assert.True(Math.Abs(loss - refLoss) <= 1e-5 * Math.Max(1, Math.Abs(refLoss)), $"loss {loss} vs reference {refLoss}");

        // Central differences in double: error O(h²) ≈ 1e-8, far below float32 gradient noise.
        const double h = 1e-4;
        double maxErr = 0;
        string worst = "";
        foreach (var tensor in model.Layout.Tensors)
        {
            for (long k = 0; k < tensor.Size; k++)
            {
                long i = tensor.Offset + k;
                double keep = p[i];
                p[i] = keep + h;
                double up = reference.Loss(p, batch, causal);
                p[i] = keep - h;
                double down = reference.Loss(p, batch, causal);
                p[i] = keep;
                double fd = (up - down) / (2 * h);
                double err = Math.Abs(gradients[i] - fd) / Math.Max(1e-2, Math.Abs(fd));
                if (err > maxErr) { maxErr = err; worst = $"{tensor.Name}[{k}]: analytic {gradients[i]} vs fd {fd}"; }
            }
        }
        // float32 activations: a few 1e-4 relative on gradients of size ≥ 1e-2 (absolute 1e-6 below).
        Assert.True(maxErr < 2e-3, $"worst gradient {worst} (relative error {maxErr})");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void TinyModel_OverfitsOneBatch_Within300Steps(string arch, string objective, bool padded)
    {
        const int vocab = 32;
        var config = new ModelConfig { Arch = arch, Layers = 2, Heads = 2, Width = 32, Context = 16, TieEmbeddings = true };
        using var backend = new CpuBackend(2);
        using var model = ModelFactory.Create(config, vocab, backend);
        model.Initialize(1);
        bool causal = objective == "clm";
        var batch = FixedBatch(vocab, config.Context, objective == "mlm", padded);
        using var optimizer = new AdamWOptimizer(model, new AdamWSettings { WeightDecay = 0f, Clip = 0 });
        double loss = double.NaN;
        for (int step = 1; step <= 300; step++)
        {
            model.ZeroGradients();
            loss = model.Forward(batch, causal, 1f);
            model.Backward();
            optimizer.Step(step, 3e-3f);
            if (loss < 0.05) break;
        }
        Assert.True(loss < 0.05, $"loss after 300 steps: {loss}");
    }

    [Fact]
    public void Forward_IsBitwiseDeterministic_ForAThreadCount()
    {
        var config = new ModelConfig { Arch = "gpt", Layers = 2, Heads = 2, Width = 32, Context = 16 };
        float[] Run()
        {
            using var backend = new CpuBackend(2);
            using var model = ModelFactory.Create(config, 40, backend);
            model.Initialize(5);
            var batch = FixedBatch(40, 16, false, false);
            model.ZeroGradients();
            model.Forward(batch, true, 1f);
            model.Backward();
            return model.ReadGradients();
        }
        Assert.Equal(Run(), Run());
    }
}
