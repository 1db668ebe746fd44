// The CUDA backend: every method of the seam as launches of babylm's kernels (Cuda/kernels.cu, built to
// PTX at build time and JIT-compiled by the driver) on one GPU, through the driver API only; matrix
// products through cuBLAS when the caller found one, else through babylm's own tiled GEMM, so that
// the driver alone is enough to train. Buffers are device memory; everything runs on the default
// stream in order. Small uploads (a batch's ids) do not wait for it: they cross the bus from pinned
// memory on a copy stream of their own, into device staging, while the previous step still computes;
// a device-to-device copy in stream order then puts them in place (so no kernel queued before the
// upload can see the new data, nor one queued after it the old).
// Every reduction runs in a fixed order (no atomics): the same GPU, inputs and precision give the
// same bits on every run.
//
// Precision (fp32 | tf32 | bf16) is that of the matrix products' inputs: tf32 and bf16 round them
// (cuBLAS's tensor-core compute types, or the same rounding in the own GEMM); sums, activations,
// norms, softmax, loss, gradients and the optimizer are fp32 in every mode. Fp32Scope turns the
// rounding off (probe scoring).
using System.Runtime.CompilerServices;
using BabyLm.Engine.Cuda;
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Backends;

/// <summary>The precision of the matrix products' inputs on a GPU.</summary>
public enum Precision
{
    /// <summary>fp32 everywhere (TF32 off): the reference.</summary>
    Fp32,
    /// <summary>Matrix inputs rounded to tf32 (10 mantissa bits), fp32 sums.</summary>
    Tf32,
    /// <summary>Matrix inputs in bf16 (7 mantissa bits), fp32 sums; fp32 master weights, optimizer state, norms, softmax, loss.</summary>
    Bf16,
}

/// <summary>Which GPU, in which precision, with which cuBLAS.</summary>
public sealed record CudaOptions
{
    /// <summary>The device ordinal (among the GPUs the driver sees: CUDA_VISIBLE_DEVICES applies).</summary>
    public int Gpu { get; init; }
    public Precision Precision { get; init; } = Precision.Fp32;
    /// <summary>Where to look for cuBLAS, in order: files, or folders holding libcublas.so.13/12; "" is the system's search. Empty: do not use cuBLAS.</summary>
    public IReadOnlyList<string> CublasCandidates { get; init; } = [];
    /// <summary>The driver library (tests: the fake); null: $CUDA_DRIVER_LIBRARY, else the installed libcuda.so.1.</summary>
    public string? DriverLibrary { get; init; }
}

public sealed unsafe class CudaBackend : IBackend
{
    // Launch geometry, as layers.cu, loss.cu, optim.cu and gemm.cu define it; the fake driver refuses any other grid.
    private const int Threads = 256, RowsPerBlock = Threads / 32, ChunkRows = 64, NormChunk = 8192, GemmTile = 64;
    private const int RoundFp32 = 0, RoundTf32 = 1, RoundBf16 = 2;
    private const int StagingBytes = 1 << 20;  // an upload up to this size goes through pinned memory, asynchronously

    private readonly CudaGpu _gpu;
    private readonly CudaDevice _dev;
    private readonly CudaAttention _attention;
    private readonly Cublas? _cublas;
    private readonly Dictionary<string, CudaKernel> _k = [];
    private readonly Scratch _partials, _sums, _castA, _castB, _gathered, _rowLogits, _rowLosses;
    private readonly IntScratch _ints;
    private readonly nint _copyStream;
    private readonly Staging[] _staging = new Staging[2];
    private int _nextStaging;
    private int _fp32Depth;
    private bool _disposed;

    /// <summary>One slot of the upload ring: pinned host memory and device memory of StagingBytes each.</summary>
    private sealed class Staging
    {
        public void* Host;
        public ulong Device;
        /// <summary>Recorded on the copy stream after the slot's bus copy: its host memory is free again.</summary>
        public nint Copied;
        /// <summary>Recorded on the default stream after the copy out of the slot: its device memory is free again.</summary>
        public nint Placed;
        public bool Used;
    }

