// The CUDA driver API, bound by hand: the library is opened with NativeLibrary and every entry point
// read as an unmanaged function pointer. No [DllImport] and no assembly-wide resolver (which can be set
// only once per assembly): each driver file gets its own binding, so the tests can open the fake
// libcuda.so.1, a missing file and a library that is no driver in one process. Only the calls babylm
// makes are bound, always the `_v2` symbols (the plain names are the old 32-bit-pointer ABI). Not
// here: NVRTC, cuCtxCreate (the primary context is used instead).
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BabyLm.Engine.Cuda;

/// <summary>CUresult values babylm reacts to; any other code is shown by number and driver name.</summary>
internal enum CuResult
{
    Success = 0,
    InvalidValue = 1,
    OutOfMemory = 2,
    StubLibrary = 34,
    InsufficientDriver = 35,
    NoDevice = 100,
    NoBinaryForGpu = 209,
    InvalidPtx = 218,
    UnsupportedPtxVersion = 222,
    SystemDriverMismatch = 803,
    CompatNotSupportedOnDevice = 804,
}

internal sealed unsafe class CudaDriver
{
    /// <summary>Overrides where the driver library is looked for (the tests point it at the fake).</summary>
    public const string LibraryVariable = "CUDA_DRIVER_LIBRARY";

    private static readonly ConcurrentDictionary<string, CudaDriver> Loaded = new();

    public string LibraryPath { get; }

    public readonly delegate* unmanaged<uint, CuResult> cuInit;
    public readonly delegate* unmanaged<int*, CuResult> cuDriverGetVersion;
    public readonly delegate* unmanaged<int*, CuResult> cuDeviceGetCount;
    public readonly delegate* unmanaged<int*, int, CuResult> cuDeviceGet;
    public readonly delegate* unmanaged<byte*, int, int, CuResult> cuDeviceGetName;
    public readonly delegate* unmanaged<int*, int, int, CuResult> cuDeviceGetAttribute;
    public readonly delegate* unmanaged<nint*, int, CuResult> cuDevicePrimaryCtxRetain;
    public readonly delegate* unmanaged<int, CuResult> cuDevicePrimaryCtxRelease;
    public readonly delegate* unmanaged<nint, CuResult> cuCtxSetCurrent;
    public readonly delegate* unmanaged<CuResult> cuCtxSynchronize;
    public readonly delegate* unmanaged<nint*, byte*, uint, int*, nint*, CuResult> cuModuleLoadDataEx;
    public readonly delegate* unmanaged<nint, CuResult> cuModuleUnload;
    public readonly delegate* unmanaged<nint*, nint, byte*, CuResult> cuModuleGetFunction;
    public readonly delegate* unmanaged<int*, int, nint, CuResult> cuFuncGetAttribute;
    public readonly delegate* unmanaged<ulong*, nuint, CuResult> cuMemAlloc;
    public readonly delegate* unmanaged<ulong, CuResult> cuMemFree;
    public readonly delegate* unmanaged<ulong, void*, nuint, CuResult> cuMemcpyHtoD;
    public readonly delegate* unmanaged<void*, ulong, nuint, CuResult> cuMemcpyDtoH;
    public readonly delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, CuResult> cuLaunchKernel;
    public readonly delegate* unmanaged<ulong, uint, nuint, CuResult> cuMemsetD32;
    public readonly delegate* unmanaged<ulong, byte, nuint, CuResult> cuMemsetD8;
    public readonly delegate* unmanaged<ulong, ulong, nuint, CuResult> cuMemcpyDtoD;
    public readonly delegate* unmanaged<nuint*, nuint*, CuResult> cuMemGetInfo;
    public readonly delegate* unmanaged<void**, nuint, uint, CuResult> cuMemHostAlloc;
    public readonly delegate* unmanaged<void*, CuResult> cuMemFreeHost;
    public readonly delegate* unmanaged<ulong, void*, nuint, nint, CuResult> cuMemcpyHtoDAsync;
    public readonly delegate* unmanaged<nint*, uint, CuResult> cuStreamCreate;
    public readonly delegate* unmanaged<nint, CuResult> cuStreamDestroy;
    public readonly delegate* unmanaged<nint, nint, uint, CuResult> cuStreamWaitEvent;
    public readonly delegate* unmanaged<nint*, uint, CuResult> cuEventCreate;
    public readonly delegate* unmanaged<nint, nint, CuResult> cuEventRecord;
    public readonly delegate* unmanaged<nint, CuResult> cuEventSynchronize;
    public readonly delegate* unmanaged<nint, CuResult> cuEventDestroy;
    public readonly delegate* unmanaged<CuResult, byte**, CuResult> cuGetErrorName;
    public readonly delegate* unmanaged<CuResult, byte**, CuResult> cuGetErrorString;

