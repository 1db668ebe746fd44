// The fused attention kernel on an NVIDIA GPU: attention.cu's kernels in the module of a CudaGpu,
// launched on device buffers. Same contract
// as Kernels.Attention (the CPU kernel): [B, T, NH, HS] tensors at per-tensor row strides (q, k, v may
// be slices of one fused QKV buffer), lse [B, NH, T], causal or not, optional valid lengths. Opening
// fails with CudaUnavailableException, saying why, on a machine that cannot run it; nothing here falls
// back to the CPU. Not thread-safe: one instance per thread that drives the GPU.
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Cuda;

public sealed unsafe class CudaAttention : IDisposable
{
    // Launch geometry, as attention.cu defines it (ATTN_*); the fake driver refuses any other grid.
    private const int Threads = 128, ForwardRows = 16, BackwardRows = 16, DeltaRows = Threads / 32;
    private static int BackwardKeys(int bucket) => bucket >= 128 ? 16 : 32;
    /// <summary>The kernels' head-size buckets (up to AttentionShape.MaxHeadSize): the smallest that holds HS is launched.</summary>
    private static readonly int[] Buckets = [32, 64, AttentionShape.MaxHeadSize];

    private readonly CudaGpu _gpu;
    private readonly bool _ownsGpu;
    private readonly CudaDevice _device;
    private readonly CudaKernel _delta;
    private readonly CudaKernel[] _forward, _dkdv, _dq;
    private ulong _deltaScratch, _validLengths;
    private long _deltaFloats;
    private int[] _validUploaded = [];
    private int _validCapacity;

    internal CudaAttention(CudaGpu gpu, bool ownsGpu)
    {
        _gpu = gpu;
        _ownsGpu = ownsGpu;
        _device = gpu.Device;
        _delta = gpu.Kernel("attention_backward_delta");
        _forward = Buckets.Select(d => gpu.Kernel($"attention_forward_{d}")).ToArray();
        _dkdv = Buckets.Select(d => gpu.Kernel($"attention_backward_dkdv_{d}")).ToArray();
        _dq = Buckets.Select(d => gpu.Kernel($"attention_backward_dq_{d}")).ToArray();
        KernelResources = gpu.Resources.Where(r => r.Key.StartsWith("attention_", StringComparison.Ordinal)).ToDictionary();
    }

    /// <summary>
    /// Opens GPU <paramref name="device"/> (the driver from $CUDA_DRIVER_LIBRARY, else the installed one)
    /// and JIT-compiles the kernels. Throws <see cref="CudaUnavailableException"/> with the reason — no
    /// driver, no GPU, the toolkit's stub library, a driver or GPU too old, a build without kernels.
    /// </summary>
    public static CudaAttention Open(int device = 0) => Open(null, device);

    /// <summary>Fails, as <see cref="Open(int)"/> would, unless the GPU can run the kernels. For `device: cuda`.</summary>
    public static void EnsureAvailable(int device = 0)
    {
        using var attention = Open(device);
    }

    internal static CudaAttention Open(string? driverLibrary, int device) => new(CudaGpu.Open(driverLibrary, device), ownsGpu: true);

    public string DeviceName => _device.Name;
    public (int Major, int Minor) ComputeCapability => _device.ComputeCapability;
    /// <summary>The CUDA version the driver supports, e.g. "12.8".</summary>
    public string DriverVersion => CudaDevice.CudaVersion(_device.DriverVersion);
    public string DriverLibrary => _device.LibraryPath;
    public string JitInfoLog => _device.JitInfoLog;
    /// <summary>Per kernel, as the JIT built it: registers per thread, static shared bytes, local (spill) bytes.</summary>
    public IReadOnlyDictionary<string, (int Registers, int SharedBytes, int LocalBytes)> KernelResources { get; }

    /// <summary>Device memory for <paramref name="length"/> floats (contents undefined).</summary>
    public DeviceBuffer Allocate(long length) => new(_device, length);