    private CudaBackend(CudaGpu gpu, CudaOptions options, Cublas? cublas, string cublasNote)
    {
        _gpu = gpu;
        _dev = gpu.Device;
        _attention = new CudaAttention(gpu, ownsGpu: false);
        _cublas = cublas;
        Precision = options.Precision;
        Gpu = options.Gpu;
        _partials = new Scratch(this);
        _sums = new Scratch(this);
        _castA = new Scratch(this);
        _castB = new Scratch(this);
        _gathered = new Scratch(this);
        _rowLogits = new Scratch(this);
        _rowLosses = new Scratch(this);
        _ints = new IntScratch(this);
        _copyStream = _dev.CreateStream();
        for (int i = 0; i < _staging.Length; i++)
            _staging[i] = new Staging { Host = _dev.AllocateHost(StagingBytes), Device = _dev.Allocate(StagingBytes), Copied = _dev.CreateEvent(), Placed = _dev.CreateEvent() };
        Gemm = cublas is not null
            ? $"cuBLAS {cublas.VersionText} ({cublas.LibraryPath})"
            : $"babylm tiled GEMM (no tensor cores; {cublasNote})";
    }

    /// <summary>
    /// Opens the GPU and JIT-compiles the kernels; finds cuBLAS among <see cref="CudaOptions.CublasCandidates"/>.
    /// Throws <see cref="CudaUnavailableException"/> saying why when the machine cannot run them, before any work.
    /// </summary>
    public static CudaBackend Open(CudaOptions options)
    {
        var gpu = CudaGpu.Open(options.DriverLibrary, options.Gpu);
        Cublas? cublas = null;
        try
        {
            string note = "no cuBLAS searched";
            if (options.CublasCandidates.Count > 0)
            {
                gpu.Device.MakeCurrent();
                cublas = Cublas.TryOpen(options.CublasCandidates, out var tried);
                note = $"cuBLAS not found: tried {string.Join(", ", tried.Take(6))}{(tried.Count > 6 ? $" and {tried.Count - 6} more" : "")}";
            }
            return new CudaBackend(gpu, options, cublas, note);
        }
        catch
        {
            cublas?.Dispose();
            gpu.Dispose();
            throw;
        }
    }

    /// <summary>How many GPUs the driver sees (CUDA_VISIBLE_DEVICES applies); CudaUnavailableException without a usable driver.</summary>
    public static int DeviceCount(string? driverLibrary = null) => CudaDevice.Count(CudaDriver.Load(driverLibrary));

    public string Device => "cuda";

    public int Gpu { get; }

    public Precision Precision { get; }

    /// <summary>The GPU's name, as the driver gives it.</summary>
    public string GpuName => _dev.Name;

    /// <summary>Which matrix product runs: cuBLAS with its version and file, or babylm's own.</summary>
    public string Gemm { get; }

    public string Description =>
        $"cuda: GPU {Gpu} {_dev.Name} (compute {_dev.ComputeCapability.Major}.{_dev.ComputeCapability.Minor}, driver CUDA {CudaDevice.CudaVersion(_dev.DriverVersion)}), {Precision.ToString().ToLowerInvariant()}, GEMM: {Gemm}";

    /// <summary>Device bytes the backend itself holds from the start (its upload staging), besides the buffers it is asked for.</summary>
    public static long OwnBytes => 2L * StagingBytes;

    /// <summary>Device bytes held now and at the peak, by this backend's buffers and scratch.</summary>
    public long AllocatedBytes => _dev.AllocatedBytes;
    public long PeakAllocatedBytes => _dev.PeakAllocatedBytes;

    public (long Free, long Total) MemoryInfo() => _dev.MemoryInfo();

    // ---- memory -------------------------------------------------------------------------------------

