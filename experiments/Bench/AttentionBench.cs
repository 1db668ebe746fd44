// `babylm bench attention [--device cpu|cuda]`: fused attention, forward and backward, on the attention
// shapes of the tiny and small models (T = 128, HS = 64) and two longer ones, causal, q/k/v in a fused
// QKV buffer. On cpu: the C# kernel (Kernels.Attention), first checked against its scalar reference. On
// cuda: the CUDA kernel, first held to the C# kernel on the same shape (CudaAttentionCheck), then timed
// interleaved with it (baseline: the C# kernel on this machine's CPU; ratio = how many times faster the
// GPU is). Opening the GPU comes first: without one it fails at once with the reason (exit code 2).
// GFLOP/s count 4·HS flops per visible (query, key) pair forward and 2.5 times that backward
// (FlashAttention's convention), whatever the kernels recompute.
using System.Globalization;
using BabyLm.Engine.Cuda;
using BabyLm.Engine.Kernels;

namespace BabyLm.Experiments.Bench;

public sealed class AttentionBench(bool cuda = false) : ICudaBenchSuite
{
    public string Name => "attention";
    public string Description => cuda
        ? "the CUDA attention kernel, forward and backward, against the C# kernel on the CPU"
        : "the fused attention kernel (C#), forward and backward, on the models' attention shapes";

    public IBenchSuite OnCuda() => new AttentionBench(cuda: true);

    private sealed record Case(string Name, int B, int T, int NH, int HS)
    {
        public AttentionShape Shape => AttentionShape.FusedQkv(B, T, NH, HS, causal: true);
        public double ForwardFlops => 4.0 * HS * B * NH * T * (T + 1) / 2;
        public override string ToString() => $"B={B} T={T} NH={NH} HS={HS} causal, fused QKV";
    }

    private static readonly Case[] Cases =
    [
        new("tiny", B: 32, T: 128, NH: 4, HS: 64),
        new("small", B: 16, T: 128, NH: 8, HS: 64),
        new("long", B: 8, T: 1024, NH: 8, HS: 64),
        new("wide", B: 8, T: 512, NH: 4, HS: 128),
    ];
    private static readonly Case[] QuickCases = [new("quick", B: 2, T: 48, NH: 2, HS: 32)];

    public void Run(BenchContext context)
    {
        using var gpu = cuda ? CudaAttention.Open() : null;
        if (gpu is not null) Describe(context, gpu);
        using var pool = new WorkerPool(context.Threads);
        int rounds = context.Quick ? 1 : 5;
        foreach (var c in context.Quick ? QuickCases : Cases)
        {
            var data = new Data(c.Shape);
            string device = gpu is null ? "cpu" : "cuda", note = $"{c}; C# on {pool.Threads} threads";
            Check(context, c, device, gpu, pool);
            var cpuForward = () => Attention.Forward(data.Qkv, data.Qkv.AsSpan(data.C), data.Qkv.AsSpan(2 * data.C), data.Out, data.Lse, data.Shape, pool);
            var cpuBackward = () => Attention.Backward(data.Dout, data.Qkv, data.Qkv.AsSpan(data.C), data.Qkv.AsSpan(2 * data.C), data.Out, data.Lse,
                data.Dqkv, data.Dqkv.AsSpan(data.C), data.Dqkv.AsSpan(2 * data.C), data.Shape, pool);
            if (gpu is null)
            {
                Report(context, $"attention.cpu.{c.Name}", c, BenchTimer.Median(cpuForward, rounds), BenchTimer.Median(cpuBackward, rounds), null, note);
                continue;
            }
            using var onGpu = new DeviceData(gpu, data);
            var forward = BenchTimer.Interleaved([onGpu.Forward, cpuForward], rounds);
            var backward = BenchTimer.Interleaved([onGpu.Backward, cpuBackward], rounds);
            Report(context, $"attention.cuda.{c.Name}", c, forward[0], backward[0], (forward[1], backward[1]), note);
        }
    }

    private static void Describe(BenchContext context, CudaAttention gpu)
    {
        context.Info($"GPU: {gpu.DeviceName}, compute capability {gpu.ComputeCapability.Major}.{gpu.ComputeCapability.Minor}, " +
                     $"driver CUDA {gpu.DriverVersion} ({gpu.DriverLibrary})");
        foreach (var (kernel, r) in gpu.KernelResources.OrderBy(k => k.Key))
            context.Info($"  {kernel}: {r.Registers} registers, {r.SharedBytes} B shared, {r.LocalBytes} B local");
    }

