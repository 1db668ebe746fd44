// Micro-benchmarks of the hot CPU kernels on the training shapes (all cores): the GEMM layouts of a
// linear layer, fused attention forward+backward, and LayerNorm. The side-by-side baselines (OpenBLAS,
// unfused attention, PyTorch, copy bandwidth) live in `babylm bench kernels`.
using BabyLm.Engine.Kernels;
using BenchmarkDotNet.Attributes;

namespace BabyLm.Benchmarks;

[ShortRunJob]
public class KernelBenchmarks
{
    private const int M = 4096, K = 256, N = 768;
    private const int B = 32, NH = 4, T = 128, HS = 64, C = NH * HS;
    private WorkerPool _pool = null!;
    private float[] _a = [], _b = [], _c = [], _at = [];
    private float[] _qkv = [], _out = [], _lse = [], _dout = [], _dqkv = [];
    private float[] _x = [], _w = [], _bias = [], _y = [], _mean = [], _rstd = [];
    private AttentionShape _shape;

    [GlobalSetup]
    public void Setup()
    {
        _pool = new WorkerPool(0);
        var rng = new Random(1);
        float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        _a = R(M * K); _at = R(K * M); _b = R(N * K); _c = new float[M * N];
        _shape = AttentionShape.FusedQkv(B, T, NH, HS, causal: true);
        _qkv = R(B * T * 3 * C); _dout = R(B * T * C); _out = new float[B * T * C]; _lse = new float[B * NH * T]; _dqkv = new float[_qkv.Length];
        _x = R(M * N); _w = R(N); _bias = R(N); _y = new float[M * N]; _mean = new float[M]; _rstd = new float[M];
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(Description = "GEMM NT 4096x256x768 (Y = X·Wᵀ)")]
    public void GemmNT() => Gemm.NT(_a, _b, _c, M, N, K, 0f, _pool);

    [Benchmark(Description = "GEMM NN 4096x256x768 (dX = dY·W)")]
    public void GemmNN() => Gemm.NN(_a, _b, _c, M, N, K, 0f, _pool);

    [Benchmark(Description = "GEMM TN 4096x256x768 (dW += dYᵀ·X)")]
    public void GemmTN() => Gemm.TN(_at, _b, _c, M, N, K, 1f, _pool);

    [Benchmark(Description = "attention fwd+bwd B=32 H=4 T=128 D=64 causal")]
    public void AttentionForwardBackward()
    {
        var q = _qkv.AsSpan();
        Attention.Forward(q, q[C..], q[(2 * C)..], _out, _lse, _shape, _pool);
        Attention.Backward(_dout, q, q[C..], q[(2 * C)..], _out, _lse, _dqkv, _dqkv.AsSpan(C), _dqkv.AsSpan(2 * C), _shape, _pool);
    }

    [Benchmark(Description = "LayerNorm forward 4096x768")]
    public void LayerNormForward() => LayerNorm.Forward(_x, _w, _bias, _y, _mean, _rstd, M, N, _pool);
}