    /// <summary>
    /// out = softmax(scale·q·kᵀ + mask)·v per (b, head), scale = 1/√HS; lse = ln Σ exp(scale·q·kᵀ + mask)
    /// per query row, kept for <see cref="Backward"/>. q, k, v, out: [B, T, NH, HS] at the shape's row
    /// strides; lse: [B, NH, T]. Both outputs are overwritten (padded rows: 0). Asynchronous: errors of
    /// the kernel itself show at the next copy or <see cref="Synchronize"/>.
    /// </summary>
    public void Forward(DeviceSpan q, DeviceSpan k, DeviceSpan v, DeviceSpan output, DeviceSpan lse, in AttentionShape shape)
    {
        const string Kernel = "CudaAttention.Forward";
        if (!Validate(Kernel, shape)) return;
        RequireExtent(Kernel, "q", q, shape, shape.QStride);
        RequireExtent(Kernel, "k", k, shape, shape.KStride);
        RequireExtent(Kernel, "v", v, shape, shape.VStride);
        RequireExtent(Kernel, "out", output, shape, shape.OStride);
        RequireStats(Kernel, "lse", lse, shape);
        int b = BucketIndex(shape.HS);
        _device.Launch(_forward[b], Blocks(shape.T, ForwardRows), (uint)shape.NH, (uint)shape.B, Threads,
        [
            q.Pointer, k.Pointer, v.Pointer, output.Pointer, lse.Pointer, ValidLengths(shape),
            .. CommonArguments(shape),
        ]);
    }

    /// <summary>
    /// The gradients of <see cref="Forward"/>: dq, dk, dv ([B, T, NH, HS] at the row strides of q, k, v)
    /// from dout (at out's stride), the inputs, out and lse. Overwrites dq, dk, dv (padded rows and keys:
    /// 0). FlashAttention-2 style — Δ = rowsum(dout∘out) first — with dk/dv and dq in separate kernels
    /// that recompute P, so no atomics: the result is bitwise reproducible.
    /// </summary>
    public void Backward(DeviceSpan dout, DeviceSpan q, DeviceSpan k, DeviceSpan v, DeviceSpan output, DeviceSpan lse,
        DeviceSpan dq, DeviceSpan dk, DeviceSpan dv, in AttentionShape shape)
    {
        const string Kernel = "CudaAttention.Backward";
        if (!Validate(Kernel, shape)) return;
        RequireExtent(Kernel, "dout", dout, shape, shape.OStride);
        RequireExtent(Kernel, "q", q, shape, shape.QStride);
        RequireExtent(Kernel, "k", k, shape, shape.KStride);
        RequireExtent(Kernel, "v", v, shape, shape.VStride);
        RequireExtent(Kernel, "out", output, shape, shape.OStride);
        RequireStats(Kernel, "lse", lse, shape);
        RequireExtent(Kernel, "dq", dq, shape, shape.QStride);
        RequireExtent(Kernel, "dk", dk, shape, shape.KStride);
        RequireExtent(Kernel, "dv", dv, shape, shape.VStride);
        ulong valid = ValidLengths(shape), delta = DeltaScratch((long)shape.B * shape.NH * shape.T);
        int b = BucketIndex(shape.HS);
        _device.Launch(_delta, Blocks(shape.T * shape.NH, DeltaRows), (uint)shape.B, 1, Threads,
            [output.Pointer, dout.Pointer, delta, valid, Int(shape.T), Int(shape.NH), Int(shape.HS), Int(shape.OStride)]);
        _device.Launch(_dkdv[b], Blocks(shape.T, BackwardKeys(Buckets[b])), (uint)shape.NH, (uint)shape.B, Threads,
        [
            q.Pointer, k.Pointer, v.Pointer, dout.Pointer, lse.Pointer, delta, dk.Pointer, dv.Pointer, valid,
            .. CommonArguments(shape),
        ]);
        _device.Launch(_dq[b], Blocks(shape.T, BackwardRows), (uint)shape.NH, (uint)shape.B, Threads,
        [
            q.Pointer, k.Pointer, v.Pointer, dout.Pointer, lse.Pointer, delta, dq.Pointer, valid,
            .. CommonArguments(shape),
        ]);
    }