    private CudaDriver(string path, nint handle)
    {
        LibraryPath = path;
        nint Bind(string symbol) => NativeLibrary.TryGetExport(handle, symbol, out var p) ? p
            : throw new CudaUnavailableException($"{path} is not a usable NVIDIA driver library: it has no {symbol}.",
                $"point {LibraryVariable} at the driver's libcuda.so.1, or unset it.");
        cuInit = (delegate* unmanaged<uint, CuResult>)Bind("cuInit");
        cuDriverGetVersion = (delegate* unmanaged<int*, CuResult>)Bind("cuDriverGetVersion");
        cuDeviceGetCount = (delegate* unmanaged<int*, CuResult>)Bind("cuDeviceGetCount");
        cuDeviceGet = (delegate* unmanaged<int*, int, CuResult>)Bind("cuDeviceGet");
        cuDeviceGetName = (delegate* unmanaged<byte*, int, int, CuResult>)Bind("cuDeviceGetName");
        cuDeviceGetAttribute = (delegate* unmanaged<int*, int, int, CuResult>)Bind("cuDeviceGetAttribute");
        cuDevicePrimaryCtxRetain = (delegate* unmanaged<nint*, int, CuResult>)Bind("cuDevicePrimaryCtxRetain");
        cuDevicePrimaryCtxRelease = (delegate* unmanaged<int, CuResult>)Bind("cuDevicePrimaryCtxRelease_v2");
        cuCtxSetCurrent = (delegate* unmanaged<nint, CuResult>)Bind("cuCtxSetCurrent");
        cuCtxSynchronize = (delegate* unmanaged<CuResult>)Bind("cuCtxSynchronize");
        cuModuleLoadDataEx = (delegate* unmanaged<nint*, byte*, uint, int*, nint*, CuResult>)Bind("cuModuleLoadDataEx");
        cuModuleUnload = (delegate* unmanaged<nint, CuResult>)Bind("cuModuleUnload");
        cuModuleGetFunction = (delegate* unmanaged<nint*, nint, byte*, CuResult>)Bind("cuModuleGetFunction");
        cuFuncGetAttribute = (delegate* unmanaged<int*, int, nint, CuResult>)Bind("cuFuncGetAttribute");
        cuMemAlloc = (delegate* unmanaged<ulong*, nuint, CuResult>)Bind("cuMemAlloc_v2");
        cuMemFree = (delegate* unmanaged<ulong, CuResult>)Bind("cuMemFree_v2");
        cuMemcpyHtoD = (delegate* unmanaged<ulong, void*, nuint, CuResult>)Bind("cuMemcpyHtoD_v2");
        cuMemcpyDtoH = (delegate* unmanaged<void*, ulong, nuint, CuResult>)Bind("cuMemcpyDtoH_v2");
        cuLaunchKernel = (delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, CuResult>)Bind("cuLaunchKernel");
        cuMemsetD32 = (delegate* unmanaged<ulong, uint, nuint, CuResult>)Bind("cuMemsetD32_v2");
        cuMemsetD8 = (delegate* unmanaged<ulong, byte, nuint, CuResult>)Bind("cuMemsetD8_v2");
        cuMemcpyDtoD = (delegate* unmanaged<ulong, ulong, nuint, CuResult>)Bind("cuMemcpyDtoD_v2");
        cuMemGetInfo = (delegate* unmanaged<nuint*, nuint*, CuResult>)Bind("cuMemGetInfo_v2");
        cuMemHostAlloc = (delegate* unmanaged<void**, nuint, uint, CuResult>)Bind("cuMemHostAlloc");
        cuMemFreeHost = (delegate* unmanaged<void*, CuResult>)Bind("cuMemFreeHost");
        cuMemcpyHtoDAsync = (delegate* unmanaged<ulong, void*, nuint, nint, CuResult>)Bind("cuMemcpyHtoDAsync_v2");
        cuStreamCreate = (delegate* unmanaged<nint*, uint, CuResult>)Bind("cuStreamCreate");
        cuStreamDestroy = (delegate* unmanaged<nint, CuResult>)Bind("cuStreamDestroy_v2");
        cuStreamWaitEvent = (delegate* unmanaged<nint, nint, uint, CuResult>)Bind("cuStreamWaitEvent");
        cuEventCreate = (delegate* unmanaged<nint*, uint, CuResult>)Bind("cuEventCreate");
        cuEventRecord = (delegate* unmanaged<nint, nint, CuResult>)Bind("cuEventRecord");
        cuEventSynchronize = (delegate* unmanaged<nint, CuResult>)Bind("cuEventSynchronize");
        cuEventDestroy = (delegate* unmanaged<nint, CuResult>)Bind("cuEventDestroy_v2");
        cuGetErrorName = (delegate* unmanaged<CuResult, byte**, CuResult>)Bind("cuGetErrorName");
        cuGetErrorString = (delegate* unmanaged<CuResult, byte**, CuResult>)Bind("cuGetErrorString");
    }

