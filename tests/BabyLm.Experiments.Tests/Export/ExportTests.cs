// Export oracle: a short numpy script (Debian's python3-numpy) reads our model.safetensors + config.json,
// runs its own float64 forward pass written from the Hugging Face definitions, and must match our
// logits within 1e-4 relative — for gpt, llama (tied and untied) and the masked variants.
using System.Diagnostics;
using System.Text.Json;
using BabyLm.Corpus.Tokenization;
using BabyLm.Engine.Backends;
using BabyLm.Engine;
using BabyLm.Engine.Kernels;
using BabyLm.Engine.Models;
using BabyLm.Experiments.Export;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Tests.Export;

public sealed class ExportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "babylm-export-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData("gpt", "clm", true)]
    [InlineData("gpt", "mlm", true)]
    [InlineData("llama", "clm", true)]
    [InlineData("llama", "clm", false)]
    [InlineData("llama", "mlm", false)]
    [InlineData("bert", "mlm", true)]
    [InlineData("bert", "clm", true)]
    public void NumpyForwardOfTheExport_MatchesOurLogits(string arch, string objective, bool tie)
    {
        var tokenizer = BpeTrainer.Train(BpeTrainer.CountPiecesFromStrings(["where is the ball ?", "look at the doggy ."]),
            new BpeTrainingOptions { VocabSize = 280 });
        var tokPath = Path.Combine(_dir, "tok.json");
        Directory.CreateDirectory(_dir);
        tokenizer.Save(tokPath);
        var model = new ModelConfig { Arch = arch, Layers = 2, Heads = 4, Width = 32, Context = 12, TieEmbeddings = tie };
        var run = new RunConfig { Model = model, Objective = new ObjectiveConfig { Kind = objective } };
        using var backend = new CpuBackend(2);
        using var net = ModelFactory.Create(model, tokenizer.VocabSize, backend);
        net.Initialize(11);
        // Non-trivial norm weights and biases, so the export of every tensor matters.
        var rng = new Random(5);
        var parameters = net.ReadParameters();
        foreach (var t in net.Layout.Tensors)
            if (t.Shape.Length == 1)
                for (long i = 0; i < t.Size; i++) parameters[t.Offset + i] += (float)(rng.NextDouble() - 0.5) * 0.2f;
        net.WriteParameters(parameters);

        var outDir = Path.Combine(_dir, $"{arch}-{objective}-{tie}");
        HfExport.Write(net, run, outDir, tokPath);
        Assert.True(File.Exists(Path.Combine(outDir, "tokenizer.json")));

        var batch = new Batch(2, model.Context);
        for (int i = 0; i < batch.Inputs.Length; i++) batch.Inputs[i] = 5 + rng.Next(tokenizer.VocabSize - 5);
        Array.Fill(batch.ValidLengths, model.Context);
        var ours = new float[2 * model.Context * tokenizer.VocabSize];
        net.Logits(batch, objective == "clm", ours);

        var idsPath = Path.Combine(_dir, "ids.json");
        File.WriteAllText(idsPath, JsonSerializer.Serialize(new[] { batch.Inputs[..model.Context], batch.Inputs[model.Context..] }));
        var npy = Path.Combine(_dir, "ref.npy");
        var script = Path.Combine(AppContext.BaseDirectory, "Python", "hf_reference.py");
        var psi = new ProcessStartInfo("/usr/bin/python3", [script, outDir, idsPath, npy]) { RedirectStandardError = true, UseShellExecute = false };
        using (var p = Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"hf_reference.py failed: {err}");
        }
        var reference = ReadNpyFloat64(npy);
        Assert.Equal(ours.Length, reference.Length);
        double maxAbs = reference.Max(Math.Abs);
        double worst = 0;
        for (int i = 0; i < ours.Length; i++) worst = Math.Max(worst, Math.Abs(ours[i] - reference[i]) / Math.Max(Math.Abs(reference[i]), 0.05 * maxAbs));
        Assert.True(worst <= 1e-4, $"max relative difference {worst}");
    }

    /// <summary>Reads a little-endian float64 .npy file (numpy's format version 1).</summary>
    private static double[] ReadNpyFloat64(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int headerLen = BitConverter.ToUInt16(bytes, 8);
        var header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLen);
        Assert.Contains("'<f8'", header);
        Assert.Contains("'fortran_order': False", header);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes.AsSpan(10 + headerLen)).ToArray();
    }
}
