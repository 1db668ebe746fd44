// The CUDA backend, method by method, held to the CPU backend on the same inputs: the real C# GPU path
// (buffers, views and offsets, argument packing, launch geometry, the kernel sequence of each family,
// the cuBLAS row-major mapping) through the fake libcuda.so.1 — which refuses any launch whose grid or
// pointer extents break its kernel's contract — with the kernels run on the CPU emulation of the grid,
// and matrix products both by babylm's own GEMM and through the fake cuBLAS.
using BabyLm.Engine.Backends;
using BabyLm.Engine.Cuda;
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Tests.Cuda;

[Collection(CudaCollection.Name)]
[Trait("Category", "Cuda")]
public sealed class CudaBackendTests(FakeCuda fake) : IDisposable
{
    /// <summary>
    /// Two fp32 computations that sum in different orders (the GPU's fixed chunks and warps against the
    /// CPU's vector lanes): each sits within 1e-6 of a float64 reference on these sizes (the emulator
    /// harness), so 1e-5 has room and still catches a wrong index, stride, offset or argument (1e-3 and up).
    /// </summary>
    private const double Tolerance = 1e-5;

    private readonly CpuBackend _cpu = new(2);
    private readonly List<IDisposable> _owned = [];
    private CudaBackend? _gpu;

    public static TheoryData<bool> WithAndWithoutCublas => [false, true];

    private CudaBackend Gpu(bool cublas, Precision precision = Precision.Fp32)
    {
        fake.Reset();
        _gpu?.Dispose();
        _gpu = CudaBackend.Open(new CudaOptions
        {
            DriverLibrary = fake.LibraryPath, Precision = precision, CublasCandidates = cublas ? [fake.CublasPath] : [],
        });
        return _gpu;
    }

    private static float[] Random(int n, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray();
    }

    /// <summary>The same data on both backends.</summary>
    private (View<T> Cpu, View<T> Gpu) Both<T>(CudaBackend gpu, T[] data) where T : unmanaged
    {
        var c = _cpu.Allocate<T>(data.Length);
        var g = gpu.Allocate<T>(data.Length);
        _owned.Add(c);
        _owned.Add(g);
        _cpu.Upload<T>(data, c.All);
        gpu.Upload<T>(data, g.All);
        return (c.All, g.All);
    }

    private static double RelL2(float[] got, float[] want)
    {
        double num = 0, den = 0;
        for (int i = 0; i < want.Length; i++)
        {
            if (!float.IsFinite(got[i])) return double.PositiveInfinity;
            num += Math.Pow(got[i] - want[i], 2);
            den += Math.Pow(want[i], 2);
        }
        return den > 1e-24 ? Math.Sqrt(num / den) : Math.Sqrt(num / Math.Max(1, want.Length));
    }

    private void AssertSame(CudaBackend gpu, (View<float> Cpu, View<float> Gpu) x, string what, double tolerance = Tolerance)
    {
        var c = new float[x.Cpu.Length];
        var g = new float[x.Gpu.Length];
        _cpu.Download(x.Cpu, c.AsSpan());
        gpu.Download(x.Gpu, g.AsSpan());
        double e = RelL2(g, c);
        Assert.True(e <= tolerance, $"{what}: relative L2 {e:0.0e+00} (tolerance {tolerance:0e+00})");
    }

    [Theory]
    [MemberData(nameof(WithAndWithoutCublas))]
    public void MatMul_ForwardAndBackward_MatchTheCpu(bool cublas)
    {
        var gpu = Gpu(cublas);
        long gemms = fake.QueryCublas("gemms");
        const int N = 37, C = 20, OC = 70;  // a partial chunk of rows, two column tiles, K not a multiple of 16
        var inp = Both(gpu, Random(N * C, 1));
        var w = Both(gpu, Random(OC * C, 2));
        var b = Both(gpu, Random(OC, 3));
        var output = Both(gpu, new float[N * OC]);
        _cpu.MatMulForward(inp.Cpu, w.Cpu, b.Cpu, output.Cpu, N, C, OC);
        gpu.MatMulForward(inp.Gpu, w.Gpu, b.Gpu, output.Gpu, N, C, OC);
        AssertSame(gpu, output, "out");

        var dout = Both(gpu, Random(N * OC, 4));
        var dinp = Both(gpu, Random(N * C, 5));   // accumulated into: not zero
        var dw = Both(gpu, Random(OC * C, 6));
        var db = Both(gpu, Random(OC, 7));
        _cpu.MatMulBackward(dout.Cpu, inp.Cpu, w.Cpu, dinp.Cpu, dw.Cpu, db.Cpu, N, C, OC);
        gpu.MatMulBackward(dout.Gpu, inp.Gpu, w.Gpu, dinp.Gpu, dw.Gpu, db.Gpu, N, C, OC);
        AssertSame(gpu, dinp, "dinp");
        AssertSame(gpu, dw, "dweight");
        AssertSame(gpu, db, "dbias");
        // Without a bias, and without dinp (the embedding's own gradient path).
        _cpu.MatMulBackward(dout.Cpu, inp.Cpu, w.Cpu, default, dw.Cpu, default, N, C, OC);
        gpu.MatMulBackward(dout.Gpu, inp.Gpu, w.Gpu, default, dw.Gpu, default, N, C, OC);
        AssertSame(gpu, dw, "dweight, no dinp, no bias");
        Assert.Equal(cublas ? 4 : 0, fake.QueryCublas("gemms") - gemms);
        Assert.StartsWith(cublas ? "cuBLAS 12.8.2" : "babylm tiled GEMM", gpu.Gemm);
    }