    private sealed class CudaBuffer<T> : Buffer<T> where T : unmanaged
    {
        private readonly CudaDevice _device;

        public CudaBuffer(CudaBackend backend, long length)
            : base(backend, length)
        {
            _device = backend._dev;
            long bytes = length * Unsafe.SizeOf<T>();
            if (bytes == 0) return;
            Pointer = _device.Allocate(bytes);
            _device.Fill8(Pointer, 0, bytes);
        }

        public ulong Pointer { get; private set; }

        public override void Dispose()
        {
            _device.Free(Pointer);
            Pointer = 0;
            base.Dispose();
        }
    }

    /// <summary>The device address of a view's first element (0 for the empty default view).</summary>
    private ulong Ptr<T>(View<T> view) where T : unmanaged
    {
        if (view.Buffer is null) return 0;
        if (view.Buffer is not CudaBuffer<T> buffer || !ReferenceEquals(buffer.Backend, this))
            throw new ArgumentException($"{view} belongs to the {view.Buffer.Backend.Device} backend, not to this cuda backend", nameof(view));
        if (buffer.Pointer == 0 && buffer.Length > 0) throw new ObjectDisposedException(nameof(CudaBuffer<T>));
        return buffer.Pointer + (ulong)(view.Offset * Unsafe.SizeOf<T>());
    }

    private ulong P(View<float> v) => Ptr(v);

    private static ulong Int(int value) => (uint)value;
    private static ulong Float(float value) => BitConverter.SingleToUInt32Bits(value);
    private static uint Blocks(long n, int per) => checked((uint)((n + per - 1) / per));

    private static int Count(long n, string what)
    {
        if (n > int.MaxValue) throw new ArgumentOutOfRangeException(what, $"{what} = {n} exceeds what one CUDA launch takes ({int.MaxValue})");
        return (int)n;
    }

    private CudaKernel K(string name)
    {
        if (!_k.TryGetValue(name, out var kernel)) _k[name] = kernel = _gpu.Kernel(name);
        return kernel;
    }

    private void Launch(string kernel, uint gridX, uint gridY, ReadOnlySpan<ulong> arguments, int threads = Threads)
        => _dev.Launch(K(kernel), gridX, gridY, 1, (uint)threads, arguments);

    public Buffer<T> Allocate<T>(long length) where T : unmanaged => new CudaBuffer<T>(this, length);

    public void Upload<T>(ReadOnlySpan<T> source, View<T> destination) where T : unmanaged
    {
        if (source.Length != destination.Length) throw new ArgumentException($"copy of {source.Length} elements into a view of {destination.Length}");
        long bytes = (long)source.Length * Unsafe.SizeOf<T>();
        if (bytes == 0) return;
        ulong dst = Ptr(destination);
        if (bytes > StagingBytes)
        {
            fixed (T* s = source) _dev.CopyToDevice(dst, s, bytes);
            return;
        }
        // Small: across the bus on the copy stream while the work queued before still runs, then into
        // place in stream order.
        var slot = _staging[_nextStaging];
        _nextStaging = (_nextStaging + 1) % _staging.Length;
        if (slot.Used)
        {
            _dev.WaitFor(slot.Copied);                     // the slot's host memory has been read
            _dev.StreamWaits(_copyStream, slot.Placed);    // and its device memory copied out
        }
        fixed (T* s = source) Buffer.MemoryCopy(s, slot.Host, StagingBytes, bytes);
        _dev.CopyToDeviceAsync(slot.Device, slot.Host, bytes, _copyStream, slot.Copied);
        _dev.StreamWaits(0, slot.Copied);
        _dev.CopyDeviceToDevice(dst, slot.Device, bytes);
        _dev.Record(slot.Placed, 0);
        slot.Used = true;
    }

    public void Download<T>(View<T> source, Span<T> destination) where T : unmanaged
    {
        if (source.Length != destination.Length) throw new ArgumentException($"copy of {source.Length} elements into a span of {destination.Length}");
        long bytes = source.Length * Unsafe.SizeOf<T>();
        if (bytes == 0) return;
        fixed (T* d = destination) _dev.CopyToHost(d, Ptr(source), bytes);
    }