    /// <summary>Waits for every launched kernel; a kernel's fault is thrown here.</summary>
    public void Synchronize() => _device.Synchronize();

    public void Dispose()
    {
        _device.Free(_deltaScratch);
        _device.Free(_validLengths);
        _deltaScratch = _validLengths = 0;
        if (_ownsGpu) _gpu.Dispose();
    }

    // T, NH, HS, the four strides, scale, causal: the parameters every kernel but delta ends with.
    private static ulong[] CommonArguments(in AttentionShape s) =>
    [
        Int(s.T), Int(s.NH), Int(s.HS), Int(s.QStride), Int(s.KStride), Int(s.VStride), Int(s.OStride),
        BitConverter.SingleToUInt32Bits(1f / MathF.Sqrt(s.HS)), Int(s.Causal ? 1 : 0),
    ];

    private static ulong Int(int value) => (uint)value;
    private static uint Blocks(int n, int perBlock) => (uint)((n + perBlock - 1) / perBlock);

    private static int BucketIndex(int headSize)
    {
        int i = 0;
        while (Buckets[i] < headSize) i++;
        return i;
    }

    // The valid lengths on the device (0 = none); uploaded only when they change, since the forward and
    // backward of every layer in a step use the same ones.
    private ulong ValidLengths(in AttentionShape shape)
    {
        if (shape.ValidLengths is not { } lengths) return 0;
        if (_validLengths != 0 && lengths.AsSpan().SequenceEqual(_validUploaded)) return _validLengths;
        if (_validCapacity < lengths.Length)
        {
            _device.Free(_validLengths);
            _validLengths = 0;
            _validLengths = _device.Allocate((long)lengths.Length * sizeof(int));
            _validCapacity = lengths.Length;
        }
        fixed (int* p = lengths) _device.CopyToDevice(_validLengths, p, (long)lengths.Length * sizeof(int));
        _validUploaded = (int[])lengths.Clone();
        return _validLengths;
    }

    private ulong DeltaScratch(long floats)
    {
        if (floats > _deltaFloats)
        {
            _device.Free(_deltaScratch);
            _deltaScratch = 0;
            _deltaScratch = _device.Allocate(floats * sizeof(float));
            _deltaFloats = floats;
        }
        return _deltaScratch;
    }

    // The checks Kernels.Attention makes, and the CUDA grid's limits; false when there is nothing to do.
    private static bool Validate(string kernel, in AttentionShape s)
    {
        s.Validate(kernel);
        if (s.B > ushort.MaxValue || s.NH > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(s), $"{kernel}: B and NH must be ≤ 65535 (a CUDA grid dimension), got {s.B} and {s.NH}.");
        return s.B > 0 && s.T > 0 && s.NH > 0;
    }

    private static void RequireExtent(string kernel, string name, DeviceSpan span, in AttentionShape s, int stride)
    {
        long needed = ((long)s.B * s.T - 1) * stride + (long)s.NH * s.HS;
        if (span.Length < needed)
            throw new ArgumentException($"{kernel}: {name} has {span.Length} floats, needs at least {needed} ([B={s.B}, T={s.T}] rows of stride {stride}).", name);
    }

    private static void RequireStats(string kernel, string name, DeviceSpan span, in AttentionShape s)
    {
        long needed = (long)s.B * s.NH * s.T;
        if (span.Length < needed)
            throw new ArgumentException($"{kernel}: {name} has {span.Length} floats, needs {needed} ([B, NH, T]).", name);
    }
}