    [Fact]
    public void Norms_ForwardAndBackward_MatchTheCpu()
    {
        var gpu = Gpu(false);
        const int N = 70, C = 33;  // two chunks of rows, C not a multiple of 32
        var x = Both(gpu, Random(N * C, 1, 3f));
        var w = Both(gpu, Random(C, 2));
        var b = Both(gpu, Random(C, 3));
        var output = Both(gpu, new float[N * C]);
        var mean = Both(gpu, new float[N]);
        var rstd = Both(gpu, new float[N]);
        _cpu.LayerNormForward(x.Cpu, w.Cpu, b.Cpu, output.Cpu, mean.Cpu, rstd.Cpu, N, C);
        gpu.LayerNormForward(x.Gpu, w.Gpu, b.Gpu, output.Gpu, mean.Gpu, rstd.Gpu, N, C);
        AssertSame(gpu, output, "layernorm out");
        AssertSame(gpu, mean, "mean");
        AssertSame(gpu, rstd, "rstd");
        var dout = Both(gpu, Random(N * C, 4));
        var dinp = Both(gpu, Random(N * C, 5));
        var dw = Both(gpu, Random(C, 6));
        var db = Both(gpu, Random(C, 7));
        _cpu.LayerNormBackward(dout.Cpu, x.Cpu, w.Cpu, mean.Cpu, rstd.Cpu, dinp.Cpu, dw.Cpu, db.Cpu, N, C);
        gpu.LayerNormBackward(dout.Gpu, x.Gpu, w.Gpu, mean.Gpu, rstd.Gpu, dinp.Gpu, dw.Gpu, db.Gpu, N, C);
        AssertSame(gpu, dinp, "layernorm dinp");
        AssertSame(gpu, dw, "layernorm dweight");
        AssertSame(gpu, db, "layernorm dbias");

        _cpu.RmsNormForward(x.Cpu, w.Cpu, output.Cpu, rstd.Cpu, N, C);
        gpu.RmsNormForward(x.Gpu, w.Gpu, output.Gpu, rstd.Gpu, N, C);
        AssertSame(gpu, output, "rmsnorm out");
        AssertSame(gpu, rstd, "rmsnorm rstd");
        _cpu.RmsNormBackward(dout.Cpu, x.Cpu, w.Cpu, rstd.Cpu, dinp.Cpu, dw.Cpu, N, C);
        gpu.RmsNormBackward(dout.Gpu, x.Gpu, w.Gpu, rstd.Gpu, dinp.Gpu, dw.Gpu, N, C);
        AssertSame(gpu, dinp, "rmsnorm dinp");
        AssertSame(gpu, dw, "rmsnorm dweight");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Embedding_ForwardAndBackward_MatchTheCpu(bool positions)
    {
        var gpu = Gpu(false);
        const int B = 3, T = 7, C = 33, V = 11;
        var rng = new Random(3);
        var ids = Enumerable.Range(0, B * T).Select(_ => rng.Next(V)).ToArray();
        ids[5] = ids[12] = ids[20];  // a token on several rows
        var tokens = Both(gpu, ids);
        var wte = Both(gpu, Random(V * C, 1));
        var wpe = positions ? Both(gpu, Random(T * C, 2)) : default;
        var output = Both(gpu, new float[B * T * C]);
        _cpu.EmbeddingForward(tokens.Cpu, wte.Cpu, wpe.Cpu, output.Cpu, B, T, C);
        gpu.EmbeddingForward(tokens.Gpu, wte.Gpu, wpe.Gpu, output.Gpu, B, T, C);
        AssertSame(gpu, output, "out");
        var dout = Both(gpu, Random(B * T * C, 3));
        var dwte = Both(gpu, Random(V * C, 4));
        var dwpe = positions ? Both(gpu, Random(T * C, 5)) : default;
        _cpu.EmbeddingBackward(dout.Cpu, tokens.Cpu, dwte.Cpu, dwpe.Cpu, B, T, C);
        gpu.EmbeddingBackward(dout.Gpu, tokens.Gpu, dwte.Gpu, dwpe.Gpu, B, T, C);
        AssertSame(gpu, dwte, "dwte");
        if (positions) AssertSame(gpu, dwpe, "dwpe");
    }

    [Fact]
    public void Activations_Rope_Residual_MatchTheCpu()
    {
        var gpu = Gpu(false);
        const int N = 9, H = 19;
        var x = Both(gpu, Random(N * 2 * H, 1, 4f));
        var y = Both(gpu, new float[N * 2 * H]);
        var dy = Both(gpu, Random(N * 2 * H, 2));
        var dx = Both(gpu, new float[N * 2 * H]);
        _cpu.GeluForward(x.Cpu, y.Cpu, N * 2 * H);
        gpu.GeluForward(x.Gpu, y.Gpu, N * 2 * H);
        AssertSame(gpu, y, "gelu");
        _cpu.GeluBackward(dy.Cpu, x.Cpu, dx.Cpu, N * 2 * H);
        gpu.GeluBackward(dy.Gpu, x.Gpu, dx.Gpu, N * 2 * H);
        AssertSame(gpu, dx, "dgelu");
        var h = Both(gpu, new float[N * H]);
        var dh = Both(gpu, Random(N * H, 3));
        _cpu.SwiGluForward(x.Cpu, h.Cpu, N, H);
        gpu.SwiGluForward(x.Gpu, h.Gpu, N, H);
        AssertSame(gpu, h, "swiglu");
        _cpu.SwiGluBackward(dh.Cpu, x.Cpu, dx.Cpu, N, H);
        gpu.SwiGluBackward(dh.Gpu, x.Gpu, dx.Gpu, N, H);
        AssertSame(gpu, dx, "dswiglu");

        // RoPE on q and k (2·NH heads) of a fused QKV row; v must not move.
        const int B = 2, T = 5, NH = 2, HS = 8, C = NH * HS;
        var qkv = Both(gpu, Random(B * T * 3 * C, 4));
        var cos = Both(gpu, new float[T * HS / 2]);
        var sin = Both(gpu, new float[T * HS / 2]);
        _cpu.RopeTable(T, HS, 10000f, cos.Cpu, sin.Cpu);
        gpu.RopeTable(T, HS, 10000f, cos.Gpu, sin.Gpu);
        AssertSame(gpu, cos, "rope cos", 0);
        AssertSame(gpu, sin, "rope sin", 0);
        _cpu.RopeForward(cos.Cpu, sin.Cpu, qkv.Cpu, B, T, 2 * NH, HS, 3 * C);
        gpu.RopeForward(cos.Gpu, sin.Gpu, qkv.Gpu, B, T, 2 * NH, HS, 3 * C);
        AssertSame(gpu, qkv, "rope");
        _cpu.RopeBackward(cos.Cpu, sin.Cpu, qkv.Cpu, B, T, 2 * NH, HS, 3 * C);
        gpu.RopeBackward(cos.Gpu, sin.Gpu, qkv.Gpu, B, T, 2 * NH, HS, 3 * C);
        AssertSame(gpu, qkv, "rope inverse");

        var acc = Both(gpu, Random(300, 5));
        var add = Both(gpu, Random(300, 6));
        _cpu.ResidualAdd(acc.Cpu, add.Cpu);
        gpu.ResidualAdd(acc.Gpu, add.Gpu);
        AssertSame(gpu, acc, "residual", 0);  // one addition per element: the same bits
        gpu.Copy(add.Gpu, acc.Gpu.Slice(0, 300));
        _cpu.Copy(add.Cpu, acc.Cpu);
        AssertSame(gpu, acc, "copy", 0);
        gpu.Clear(acc.Gpu.Slice(100, 50));
        _cpu.Clear(acc.Cpu.Slice(100, 50));
        AssertSame(gpu, acc, "clear of a slice", 0);
    }

    [Fact]
    public void Attention_ThroughTheSeam_MatchesTheCpu()
    {
        var gpu = Gpu(false);
        var s = AttentionShape.FusedQkv(B: 2, T: 17, NH: 2, HS: 16, causal: true, validLengths: [17, 6]);
        int C = s.NH * s.HS, rows = s.B * s.T;
        var qkv = Both(gpu, Random(rows * 3 * C, 1, 2f));
        var output = Both(gpu, new float[rows * C]);
        var lse = Both(gpu, new float[s.B * s.NH * s.T]);
        _cpu.AttentionForward(qkv.Cpu, qkv.Cpu.Slice(C), qkv.Cpu.Slice(2 * C), output.Cpu, lse.Cpu, s);
        gpu.AttentionForward(qkv.Gpu, qkv.Gpu.Slice(C), qkv.Gpu.Slice(2 * C), output.Gpu, lse.Gpu, s);
        AssertSame(gpu, output, "out");
        AssertSame(gpu, lse, "lse");
        var dout = Both(gpu, Random(rows * C, 2));
        var dqkv = Both(gpu, new float[rows * 3 * C]);
        _cpu.AttentionBackward(dout.Cpu, qkv.Cpu, qkv.Cpu.Slice(C), qkv.Cpu.Slice(2 * C), output.Cpu, lse.Cpu, dqkv.Cpu, dqkv.Cpu.Slice(C), dqkv.Cpu.Slice(2 * C), s);
        gpu.AttentionBackward(dout.Gpu, qkv.Gpu, qkv.Gpu.Slice(C), qkv.Gpu.Slice(2 * C), output.Gpu, lse.Gpu, dqkv.Gpu, dqkv.Gpu.Slice(C), dqkv.Gpu.Slice(2 * C), s);
        AssertSame(gpu, dqkv, "dqkv");
    }

    [Theory]
    [MemberData(nameof(WithAndWithoutCublas))]
    public void CrossEntropy_AndTheSparseHead_MatchTheCpu(bool cublas)
    {
        var gpu = Gpu(cublas);
        const int N = 9, V = 301, C = 12;
        var targets = Enumerable.Range(0, N).Select(n => n % 3 == 1 ? Batch.Ignore : n * 31 % V).ToArray();
        var t = Both(gpu, targets);
        var logits = Both(gpu, Random(N * V, 1, 6f));
        var losses = Both(gpu, new float[N]);
        _cpu.CrossEntropyForward(logits.Cpu, t.Cpu, losses.Cpu, N, V, 0f);
        gpu.CrossEntropyForward(logits.Gpu, t.Gpu, losses.Gpu, N, V, 0f);
        AssertSame(gpu, losses, "losses");
        AssertSame(gpu, logits, "logits kept at gradScale 0", 0);
        _cpu.CrossEntropyForward(logits.Cpu, t.Cpu, losses.Cpu, N, V, 0.25f);
        gpu.CrossEntropyForward(logits.Gpu, t.Gpu, losses.Gpu, N, V, 0.25f);
        AssertSame(gpu, losses, "losses");
        AssertSame(gpu, logits, "dlogits");

        var hidden = Both(gpu, Random(N * C, 2));
        var w = Both(gpu, Random(V * C, 3));
        var b = Both(gpu, Random(V, 4));
        float[] cpuLp = new float[N], gpuLp = Enumerable.Repeat(float.NaN, N).ToArray();
        _cpu.TargetLogProbs(hidden.Cpu, w.Cpu, b.Cpu, targets, cpuLp, N, C, V);
        gpu.TargetLogProbs(hidden.Gpu, w.Gpu, b.Gpu, targets, gpuLp, N, C, V);
        Assert.True(RelL2(gpuLp, cpuLp) <= Tolerance, $"log-probs {string.Join(", ", gpuLp)} vs {string.Join(", ", cpuLp)}");
        for (int n = 0; n < N; n++) if (targets[n] == Batch.Ignore) Assert.Equal(0f, gpuLp[n]);
    }

    [Fact]
    public void TheOptimizerStep_MatchesTheCpu()
    {
        var gpu = Gpu(false);
        const int P = 20_001;  // three norm chunks
        var g = Both(gpu, Random(P, 1, 0.01f));
        double cpuNorm = _cpu.ClipByGlobalNorm(g.Cpu, 0.5), gpuNorm = gpu.ClipByGlobalNorm(g.Gpu, 0.5);
        Assert.True(Math.Abs(gpuNorm - cpuNorm) <= 1e-6 * cpuNorm, $"norm {gpuNorm} vs {cpuNorm}");
        Assert.True(cpuNorm > 0.5);  // so the clip ran
        AssertSame(gpu, g, "clipped gradients");
        Assert.Equal(gpu.ClipByGlobalNorm(g.Gpu, 0), gpu.ClipByGlobalNorm(g.Gpu, 0));  // the same bits each time

        var p = Both(gpu, Random(P, 2));
        var m = Both(gpu, Random(P, 3, 0.01f));
        var v = Both(gpu, Random(P, 4, 0.01f).Select(x => x * x).ToArray());
        var decay = Both(gpu, Enumerable.Range(0, P).Select(i => (byte)(i % 3 == 0 ? 0 : 1)).ToArray());
        for (int t = 1; t <= 3; t++)
        {
            _cpu.AdamW(p.Cpu, g.Cpu, m.Cpu, v.Cpu, decay.Cpu, 1e-3f, 0.9f, 0.95f, 1e-8f, 0.1f, t);
            gpu.AdamW(p.Gpu, g.Gpu, m.Gpu, v.Gpu, decay.Gpu, 1e-3f, 0.9f, 0.95f, 1e-8f, 0.1f, t);
        }
        AssertSame(gpu, p, "parameters");
        AssertSame(gpu, m, "m");
        AssertSame(gpu, v, "v");
    }

    [Fact]
    public void Uploads_SmallAndLarge_LandInPlace_AndLeaveNothingBehind()
    {
        var gpu = Gpu(false);
        var big = Random(400_000, 1);  // above the staging size: a direct copy
        var buffer = gpu.Allocate<float>(big.Length + 10);
        _owned.Add(buffer);
        gpu.Upload<float>(big, buffer.Slice(10, big.Length));
        for (int i = 0; i < 5; i++) gpu.Upload<float>(big.AsSpan(i * 100, 100), buffer.Slice(i * 2, 100));  // small: staged, in order
        var back = new float[buffer.Length];
        gpu.Download(buffer.All, back.AsSpan());
        var want = new float[buffer.Length];
        big.CopyTo(want, 10);
        for (int i = 0; i < 5; i++) big.AsSpan(i * 100, 100).CopyTo(want.AsSpan(i * 2));
        Assert.Equal(want, back);
        Assert.Throws<ArgumentException>(() => gpu.Upload<float>(big.AsSpan(0, 5), buffer.Slice(0, 4)));
        Assert.Throws<ArgumentException>(() => gpu.Download(buffer.Slice(0, 4), back.AsSpan(0, 5)));
        Assert.Throws<ArgumentException>(() => _cpu.Clear(buffer.All));  // another backend's buffer
    }

    [Theory]
    [InlineData(false, Precision.Tf32)]
    [InlineData(false, Precision.Bf16)]
    [InlineData(true, Precision.Tf32)]
    [InlineData(true, Precision.Bf16)]
    public void ReducedPrecision_RoundsTheMatrixInputs_AndFp32ScopeTurnsItOff(bool cublas, Precision precision)
    {
        var gpu = Gpu(cublas, precision);
        Assert.Equal(precision, gpu.Precision);
        Assert.Contains(precision.ToString().ToLowerInvariant(), gpu.Description);
        const int N = 8, C = 40, OC = 24;
        var a = Random(N * C, 1);
        var w = Random(OC * C, 2);
        var inp = Both(gpu, a);
        var weight = Both(gpu, w);
        var output = Both(gpu, new float[N * OC]);
        gpu.MatMulForward(inp.Gpu, weight.Gpu, default, output.Gpu, N, C, OC);
        var got = new float[N * OC];
        gpu.Download(output.Gpu, got.AsSpan());
        int bits = precision == Precision.Tf32 ? 10 : 7;
        var rounded = new float[N * OC];
        var exact = new float[N * OC];
        for (int n = 0; n < N; n++)
            for (int o = 0; o < OC; o++)
            {
                double r = 0, e = 0;
                for (int c = 0; c < C; c++)
                {
                    r += RoundMantissa(a[n * C + c], bits) * RoundMantissa(w[o * C + c], bits);
                    e += (double)a[n * C + c] * w[o * C + c];
                }
                rounded[n * OC + o] = (float)r;
                exact[n * OC + o] = (float)e;
            }
        Assert.True(RelL2(got, rounded) <= Tolerance, $"{precision}: {RelL2(got, rounded):0.0e+00} from the rounded-input product");
        Assert.True(RelL2(got, exact) > 10 * Tolerance, $"{precision}: the inputs were not rounded");
        using (gpu.Fp32Scope()) gpu.MatMulForward(inp.Gpu, weight.Gpu, default, output.Gpu, N, C, OC);
        gpu.Download(output.Gpu, got.AsSpan());
        Assert.True(RelL2(got, exact) <= Tolerance, $"{precision} inside Fp32Scope: {RelL2(got, exact):0.0e+00} from the fp32 product");
    }

    /// <summary>x rounded to nearest-even at <paramref name="bits"/> mantissa bits, written plainly.</summary>
    private static double RoundMantissa(float x, int bits)
    {
        if (x == 0 || !float.IsFinite(x)) return x;
        int e = (int)Math.Floor(Math.Log2(Math.Abs(x)));
        double ulp = Math.Pow(2, e - bits);
        return Math.Round(x / ulp, MidpointRounding.ToEven) * ulp;
    }

    [Fact]
    public void AnAllocationThatDoesNotFit_IsAnOutOfMemoryError_SayingWhatTheDeviceHas()
    {
        var gpu = Gpu(false);
        fake.Configure("alloc_limit", gpu.AllocatedBytes + (1 << 20));
        var e = Assert.Throws<CudaOutOfMemoryException>(() => gpu.Allocate<float>(1 << 20));
        Assert.Equal(4L << 20, e.RequestedBytes);
        Assert.Contains("GPU out of memory", e.Message);
        Assert.Contains("free of", e.Message);
        Assert.IsAssignableFrom<BabyLmException>(e);
    }

    [Fact]
    public void ACublasThatCannotWork_IsRefusedBeforeAnyWork_SayingWhy()
    {
        fake.Reset();
        fake.ConfigureCublas("version", 10_02_00);
        var old = Assert.Throws<CudaUnavailableException>(() => CudaBackend.Open(new CudaOptions { DriverLibrary = fake.LibraryPath, CublasCandidates = [fake.CublasPath] }));
        Assert.Contains("cuBLAS 10.2.0", old.Message);
        Assert.Contains("too old", old.Message);
        fake.Reset();
        fake.ConfigureCublas("create_status", 8);
        var arch = Assert.Throws<CudaUnavailableException>(() => CudaBackend.Open(new CudaOptions { DriverLibrary = fake.LibraryPath, CublasCandidates = [fake.CublasPath] }));
        Assert.Contains("CUBLAS_STATUS_ARCH_MISMATCH", arch.Message);
        Assert.Equal(0, fake.Query("primary_context_refs"));
        fake.Reset();
        using var none = CudaBackend.Open(new CudaOptions { DriverLibrary = fake.LibraryPath, CublasCandidates = ["/nonexistent/cublas"] });
        Assert.Contains("cuBLAS not found: tried /nonexistent/cublas/libcublas.so.13", none.Gemm);
    }

    [Fact]
    public void Dispose_FreesEveryAllocation_Stream_Event_AndPinnedBuffer()
    {
        fake.Reset();
        long allocations = fake.Query("live_allocations"), streams = fake.Query("live_streams"), events = fake.Query("live_events");
        using (var gpu = CudaBackend.Open(new CudaOptions { DriverLibrary = fake.LibraryPath, CublasCandidates = [fake.CublasPath] }))
        {
            using var b = gpu.Allocate<float>(1000);
            gpu.Upload<float>(Random(1000, 1), b.All);
            using var g = gpu.Allocate<float>(70 * 33);
            using var x = gpu.Allocate<float>(70 * 33);
            using var w = gpu.Allocate<float>(33);
            using var s = gpu.Allocate<float>(70);
            gpu.RmsNormBackward(g.All, x.All, w.All, s.All, g.All, w.All, 70, 33);  // grows a scratch buffer
        }
        Assert.Equal(allocations, fake.Query("live_allocations"));
        Assert.Equal(streams, fake.Query("live_streams"));
        Assert.Equal(events, fake.Query("live_events"));
        Assert.Equal(0, fake.Query("live_host_allocations"));
        Assert.Equal(0, fake.QueryCublas("handles"));
        Assert.Equal(0, fake.Query("primary_context_refs"));
    }

    public void Dispose()
    {
        foreach (var o in _owned) o.Dispose();
        _gpu?.Dispose();
        _cpu.Dispose();
    }
}