    public void Synchronize() => _dev.Synchronize();

    public IDisposable Fp32Scope()
    {
        _fp32Depth++;
        return new Scope(this);
    }

    private sealed class Scope(CudaBackend backend) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            backend._fp32Depth--;
        }
    }

    public void Clear(View<float> x)
    {
        if (x.Length > 0) _dev.Fill32(P(x), 0, x.Length);
    }

    public void Copy(View<float> source, View<float> destination)
    {
        if (source.Length != destination.Length) throw new ArgumentException($"copy of {source.Length} floats into a view of {destination.Length}");
        if (source.Length > 0) _dev.CopyDeviceToDevice(P(destination), P(source), source.Length * sizeof(float));
    }

    // ---- layers -------------------------------------------------------------------------------------

    public void EmbeddingForward(View<int> tokens, View<float> wte, View<float> wpe, View<float> output, int B, int T, int C)
    {
        int N = B * T;
        Require(output, (long)N * C, "Embedding.Forward", "out");
        Require(tokens, N, "Embedding.Forward", "tokens");
        Launch("embedding_forward", Blocks((long)N * C, Threads), 1, [P(output), Ptr(tokens), P(wte), P(wpe), Int(N), Int(T), Int(C)]);
    }

    public void EmbeddingBackward(View<float> dout, View<int> tokens, View<float> dwte, View<float> dwpe, int B, int T, int C)
    {
        int N = B * T;
        if (N == 0 || C == 0) return;
        // Each token's rows in increasing row order, tokens in increasing order: the CPU kernel's order of additions.
        var ids = new int[N];
        Download(tokens.Slice(0, N), ids.AsSpan());
        var order = Enumerable.Range(0, N).OrderBy(n => ids[n]).ThenBy(n => n).ToArray();
        var starts = new List<int> { 0 };
        var groupTokens = new List<int>();
        for (int i = 0; i < N; i++)
        {
            if (i > 0 && ids[order[i]] == ids[order[i - 1]]) continue;
            if (i > 0) starts.Add(i);
            groupTokens.Add(ids[order[i]]);
        }
        starts.Add(N);
        var ints = _ints.Take(N + starts.Count + groupTokens.Count);
        var rowsView = ints.Slice(0, N);
        var startsView = ints.Slice(N, starts.Count);
        var tokensView = ints.Slice(N + starts.Count, groupTokens.Count);
        Upload<int>(order, rowsView);
        Upload<int>(starts.ToArray(), startsView);
        Upload<int>(groupTokens.ToArray(), tokensView);
        Launch("embedding_backward_tokens", Blocks(C, Threads), (uint)groupTokens.Count,
            [P(dwte), P(dout), Ptr(rowsView), Ptr(startsView), Ptr(tokensView), Int(C)]);
        if (!dwpe.IsEmpty)
            Launch("embedding_backward_positions", Blocks((long)T * C, Threads), 1, [P(dwpe), P(dout), Int(B), Int(T), Int(C)]);
    }

    public void LayerNormForward(View<float> inp, View<float> weight, View<float> bias, View<float> output, View<float> mean, View<float> rstd, int N, int C)
    {
        if (N == 0) return;
        Require(inp, (long)N * C, "LayerNorm.Forward", "inp");
        Launch("layernorm_forward", Blocks(N, RowsPerBlock), 1,
            [P(output), P(mean), P(rstd), P(inp), P(weight), P(bias), Int(N), Int(C), Float(LayerNorm.Eps)]);
    }

    public void LayerNormBackward(View<float> dout, View<float> inp, View<float> weight, View<float> mean, View<float> rstd,
        View<float> dinp, View<float> dweight, View<float> dbias, int N, int C)
    {
        if (N == 0) return;
        Launch("layernorm_backward_input", Blocks(N, RowsPerBlock), 1, [P(dinp), P(dout), P(inp), P(weight), P(mean), P(rstd), Int(N), Int(C)]);
        int chunks = (int)Blocks(N, ChunkRows);
        var partials = _partials.Take(2L * chunks * C);
        Launch("norm_partials", Blocks(C, Threads), (uint)chunks, [P(partials), P(dout), P(inp), P(mean), P(rstd), Int(N), Int(C)]);
        Launch("column_sums_add", Blocks(C, Threads), 1, [P(dweight), P(partials), Int(chunks), Int(C)]);
        Launch("column_sums_add", Blocks(C, Threads), 1, [P(dbias), P(partials.Slice((long)chunks * C)), Int(chunks), Int(C)]);
    }

    public void RmsNormForward(View<float> inp, View<float> weight, View<float> output, View<float> rstd, int N, int C)
    {
        if (N == 0) return;
        Launch("rmsnorm_forward", Blocks(N, RowsPerBlock), 1, [P(output), P(rstd), P(inp), P(weight), Int(N), Int(C), Float(RmsNorm.Eps)]);
    }

    public void RmsNormBackward(View<float> dout, View<float> inp, View<float> weight, View<float> rstd, View<float> dinp, View<float> dweight, int N, int C)
    {
        if (N == 0) return;
        Launch("rmsnorm_backward_input", Blocks(N, RowsPerBlock), 1, [P(dinp), P(dout), P(inp), P(weight), P(rstd), Int(N), Int(C)]);
        int chunks = (int)Blocks(N, ChunkRows);
        var partials = _partials.Take((long)chunks * C);
        Launch("norm_partials", Blocks(C, Threads), (uint)chunks, [P(partials), P(dout), P(inp), 0, P(rstd), Int(N), Int(C)]);
        Launch("column_sums_add", Blocks(C, Threads), 1, [P(dweight), P(partials), Int(chunks), Int(C)]);
    }

    public void MatMulForward(View<float> inp, View<float> weight, View<float> bias, View<float> output, int N, int C, int OC)
    {
        if (N == 0 || OC == 0) return;
        Require(inp, (long)N * C, "MatMul.Forward", "inp");
        Require(weight, (long)OC * C, "MatMul.Forward", "weight");
        Require(output, (long)N * OC, "MatMul.Forward", "out");
        // out[N, OC] = inp[N, C]·W[OC, C]ᵀ
        Product(output, inp, weight, N, OC, C, C, C, OC, transA: false, transB: true, beta: 0f);
        if (!bias.IsEmpty) Launch("bias_add", Blocks((long)N * OC, Threads), 1, [P(output), P(bias), Int(N), Int(OC)]);
    }

    public void MatMulBackward(View<float> dout, View<float> inp, View<float> weight, View<float> dinp, View<float> dweight, View<float> dbias, int N, int C, int OC)
    {
        if (N == 0 || OC == 0) return;
        Require(dout, (long)N * OC, "MatMul.Backward", "dout");
        Require(dweight, (long)OC * C, "MatMul.Backward", "dweight");
        // out = inp·Wᵀ  ⇒  dinp += dout·W  and  dW += doutᵀ·inp.
        if (!dinp.IsEmpty) Product(dinp, dout, weight, N, C, OC, OC, C, C, transA: false, transB: false, beta: 1f);
        Product(dweight, dout, inp, OC, C, N, OC, C, C, transA: true, transB: false, beta: 1f);
        // out = … + b  ⇒  dbias += Σ over rows of dout.
        if (dbias.IsEmpty) return;
        int chunks = (int)Blocks(N, ChunkRows);
        var partials = _partials.Take((long)chunks * OC);
        Launch("column_partials", Blocks(OC, Threads), (uint)chunks, [P(partials), P(dout), Int(N), Int(OC)]);
        Launch("column_sums_add", Blocks(OC, Threads), 1, [P(dbias), P(partials), Int(chunks), Int(OC)]);
    }

    public void AttentionForward(View<float> q, View<float> k, View<float> v, View<float> output, View<float> lse, in AttentionShape shape)
        => _attention.Forward(Span(q), Span(k), Span(v), Span(output), Span(lse), shape);

    public void AttentionBackward(View<float> dout, View<float> q, View<float> k, View<float> v, View<float> output, View<float> lse,
        View<float> dq, View<float> dk, View<float> dv, in AttentionShape shape)
        => _attention.Backward(Span(dout), Span(q), Span(k), Span(v), Span(output), Span(lse), Span(dq), Span(dk), Span(dv), shape);

    private DeviceSpan Span(View<float> v) => new(P(v), v.Length);

    public void GeluForward(View<float> inp, View<float> output, int N)
    {
        if (N > 0) Launch("gelu_forward", Blocks(N, Threads), 1, [P(output), P(inp), Int(N)]);
    }

    public void GeluBackward(View<float> dout, View<float> inp, View<float> dinp, int N)
    {
        if (N > 0) Launch("gelu_backward", Blocks(N, Threads), 1, [P(dinp), P(dout), P(inp), Int(N)]);
    }

    public void SwiGluForward(View<float> inp, View<float> output, int N, int H)
    {
        if (N > 0 && H > 0) Launch("swiglu_forward", Blocks((long)N * H, Threads), 1, [P(output), P(inp), Int(N), Int(H)]);
    }

    public void SwiGluBackward(View<float> dout, View<float> inp, View<float> dinp, int N, int H)
    {
        if (N > 0 && H > 0) Launch("swiglu_backward", Blocks((long)N * H, Threads), 1, [P(dinp), P(dout), P(inp), Int(N), Int(H)]);
    }

    public void RopeTable(int T, int HS, float theta, View<float> cos, View<float> sin)
    {
        // The table is computed on the host, in double, exactly as the CPU backend's.
        var c = new float[cos.Length];
        var s = new float[sin.Length];
        Kernels.Rope.Table(T, HS, theta, c, s);
        Upload<float>(c, cos);
        Upload<float>(s, sin);
    }

    public void RopeForward(View<float> cos, View<float> sin, View<float> x, int B, int T, int NH, int HS, int stride) => Rotate(cos, sin, x, B, T, NH, HS, stride, 1f);

    public void RopeBackward(View<float> cos, View<float> sin, View<float> dx, int B, int T, int NH, int HS, int stride) => Rotate(cos, sin, dx, B, T, NH, HS, stride, -1f);

    private void Rotate(View<float> cos, View<float> sin, View<float> x, int B, int T, int NH, int HS, int stride, float sign)
    {
        long n = (long)B * T * NH * (HS / 2);
        if (n > 0) Launch("rope_rotate", Blocks(n, Threads), 1, [P(x), P(cos), P(sin), Int(B), Int(T), Int(NH), Int(HS), Int(stride), Float(sign)]);
    }

    public void ResidualAdd(View<float> acc, View<float> x)
    {
        if (acc.Length != x.Length) throw new ArgumentException($"Residual.Add: x has {x.Length} elements, acc {acc.Length}");
        if (acc.Length > 0) Launch("residual_add", Blocks(acc.Length, Threads), 1, [P(acc), P(x), Int(Count(acc.Length, "n"))]);
    }

    public void CrossEntropyForward(View<float> logits, View<int> targets, View<float> losses, int N, int V, float gradScale)
    {
        if (N == 0) return;
        Require(logits, (long)N * V, "SoftmaxCrossEntropy.Forward", "logits");
        Launch("softmax_cross_entropy", (uint)N, 1, [P(logits), P(losses), Ptr(targets), Int(V), Float(gradScale)]);
    }

    public void TargetLogProbs(View<float> hidden, View<float> weight, View<float> bias, ReadOnlySpan<int> targets, Span<float> logProbs, int N, int C, int V)
    {
        var rows = new List<int>();
        for (int n = 0; n < N; n++) if (targets[n] != Batch.Ignore) rows.Add(n);
        logProbs[..N].Clear();
        int M = rows.Count;
        if (M == 0) return;
        var picked = new int[M];
        for (int m = 0; m < M; m++)
        {
            picked[m] = targets[rows[m]];
            if ((uint)picked[m] >= (uint)V) throw new ArgumentOutOfRangeException(nameof(targets), $"target {picked[m]} of row {rows[m]} is outside the vocabulary of {V}");
        }
        var ints = _ints.Take(2L * M);
        Upload<int>(rows.ToArray(), ints.Slice(0, M));
        Upload<int>(picked, ints.Slice(M, M));
        var gathered = _gathered.Take((long)M * C);
        Launch("gather_rows", Blocks((long)M * C, Threads), 1, [P(gathered), P(hidden), Ptr(ints.Slice(0, M)), Int(M), Int(C)]);
        var logits = _rowLogits.Take((long)M * V);
        MatMulForward(gathered, weight, bias, logits, M, C, V);
        var losses = _rowLosses.Take(M);
        CrossEntropyForward(logits, ints.Slice(M, M), losses, M, V, 0f);
        var host = new float[M];
        Download(losses, host.AsSpan());
        for (int m = 0; m < M; m++) logProbs[rows[m]] = -host[m];
    }

    // ---- the optimizer step -------------------------------------------------------------------------

    public double ClipByGlobalNorm(View<float> grads, double maxNorm)
    {
        int n = Count(grads.Length, "parameters");
        if (n == 0) return 0;
        int chunks = (int)Blocks(n, NormChunk);
        var partials = _sums.Take(chunks);
        Launch("sumsq_partials", (uint)chunks, 1, [P(partials), P(grads), Int(n)]);
        var host = new float[chunks];
        Download(partials, host.AsSpan());
        double sum = 0;
        foreach (float s in host) sum += s;  // chunk order: the same bits on every run
        double norm = Math.Sqrt(sum);
        if (maxNorm > 0 && norm > maxNorm)
            Launch("scale_inplace", Blocks(n, Threads), 1, [P(grads), Float((float)(maxNorm / norm)), Int(n)]);
        return norm;
    }

    public void AdamW(View<float> parameters, View<float> grads, View<float> m, View<float> v, View<byte> decayMask,
        float lr, float beta1, float beta2, float eps, float weightDecay, int t)
    {
        int n = Count(parameters.Length, "parameters");
        if (n == 0) return;
        float c1 = (float)(1.0 / (1.0 - Math.Pow(beta1, t))), c2 = (float)(1.0 / (1.0 - Math.Pow(beta2, t)));
        Launch("adamw", Blocks(n, Threads), 1,
        [
            P(parameters), P(grads), P(m), P(v), Ptr(decayMask), Int(n), Float(lr), Float(beta1), Float(beta2), Float(eps), Float(weightDecay),
            Float(c1), Float(c2),
        ]);
    }

    // ---- matrix products ----------------------------------------------------------------------------

    /// <summary>Row-major C[M, N] = beta·C + op(A)·op(B), beta 0 or 1, in the backend's precision (fp32 inside an Fp32Scope).</summary>
    private void Product(View<float> c, View<float> a, View<float> b, int M, int N, int K, int lda, int ldb, int ldc, bool transA, bool transB, float beta)
    {
        var precision = _fp32Depth > 0 ? Precision.Fp32 : Precision;
        if (_cublas is null)
        {
            int round = precision switch { Precision.Tf32 => RoundTf32, Precision.Bf16 => RoundBf16, _ => RoundFp32 };
            Launch("gemm_tiled", Blocks(N, GemmTile), Blocks(M, GemmTile),
            [
                P(c), P(a), P(b), Int(M), Int(N), Int(K), Int(lda), Int(ldb), Int(ldc), Int(transA ? 1 : 0), Int(transB ? 1 : 0), Float(beta), Int(round),
            ]);
            return;
        }
        // cuBLAS is column-major: the row-major C is its Cᵀ = op(B)ᵀ·op(A)ᵀ, so B comes first, as stored.
        int opA = transA ? Cublas.OpT : Cublas.OpN, opB = transB ? Cublas.OpT : Cublas.OpN;
        if (precision != Precision.Bf16)
        {
            _cublas.Gemm(opB, opA, N, M, K, 1f, P(b), ldb, P(a), lda, beta, P(c), ldc, Cublas.R32F,
                precision == Precision.Tf32 ? Cublas.Compute32FFastTf32 : Cublas.Compute32F);
            return;
        }
        long aExtent = Extent(transA ? K : M, transA ? M : K, lda), bExtent = Extent(transB ? N : K, transB ? K : N, ldb);
        ulong a16 = CastBf16(_castA, a, aExtent), b16 = CastBf16(_castB, b, bExtent);
        _cublas.Gemm(opB, opA, N, M, K, 1f, b16, ldb, a16, lda, beta, P(c), ldc, Cublas.R16BF, Cublas.Compute32F);
    }

    /// <summary>Floats a row-major [rows, cols] operand of leading dimension ld spans.</summary>
    private static long Extent(int rows, int cols, int ld) => (long)(rows - 1) * ld + cols;

    /// <summary>The first <paramref name="n"/> floats of <paramref name="x"/> as bf16 in <paramref name="into"/> (rounded to nearest-even).</summary>
    private ulong CastBf16(Scratch into, View<float> x, long n)
    {
        var halves = into.Take((n + 1) / 2);  // two bf16 to a float slot
        Launch("cast_bf16", Blocks(n, Threads), 1, [P(halves), P(x), Int(Count(n, "n"))]);
        return P(halves);
    }

    // ---- scratch ------------------------------------------------------------------------------------

    /// <summary>A device buffer grown on demand (never shrunk) for one purpose.</summary>
    private sealed class Scratch(CudaBackend backend)
    {
        private Buffer<float>? _buffer;

        public View<float> Take(long length)
        {
            if (_buffer is null || _buffer.Length < length)
            {
                if (_buffer is not null) backend.Synchronize();  // kernels queued may still use the old one
                _buffer?.Dispose();
                _buffer = backend.Allocate<float>(Math.Max(length, (_buffer?.Length ?? 0) * 2));
            }
            return _buffer.Slice(0, length);
        }

        public void Dispose() => _buffer?.Dispose();
    }

    private sealed class IntScratch(CudaBackend backend)
    {
        private Buffer<int>? _buffer;

        public View<int> Take(long length)
        {
            if (_buffer is null || _buffer.Length < length)
            {
                if (_buffer is not null) backend.Synchronize();  // kernels queued may still read the old one
                _buffer?.Dispose();
                _buffer = backend.Allocate<int>(Math.Max(length, (_buffer?.Length ?? 0) * 2));
            }
            return _buffer.Slice(0, length);
        }

        public void Dispose() => _buffer?.Dispose();
    }

    private static void Require<T>(View<T> view, long needed, string kernel, string name) where T : unmanaged
    {
        if (view.Length < needed) throw new ArgumentException($"{kernel}: {name} has {view.Length} elements, needs {needed}.", name);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try { _dev.Synchronize(); } catch (CudaException) { }  // a fault already reported: free anyway
        foreach (var s in new[] { _partials, _sums, _castA, _castB, _gathered, _rowLogits, _rowLosses }) s.Dispose();
        _ints.Dispose();
        foreach (var s in _staging)
        {
            _dev.FreeHost(s.Host);
            _dev.Free(s.Device);
            _dev.DestroyEvent(s.Copied);
            _dev.DestroyEvent(s.Placed);
        }
        _dev.DestroyStream(_copyStream);
        _cublas?.Dispose();
        _attention.Dispose();
        _gpu.Dispose();
    }
}
