// One GPU through the driver API: device checks with messages a user can act on, its primary context
// (the driver's per-device context, whose calls kept one signature from CUDA 11 to 13, where
// cuCtxCreate did not), one PTX module JIT-compiled with its logs kept, raw memory (with the bytes held
// and their peak counted), pinned host memory, streams, events and launches. The context is current per
// OS thread, so every entry makes it current first. Knows nothing of the kernels it launches.
using System.Runtime.InteropServices;
using System.Text;

namespace BabyLm.Engine.Cuda;

/// <summary>A kernel of the loaded module, by its (extern "C") name.</summary>
internal readonly record struct CudaKernel(string Name, nint Function);

internal sealed unsafe class CudaDevice : IDisposable
{
    private const int AttrComputeCapabilityMajor = 75, AttrComputeCapabilityMinor = 76;
    private const int FuncAttrSharedSizeBytes = 1, FuncAttrLocalSizeBytes = 3, FuncAttrNumRegs = 4;
    private const int JitInfoLogBuffer = 3, JitInfoLogBufferSize = 4, JitErrorLogBuffer = 5, JitErrorLogBufferSize = 6,
        JitLogVerbose = 12;

    private readonly CudaDriver _driver;
    private readonly nint _context;
    private nint _module;
    private bool _disposed;

    private CudaDevice(CudaDriver driver, int ordinal, nint context, string name, int driverVersion, (int, int) cc)
    {
        _driver = driver;
        _context = context;
        Ordinal = ordinal;
        Name = name;
        DriverVersion = driverVersion;
        ComputeCapability = cc;
    }

    public int Ordinal { get; }
    public string Name { get; }
    /// <summary>1000·major + 10·minor of the CUDA version the driver supports (12080 = 12.8).</summary>
    public int DriverVersion { get; }
    public (int Major, int Minor) ComputeCapability { get; }
    public string LibraryPath => _driver.LibraryPath;
    /// <summary>What the driver's JIT said when it compiled the PTX (registers, spills with verbose on).</summary>
    public string JitInfoLog { get; private set; } = "";

    /// <summary>
    /// Device <paramref name="ordinal"/> of the driver, checked to be able to run PTX that needs driver
    /// <paramref name="requiredDriver"/> and compute capability <paramref name="requiredCc"/>; throws
    /// <see cref="CudaUnavailableException"/> saying why not.
    /// </summary>
    public static CudaDevice Open(CudaDriver driver, int ordinal, int requiredDriver, (int Major, int Minor) requiredCc)
    {
        var path = driver.LibraryPath;
        var init = driver.cuInit(0);
        switch (init)
        {
            case CuResult.Success:
                break;
            case CuResult.NoDevice:
                throw new CudaUnavailableException("the NVIDIA driver is installed but sees no GPU.",
                    "check `nvidia-smi` and CUDA_VISIBLE_DEVICES (in a container: GPU access, e.g. --gpus all).");
            case CuResult.StubLibrary:
                throw new CudaUnavailableException($"{path} is the CUDA toolkit's stub library, not the NVIDIA driver's.",
                    $"LD_LIBRARY_PATH or {CudaDriver.LibraryVariable} points into the toolkit's stubs folder; remove it so the driver's libcuda.so.1 is found.");
            case CuResult.InsufficientDriver or CuResult.SystemDriverMismatch or CuResult.CompatNotSupportedOnDevice:
                throw new CudaUnavailableException($"the NVIDIA driver cannot run CUDA here: {driver.Describe(init)}.",
                    "the driver's kernel module and libcuda.so.1 must be the same version: reinstall the driver or reboot after an update.");
            default:
                throw new CudaUnavailableException($"the NVIDIA driver failed to start: cuInit: {driver.Describe(init)}.");
        }

        int version, count, dev, major, minor;
        driver.Check(driver.cuDriverGetVersion(&version));
        if (version < requiredDriver)
            throw new CudaUnavailableException(
                $"the NVIDIA driver is too old: it supports CUDA {CudaVersion(version)}, babylm's kernels need CUDA {CudaVersion(requiredDriver)} or newer.",
                "update the NVIDIA driver.");
        driver.Check(driver.cuDeviceGetCount(&count));
        if (ordinal < 0 || ordinal >= count)
            throw new CudaUnavailableException($"GPU {ordinal} was asked for, but the NVIDIA driver sees {count} GPU(s).",
                count > 0 ? $"use a GPU number from 0 to {count - 1}." : "check `nvidia-smi` and CUDA_VISIBLE_DEVICES.");
        driver.Check(driver.cuDeviceGet(&dev, ordinal));
        var nameBuffer = stackalloc byte[256];
        driver.Check(driver.cuDeviceGetName(nameBuffer, 256, dev));
        var name = Marshal.PtrToStringUTF8((nint)nameBuffer) ?? "?";
        driver.Check(driver.cuDeviceGetAttribute(&major, AttrComputeCapabilityMajor, dev));
        driver.Check(driver.cuDeviceGetAttribute(&minor, AttrComputeCapabilityMinor, dev));
        if ((major, minor).CompareTo(requiredCc) < 0)
            throw new CudaUnavailableException(
                $"{name} has compute capability {major}.{minor}; babylm's CUDA kernels need {requiredCc.Major}.{requiredCc.Minor} (Ampere) or newer.",
                "use device: cpu on this machine.");

        nint context;
        driver.Check(driver.cuDevicePrimaryCtxRetain(&context, dev));
        var device = new CudaDevice(driver, dev, context, name, version, (major, minor));
        device.MakeCurrent();
        return device;
    }