    // The GPU against the C# kernel on the timed shape; the C# kernel against its scalar reference on a
    // cut-down one (the scalar path is slow). A failed check stops the suite.
    private static void Check(BenchContext context, Case c, string device, CudaAttention? gpu, WorkerPool pool)
    {
        double error;
        string detail;
        if (gpu is not null)
        {
            var comparison = CudaAttentionCheck.Compare(gpu, c.Shape, fusedQkv: true, seed: 1, pool);
            (error, detail) = (comparison.Passed ? comparison.Max : double.PositiveInfinity, $"vs the C# kernel: {comparison}");
        }
        else
        {
            var small = new Data(AttentionShape.FusedQkv(1, Math.Min(c.T, 128), c.NH, c.HS, causal: true));
            var fast = small.Forward(Simd.Best, pool);
            var reference = small.Forward(SimdPath.Scalar, pool);
            error = RelL2(fast, reference);
            detail = $"out vs the scalar reference at B=1 T={small.Shape.T}";
        }
        context.Report(new BenchResult
        {
            Name = $"attention.{device}.{c.Name}.max_rel_l2", Value = error, Unit = "", HigherIsBetter = false,
            Target = CudaAttentionCheck.Tolerance, Note = detail,
        });
        if (!(error <= CudaAttentionCheck.Tolerance))
            throw new InvalidOperationException($"bench attention: the {device} kernel is wrong on {c} ({detail})");
    }

    private static void Report(BenchContext context, string name, Case c, double forward, double backward,
        (double Forward, double Backward)? cpu, string note)
    {
        var inv = CultureInfo.InvariantCulture;
        foreach (var (pass, seconds, flops, baseline) in new[]
                 {
                     ("forward", forward, c.ForwardFlops, cpu?.Forward), ("backward", backward, 2.5 * c.ForwardFlops, cpu?.Backward),
                 })
            context.Report(new BenchResult
            {
                Name = $"{name}.{pass}", Value = flops / seconds / 1e9, Unit = "GFLOP/s",
                Baseline = baseline is null ? null : "C# kernel", BaselineValue = baseline is { } b ? flops / b / 1e9 : null,
                Note = $"{note}; {(seconds * 1e3).ToString("G3", inv)} ms",
            });
    }

    private static double RelL2(float[] got, float[] want)
    {
        double num = 0, den = 0;
        for (int i = 0; i < got.Length; i++)
        {
            num += ((double)got[i] - want[i]) * ((double)got[i] - want[i]);
            den += (double)want[i] * want[i];
        }
        return Math.Sqrt(num / Math.Max(den, double.Epsilon));
    }

    // Host buffers for one shape, filled with fixed random inputs.
    private sealed class Data
    {
        public Data(AttentionShape shape)
        {
            Shape = shape;
            C = shape.NH * shape.HS;
            var rng = new Random(2);
            float[] Random(int n) => Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
            int rows = shape.B * shape.T;
            Qkv = Random(rows * shape.QStride);
            Dout = Random(rows * shape.OStride);
            Out = new float[rows * shape.OStride];
            Lse = new float[shape.B * shape.NH * shape.T];
            Dqkv = new float[Qkv.Length];
        }

        public AttentionShape Shape { get; }
        public int C { get; }
        public float[] Qkv { get; }
        public float[] Dout { get; }
        public float[] Out { get; }
        public float[] Lse { get; }
        public float[] Dqkv { get; }

        public float[] Forward(SimdPath path, WorkerPool pool)
        {
            Attention.Forward(path, Qkv, Qkv.AsSpan(C), Qkv.AsSpan(2 * C), Out, Lse, Shape, pool);
            return (float[])Out.Clone();
        }
    }

    // The same data on the GPU, and one synchronised forward or backward on it.
    private sealed class DeviceData : IDisposable
    {
        private readonly CudaAttention _gpu;
        private readonly AttentionShape _shape;
        private readonly DeviceBuffer _qkv, _dout, _out, _lse, _dqkv;
        private readonly int _c;

        public DeviceData(CudaAttention gpu, Data data)
        {
            _gpu = gpu;
            _shape = data.Shape;
            _c = data.C;
            _qkv = gpu.Allocate(data.Qkv.Length);
            _dout = gpu.Allocate(data.Dout.Length);
            _out = gpu.Allocate(data.Out.Length);
            _lse = gpu.Allocate(data.Lse.Length);
            _dqkv = gpu.Allocate(data.Dqkv.Length);
            _qkv.CopyFrom(data.Qkv);
            _dout.CopyFrom(data.Dout);
        }

        public void Forward()
        {
            _gpu.Forward(_qkv, _qkv.Span.Slice(_c), _qkv.Span.Slice(2 * _c), _out, _lse, _shape);
            _gpu.Synchronize();
        }

        public void Backward()
        {
            _gpu.Backward(_dout, _qkv, _qkv.Span.Slice(_c), _qkv.Span.Slice(2 * _c), _out, _lse,
                _dqkv, _dqkv.Span.Slice(_c), _dqkv.Span.Slice(2 * _c), _shape);
            _gpu.Synchronize();
        }

        public void Dispose()
        {
            foreach (var buffer in new[] { _qkv, _dout, _out, _lse, _dqkv }) buffer.Dispose();
        }
    }
}
