// `babylm bench train`: training tokens/s of the tiny and small GPT-2-style configs of the models issue,
// side by side with the same model in PyTorch (Debian's 1.13, OPENBLAS_CORETYPE=SkylakeX, 2 threads)
// when it is installed, interleaved A/B. Also the model FLOP utilisation against the FMA peak measured
// in the same process, and the peak RSS of the tiny config.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BabyLm.Core;
using BabyLm.Engine;
using BabyLm.Engine.Backends;
using BabyLm.Engine.Models;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Bench;

public sealed class TrainBench : IBenchSuite
{
    public string Name => "train";
    public string Description => "training tokens/s (tiny and small GPT-2 configs) against PyTorch, MFU, peak memory";

    private sealed record Shape(string Name, int Vocab, int Layers, int Heads, int Width, int Context, int Batch);

    public void Run(BenchContext context)
    {
        var shapes = new[]
        {
            new Shape("tiny", 8192, 4, 4, 256, 128, 32),
            new Shape("small", 16384, 8, 8, 512, 128, 16),
        };
        double peak = FmaPeak.GflopsPerSecond(context.Threads);
        context.Report(new BenchResult { Name = "fma_peak", Value = peak, Unit = "GFLOP/s", Note = $"{context.Threads} threads, register-only FMA loop" });
        var torch = TorchAvailable();
        if (torch is null) context.Info("PyTorch not available (python3-torch): the baseline is skipped");
        int rounds = context.Quick ? 1 : 3;
        foreach (var s in shapes)
        {
            if (s.Name == "tiny") ResetPeakRss();
            int steps = context.Quick ? 2 : s.Name == "tiny" ? 8 : 4;
            using var backend = new CpuBackend(context.Threads);
            var cfg = new ModelConfig { Arch = "gpt", Layers = s.Layers, Heads = s.Heads, Width = s.Width, Context = s.Context };
            using var model = ModelFactory.Create(cfg, s.Vocab, backend);
            model.Initialize(1);
            var batch = RandomBatch(s);
            using var optimizer = new AdamWOptimizer(model, new AdamWSettings { WeightDecay = 0.1f, Clip = 1.0 });
            int t = 0;
            void Step()
            {
                model.ZeroGradients();
                model.Forward(batch, true, 1f);
                model.Backward();
                optimizer.Step(++t, 1e-3f);
            }
            Step();
            double tokensPerStep = (double)s.Batch * s.Context;
            var ours = new List<double>();
            var theirs = new List<double>();
            string torchVersion = "";
            for (int r = 0; r < rounds; r++)
            {
                double seconds = BenchTimer.Time(() => { for (int i = 0; i < steps; i++) Step(); });
                ours.Add(tokensPerStep * steps / seconds);
                if (torch is null) continue;
                (double tokensPerS, torchVersion) = RunTorch(torch, s, steps, context.Threads);
                theirs.Add(tokensPerS);
            }
            double oursMedian = BenchTimer.MedianOf([.. ours]);
            double? torchMedian = theirs.Count > 0 ? BenchTimer.MedianOf([.. theirs]) : null;
            long nonEmbedding = model.Layout.Total - model.Layout["wpe"].Size;
            double flopsPerToken = 6.0 * nonEmbedding + 6.0 * s.Layers * s.Context * s.Width;
            double mfu = oursMedian * flopsPerToken / (peak * 1e9);
            context.Report(new BenchResult
            {
                Name = $"train.{s.Name}.tokens_per_s", Value = oursMedian, Unit = "tokens/s",
                Baseline = torchMedian is null ? null : Torch.Label(torchVersion), BaselineValue = torchMedian, Target = torchMedian is null ? null : 1.5,
                Note = $"MFU {mfu:P1} of the measured peak; {model.Layout.Total / 1e6:0.0}M params",
            });
            if (s.Name == "tiny")
            {
                context.Report(new BenchResult
                {
                    Name = "train.tiny.peak_rss", Value = PeakRssMiB(), Unit = "MiB", HigherIsBetter = false, Target = 1024,
                    Note = "process peak during the tiny runs (reset before them)",
                });
            }
        }
    }

    private static Batch RandomBatch(Shape s)
    {
        var rng = Rng.Stream(1, "bench-batch");
        var b = new Batch(s.Batch, s.Context);
        for (int i = 0; i < b.Inputs.Length; i++)
        {
            b.Inputs[i] = 5 + rng.NextInt(s.Vocab - 5);
            b.Targets[i] = 5 + rng.NextInt(s.Vocab - 5);
        }
        Array.Fill(b.ValidLengths, s.Context);
        b.TargetCount = b.Targets.Length;
        return b;
    }

    internal static string? TorchAvailable()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Bench", "torch_train.py");
        if (!File.Exists(script) || !File.Exists("/usr/bin/python3")) return null;
        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", "import torch"]) { RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        return p.ExitCode == 0 ? script : null;
    }

    private static (double TokensPerS, string Version) RunTorch(string script, Shape s, int steps, int threads)
    {
        var args = new object[] { script, s.Vocab, s.Layers, s.Heads, s.Width, s.Context, s.Batch, steps }
            .Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)!).ToArray();
        var psi = new ProcessStartInfo("/usr/bin/python3", args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        psi.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        psi.Environment["OPENBLAS_CORETYPE"] = "SkylakeX";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"torch_train.py failed: {error}");
        Thread.Sleep(300); // let OpenBLAS's spinning threads park before we time again
        using var doc = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return (doc.RootElement.GetProperty("tokens_per_s").GetDouble(), doc.RootElement.GetProperty("torch").GetString() ?? "?");
    }

    /// <summary>Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM).</summary>
    private static void ResetPeakRss()
    {
        GC.Collect();
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static double PeakRssMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);
    }
}