    /// <summary>How many GPUs the driver sees (CUDA_VISIBLE_DEVICES applies); CudaUnavailableException when it cannot start.</summary>
    public static int Count(CudaDriver driver)
    {
        var init = driver.cuInit(0);
        if (init == CuResult.NoDevice) return 0;
        if (init != CuResult.Success)
            throw new CudaUnavailableException($"the NVIDIA driver failed to start: cuInit: {driver.Describe(init)}.");
        int count;
        driver.Check(driver.cuDeviceGetCount(&count));
        return count;
    }

    /// <summary>"12.8" for 12080.</summary>
    public static string CudaVersion(int version) => $"{version / 1000}.{version % 1000 / 10}";

    [ThreadStatic] private static CudaDevice? t_current;

    /// <summary>The primary context is current per OS thread: call before driver work on any thread.</summary>
    public void MakeCurrent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ReferenceEquals(t_current, this)) return;
        _driver.Check(_driver.cuCtxSetCurrent(_context));
        t_current = this;
    }

    /// <summary>
    /// JIT-compiles <paramref name="ptx"/> (NUL-terminated here) into this device's one module. A driver
    /// too old for its .version gives <see cref="CudaUnavailableException"/>; any other JIT failure is a bug in
    /// the PTX, also a <see cref="CudaUnavailableException"/> (the run cannot start), with the JIT's error log
    /// and the kernel whose line it names.
    /// </summary>
    public void LoadModule(ReadOnlySpan<byte> ptx)
    {
        MakeCurrent();
        if (_module != 0) throw new InvalidOperationException("a module is loaded already");
        const int LogBytes = 16 * 1024;
        var image = new byte[ptx.Length + 1];
        ptx.CopyTo(image);
        var errorLog = new byte[LogBytes];
        var infoLog = new byte[LogBytes];
        CuResult result;
        nint module;
        fixed (byte* img = image, err = errorLog, info = infoLog)
        {
            var options = stackalloc int[] { JitErrorLogBuffer, JitErrorLogBufferSize, JitInfoLogBuffer, JitInfoLogBufferSize, JitLogVerbose };
            // The size options take the value itself in the pointer-sized slot, not a pointer to it.
            var values = stackalloc nint[] { (nint)err, LogBytes, (nint)info, LogBytes, 1 };
            result = _driver.cuModuleLoadDataEx(&module, img, 5, options, values);
        }
        JitInfoLog = Text(infoLog);
        if (result == CuResult.UnsupportedPtxVersion)
            throw new CudaUnavailableException(
                $"the NVIDIA driver (CUDA {CudaVersion(DriverVersion)}) cannot compile babylm's kernels: {Text(errorLog)}",
                "update the NVIDIA driver.");
        if (result != CuResult.Success)
        {
            var log = Text(errorLog);
            var kernel = KernelAtErrorLine(ptx, log);
            throw new CudaUnavailableException(
                $"the NVIDIA driver rejected babylm's PTX{(kernel is null ? "" : $" in the kernel {kernel}")}: {_driver.Describe(result)}\n{log}",
                $"this is babylm's bug, not your setup: report it with the lines above and `nvidia-smi`'s driver version; meanwhile use device: cpu. (driver CUDA {CudaVersion(DriverVersion)}, GPU {Name})");
        }
        _module = module;

        static string Text(byte[] log)
        {
            int end = Array.IndexOf(log, (byte)0);
            return Encoding.UTF8.GetString(log, 0, end < 0 ? log.Length : end).Trim();
        }
    }

    /// <summary>The kernel (.entry) whose body holds the first PTX line a JIT error log names ("ptx input, line N"), if any.</summary>
    internal static string? KernelAtErrorLine(ReadOnlySpan<byte> ptx, string errorLog)
    {
        var m = System.Text.RegularExpressions.Regex.Match(errorLog, @"line (\d+)");
        if (!m.Success || !int.TryParse(m.Groups[1].Value, out int target)) return null;
        string? kernel = null;
        int line = 1;
        foreach (var text in Encoding.ASCII.GetString(ptx).Split('\n'))
        {
            if (line++ > target) break;
            var entry = System.Text.RegularExpressions.Regex.Match(text, @"\.entry\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(");
            if (entry.Success) kernel = entry.Groups[1].Value;
        }
        return kernel;
    }

    /// <summary>A kernel of the loaded module; one the PTX does not have is a <see cref="CudaException"/> naming it.</summary>
    public CudaKernel Kernel(string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name + "\0");
        nint function;
        CuResult result;
        fixed (byte* n = utf8) result = _driver.cuModuleGetFunction(&function, _module, n);
        if (result != CuResult.Success)
            throw new CudaException((int)result, $"the CUDA kernel {name} is not in babylm's PTX module (or the driver refused it): {_driver.Describe(result)}");
        return new CudaKernel(name, function);
    }

    /// <summary>What the JIT gave a kernel: registers per thread, static shared bytes, local (spill) bytes per thread.</summary>
    public (int Registers, int SharedBytes, int LocalBytes) Resources(CudaKernel kernel)
    {
        var function = kernel.Function;
        int Attribute(int attribute)
        {
            int value;
            _driver.Check(_driver.cuFuncGetAttribute(&value, attribute, function));
            return value;
        }
        return (Attribute(FuncAttrNumRegs), Attribute(FuncAttrSharedSizeBytes), Attribute(FuncAttrLocalSizeBytes));
    }

    /// <summary>Device bytes this process holds through <see cref="Allocate"/>, and their peak.</summary>
    public long AllocatedBytes { get; private set; }
    public long PeakAllocatedBytes { get; private set; }

    private readonly Dictionary<ulong, long> _sizes = [];

    /// <summary>Device memory of <paramref name="bytes"/> (contents undefined); <see cref="CudaOutOfMemoryException"/> when it does not fit.</summary>
    public ulong Allocate(long bytes)
    {
        MakeCurrent();
        ulong pointer;
        var result = _driver.cuMemAlloc(&pointer, (nuint)bytes);
        if (result == CuResult.OutOfMemory)
        {
            var (free, total) = MemoryInfo();
            throw new CudaOutOfMemoryException(Name, bytes, free, total, AllocatedBytes);
        }
        _driver.Check(result);
        _sizes[pointer] = bytes;
        AllocatedBytes += bytes;
        PeakAllocatedBytes = Math.Max(PeakAllocatedBytes, AllocatedBytes);
        return pointer;
    }

    /// <summary>Frees device memory; errors are ignored (a freeing path must not throw).</summary>
    public void Free(ulong pointer)
    {
        if (_disposed || pointer == 0) return;
        _driver.cuCtxSetCurrent(_context);
        _driver.cuMemFree(pointer);
        if (_sizes.Remove(pointer, out long bytes)) AllocatedBytes -= bytes;
    }

    /// <summary>Free and total bytes of the device, as the driver reports them.</summary>
    public (long Free, long Total) MemoryInfo()
    {
        MakeCurrent();
        nuint free, total;
        _driver.Check(_driver.cuMemGetInfo(&free, &total));
        return ((long)free, (long)total);
    }

    /// <summary>bytes/4 32-bit words of <paramref name="value"/> from <paramref name="pointer"/> (bytes a multiple of 4).</summary>
    public void Fill32(ulong pointer, uint value, long words)
    {
        MakeCurrent();
        _driver.Check(_driver.cuMemsetD32(pointer, value, (nuint)words));
    }

    public void Fill8(ulong pointer, byte value, long bytes)
    {
        MakeCurrent();
        _driver.Check(_driver.cuMemsetD8(pointer, value, (nuint)bytes));
    }

    public void CopyDeviceToDevice(ulong destination, ulong source, long bytes)
    {
        MakeCurrent();
        _driver.Check(_driver.cuMemcpyDtoD(destination, source, (nuint)bytes));
    }

    /// <summary>Page-locked host memory (fast, asynchronous copies); free with <see cref="FreeHost"/>.</summary>
    public void* AllocateHost(long bytes)
    {
        MakeCurrent();
        void* p;
        _driver.Check(_driver.cuMemHostAlloc(&p, (nuint)bytes, 0));
        return p;
    }

    public void FreeHost(void* pointer)
    {
        if (_disposed || pointer == null) return;
        _driver.cuCtxSetCurrent(_context);
        _driver.cuMemFreeHost(pointer);
    }

    /// <summary>A stream that does not synchronise with the default stream (CU_STREAM_NON_BLOCKING).</summary>
    public nint CreateStream()
    {
        MakeCurrent();
        nint stream;
        _driver.Check(_driver.cuStreamCreate(&stream, 1));
        return stream;
    }

    public void DestroyStream(nint stream)
    {
        if (_disposed || stream == 0) return;
        _driver.cuCtxSetCurrent(_context);
        _driver.cuStreamDestroy(stream);
    }

    /// <summary>An event without timing (CU_EVENT_DISABLE_TIMING), for ordering streams.</summary>
    public nint CreateEvent()
    {
        MakeCurrent();
        nint e;
        _driver.Check(_driver.cuEventCreate(&e, 2));
        return e;
    }

    public void DestroyEvent(nint e)
    {
        if (_disposed || e == 0) return;
        _driver.cuCtxSetCurrent(_context);
        _driver.cuEventDestroy(e);
    }

    /// <summary>Host → device on <paramref name="stream"/> from pinned memory; then <paramref name="done"/> is recorded there.</summary>
    public void CopyToDeviceAsync(ulong destination, void* source, long bytes, nint stream, nint done)
    {
        MakeCurrent();
        _driver.Check(_driver.cuMemcpyHtoDAsync(destination, source, (nuint)bytes, stream));
        _driver.Check(_driver.cuEventRecord(done, stream));
    }

    /// <summary>Work queued on <paramref name="stream"/> (0: the default stream) after this call waits for <paramref name="e"/>.</summary>
    public void StreamWaits(nint stream, nint e)
    {
        MakeCurrent();
        _driver.Check(_driver.cuStreamWaitEvent(stream, e, 0));
    }

    /// <summary>Records <paramref name="e"/> on <paramref name="stream"/> (0: the default stream).</summary>
    public void Record(nint e, nint stream)
    {
        MakeCurrent();
        _driver.Check(_driver.cuEventRecord(e, stream));
    }

    /// <summary>Blocks the host until <paramref name="e"/> has happened.</summary>
    public void WaitFor(nint e)
    {
        MakeCurrent();
        _driver.Check(_driver.cuEventSynchronize(e));
    }

    public void CopyToDevice(ulong destination, void* source, long bytes)
    {
        MakeCurrent();
        _driver.Check(_driver.cuMemcpyHtoD(destination, source, (nuint)bytes));
    }

    public void CopyToHost(void* destination, ulong source, long bytes)
    {
        MakeCurrent();
        _driver.Check(_driver.cuMemcpyDtoH(destination, source, (nuint)bytes));
    }

    /// <summary>
    /// Launches <paramref name="kernel"/> on the default stream with <paramref name="threads"/> threads
    /// per block. Each argument is the raw bits of one kernel parameter, in the kernel's order: a device
    /// pointer, or an int or float in the low 4 bytes (the driver reads each parameter's own size). A
    /// refused launch names the kernel and its grid.
    /// </summary>
    public void Launch(CudaKernel kernel, uint gridX, uint gridY, uint gridZ, uint threads, ReadOnlySpan<ulong> arguments)
    {
        if (gridX == 0 || gridY == 0 || gridZ == 0) return;  // nothing to do
        MakeCurrent();
        var pointers = stackalloc void*[arguments.Length];
        CuResult result;
        fixed (ulong* a = arguments)
        {
            for (int i = 0; i < arguments.Length; i++) pointers[i] = a + i;
            result = _driver.cuLaunchKernel(kernel.Function, gridX, gridY, gridZ, threads, 1, 1, 0, 0, pointers, null);
        }
        if (result != CuResult.Success)
            throw new CudaException((int)result,
                $"launching the CUDA kernel {kernel.Name} (grid {gridX}×{gridY}×{gridZ}, {threads} threads) failed: {_driver.Describe(result)}");
    }

    /// <summary>Waits for the launched work; a kernel's fault surfaces here.</summary>
    public void Synchronize()
    {
        MakeCurrent();
        _driver.Check(_driver.cuCtxSynchronize());
    }

    public void Dispose()
    {
        if (_disposed) return;
        _driver.cuCtxSetCurrent(_context);
        t_current = null;
        if (_module != 0) _driver.cuModuleUnload(_module);
        _driver.cuDevicePrimaryCtxRelease(Ordinal);
        _disposed = true;
    }
}
