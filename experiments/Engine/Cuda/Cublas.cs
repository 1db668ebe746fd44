// cuBLAS, bound by hand at run time (no CUDA toolkit is needed to build or to run without it): the
// library is opened from the candidates the caller names — files or folders, tried in order, the
// caller deciding where to look (the experiments layer searches the CUDA toolkit, PyTorch's NVIDIA
// wheels and an environment variable) — and cublasLt, which cuBLAS needs, is loaded from the same
// folder first. Only what the backend uses is bound: handle, version, math mode, cublasGemmEx. It runs
// on the context current to the calling thread: the driver API's primary context, which CudaDevice
// makes current.
using System.Runtime.InteropServices;

namespace BabyLm.Engine.Cuda;

internal sealed unsafe class Cublas : IDisposable
{
    /// <summary>The sonames tried, newest first.</summary>
    public static readonly string[] Sonames = ["libcublas.so.13", "libcublas.so.12"];

    /// <summary>The oldest cuBLAS whose cublasGemmEx takes the compute types used here (11.0).</summary>
    public const int MinimumVersion = 11_00_00;

    public const int OpN = 0, OpT = 1;
    public const int R32F = 0, R16BF = 14;
    public const int Compute32F = 68, Compute32FFastTf32 = 77;
    private const int DefaultMath = 0, GemmDefault = -1;

    private readonly delegate* unmanaged<nint*, int> _create;
    private readonly delegate* unmanaged<nint, int> _destroy;
    private readonly delegate* unmanaged<nint, int*, int> _getVersion;
    private readonly delegate* unmanaged<nint, int, int> _setMathMode;
    private readonly delegate* unmanaged<nint, int, int, int, int, int, void*, ulong, int, int, ulong, int, int, void*, ulong, int, int, int, int, int> _gemmEx;
    private nint _handle;

    private Cublas(string path, nint library)
    {
        LibraryPath = path;
        nint Bind(string symbol) => NativeLibrary.TryGetExport(library, symbol, out var p) ? p
            : throw new CudaUnavailableException($"{path} is not a usable cuBLAS: it has no {symbol}.",
                "point BABYLM_CUBLAS at the libcublas.so.12/13 of a CUDA toolkit or of PyTorch's nvidia-cublas wheel, or unset it.");
        _create = (delegate* unmanaged<nint*, int>)Bind("cublasCreate_v2");
        _destroy = (delegate* unmanaged<nint, int>)Bind("cublasDestroy_v2");
        _getVersion = (delegate* unmanaged<nint, int*, int>)Bind("cublasGetVersion_v2");
        _setMathMode = (delegate* unmanaged<nint, int, int>)Bind("cublasSetMathMode");
        _gemmEx = (delegate* unmanaged<nint, int, int, int, int, int, void*, ulong, int, int, ulong, int, int, void*, ulong, int, int, int, int, int>)Bind("cublasGemmEx");
    }

    public string LibraryPath { get; }

    /// <summary>major·10000 + minor·100 + patch, as cublasGetVersion reports it (120802 = 12.8.2).</summary>
    public int Version { get; private set; }

    public string VersionText => $"{Version / 10000}.{Version / 100 % 100}.{Version % 100}";

    /// <summary>
    /// The first candidate that loads: a file, or a folder holding one of <see cref="Sonames"/>; bare sonames
    /// go through the system's library search. Null when none loads (<paramref name="tried"/> lists them).
    /// A library that loads but cannot work here (no entry point, too old, refuses this GPU) is a
    /// <see cref="CudaUnavailableException"/> saying so. The device's context must be current.
    /// </summary>
    public static Cublas? TryOpen(IEnumerable<string> candidates, out List<string> tried)
    {
        tried = [];
        foreach (var candidate in candidates)
        {
            var files = candidate.EndsWith(".so", StringComparison.Ordinal) || candidate.Contains(".so.", StringComparison.Ordinal)
                ? [candidate]
                : Sonames.Select(s => candidate.Length == 0 ? s : System.IO.Path.Combine(candidate, s)).ToArray();
            foreach (var file in files)
            {
                tried.Add(file);
                var lt = file.Replace("libcublas.so", "libcublasLt.so", StringComparison.Ordinal);
                if (lt != file) NativeLibrary.TryLoad(lt, out _);  // cuBLAS needs cublasLt: from the same folder if it is there
                if (!NativeLibrary.TryLoad(file, out var library)) continue;
                var cublas = new Cublas(file, library);
                try
                {
                    cublas.Start();
                }
                catch
                {
                    cublas.Dispose();
                    throw;
                }
                return cublas;
            }
        }
        return null;
    }

    private void Start()
    {
        nint handle;
        int status = _create(&handle);
        if (status != 0)
            throw new CudaUnavailableException($"cuBLAS ({LibraryPath}) could not start on this GPU: cublasCreate returned {StatusName(status)}.",
                "its CUDA version must match the driver's (nvidia-smi shows it): use a cuBLAS of the driver's CUDA major version, or unset BABYLM_CUBLAS to use babylm's own GEMM.");
        _handle = handle;
        int version;
        Check(_getVersion(_handle, &version), "cublasGetVersion");
        Version = version;
        if (version < MinimumVersion)
            throw new CudaUnavailableException($"cuBLAS {VersionText} ({LibraryPath}) is too old: babylm needs cuBLAS 11.0 or newer.",
                "install a CUDA 12 or 13 toolkit or PyTorch's nvidia-cublas wheel, or unset BABYLM_CUBLAS.");
        Check(_setMathMode(_handle, DefaultMath), "cublasSetMathMode");
    }

    /// <summary>
    /// Column-major C[m, n] = α·op(A)[m, k]·op(B)[k, n] + β·C with A, B of <paramref name="abType"/>
    /// (R32F or R16BF), C fp32, in <paramref name="computeType"/>. Asynchronous on the default stream.
    /// </summary>
    public void Gemm(int opA, int opB, int m, int n, int k, float alpha, ulong a, int lda, ulong b, int ldb, float beta, ulong c, int ldc,
        int abType, int computeType)
    {
        int status = _gemmEx(_handle, opA, opB, m, n, k, &alpha, a, abType, lda, b, abType, ldb, &beta, c, R32F, ldc, computeType, GemmDefault);
        Check(status, "cublasGemmEx");
    }

    private void Check(int status, string call)
    {
        if (status != 0) throw new CudaException(status, $"{call} failed: {StatusName(status)} (cuBLAS {VersionText}, {LibraryPath})");
    }

    private static string StatusName(int status) => status switch
    {
        1 => "CUBLAS_STATUS_NOT_INITIALIZED (1)",
        3 => "CUBLAS_STATUS_ALLOC_FAILED (3)",
        7 => "CUBLAS_STATUS_INVALID_VALUE (7)",
        8 => "CUBLAS_STATUS_ARCH_MISMATCH (8)",
        11 => "CUBLAS_STATUS_MAPPING_ERROR (11)",
        13 => "CUBLAS_STATUS_EXECUTION_FAILED (13)",
        14 => "CUBLAS_STATUS_INTERNAL_ERROR (14)",
        15 => "CUBLAS_STATUS_NOT_SUPPORTED (15)",
        16 => "CUBLAS_STATUS_LICENSE_ERROR (16)",
        _ => $"cuBLAS status {status}",
    };

    public void Dispose()
    {
        if (_handle != 0) _destroy(_handle);
        _handle = 0;
    }
}