    /// <summary>
    /// The driver library at <paramref name="path"/>; with null, at $CUDA_DRIVER_LIBRARY if set, else the
    /// first of the places an NVIDIA driver installs it. Bindings are cached per file.
    /// </summary>
    public static CudaDriver Load(string? path = null)
    {
        path ??= Environment.GetEnvironmentVariable(LibraryVariable) is { Length: > 0 } env ? env : null;
        string[] candidates = path is not null ? [path]
            : OperatingSystem.IsWindows() ? ["nvcuda.dll"]
            // libcuda.so.1 is the driver's; a bare libcuda.so is a developer link or the toolkit's stub.
            : ["libcuda.so.1", "/usr/lib/wsl/lib/libcuda.so.1"];
        foreach (var candidate in candidates)
        {
            if (Loaded.TryGetValue(candidate, out var driver)) return driver;
            if (NativeLibrary.TryLoad(candidate, out var handle))
                return Loaded.GetOrAdd(candidate, c => new CudaDriver(c, handle));
        }
        throw new CudaUnavailableException(
            $"no NVIDIA driver: the CUDA driver library was not found (tried {string.Join(", ", candidates)}).",
            path is not null ? $"{LibraryVariable} names a file that cannot be loaded; fix or unset it."
                : "the GPU path needs an NVIDIA GPU and its driver (in a container, GPU access such as --gpus all); on this machine use the CPU (device: cpu).");
    }

    /// <summary>"CUDA_ERROR_NAME (code): text", as the driver spells it.</summary>
    public string Describe(CuResult result)
    {
        byte* name = null, text = null;
        bool named = cuGetErrorName(result, &name) == CuResult.Success && name != null;
        bool described = cuGetErrorString(result, &text) == CuResult.Success && text != null;
        var head = named ? Marshal.PtrToStringUTF8((nint)name) : $"CUresult {(int)result}";
        return described ? $"{head} ({(int)result}): {Marshal.PtrToStringUTF8((nint)text)}" : $"{head} ({(int)result})";
    }

    /// <summary>Throws <see cref="CudaException"/> naming the call unless it succeeded.</summary>
    public void Check(CuResult result, [CallerArgumentExpression(nameof(result))] string? call = null)
    {
        if (result != CuResult.Success)
            throw new CudaException((int)result, $"{CallName(call)} failed: {Describe(result)}");
    }

    // "_driver.cuMemAlloc(&p, n)" → "cuMemAlloc"
    private static string CallName(string? call)
    {
        if (call is null) return "CUDA call";
        int open = call.IndexOf('(');
        var head = open > 0 ? call[..open] : call;
        return head[(head.LastIndexOf('.') + 1)..];
    }
}
