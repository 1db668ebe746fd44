// One GPU with babylm's kernels on it: the driver found, the device checked, the PTX embedded in this
// assembly (built from kernels.cu at build time) JIT-compiled by the driver into one module. Opening
// fails with CudaUnavailableException, saying why, on a machine that cannot run the kernels; nothing
// falls back to the CPU. The attention kernels (CudaAttention) and the CUDA backend share one.
using System.Globalization;
using System.Text.RegularExpressions;

namespace BabyLm.Engine.Cuda;

internal sealed partial class CudaGpu : IDisposable
{
    private const string PtxResource = "BabyLm.Engine.Cuda.kernels.ptx";

    private static readonly Lazy<byte[]?> EmbeddedPtx = new(() =>
    {
        using var stream = typeof(CudaGpu).Assembly.GetManifestResourceStream(PtxResource);
        if (stream is null) return null;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    });

    private readonly Dictionary<string, CudaKernel> _kernels = [];

    private CudaGpu(CudaDevice device) => Device = device;

    public CudaDevice Device { get; }

    /// <summary>Per kernel looked up so far, as the JIT built it: registers per thread, static shared bytes, local (spill) bytes.</summary>
    public Dictionary<string, (int Registers, int SharedBytes, int LocalBytes)> Resources { get; } = [];

    /// <summary>
    /// GPU <paramref name="ordinal"/> of the driver at <paramref name="driverLibrary"/> (null: $CUDA_DRIVER_LIBRARY,
    /// else the installed one), with the kernels JIT-compiled. Throws <see cref="CudaUnavailableException"/> with
    /// the reason — no driver, no GPU, the toolkit's stub library, a driver or GPU too old, a build without kernels.
    /// </summary>
    public static CudaGpu Open(string? driverLibrary, int ordinal)
    {
        var driver = CudaDriver.Load(driverLibrary);
        var ptx = EmbeddedPtx.Value ?? throw new CudaUnavailableException(
            "this build of babylm has no CUDA kernels: clang was not found when it was built.",
            "install clang-14 (apt-get install clang-14) and rebuild babylm.");
        var (requiredDriver, requiredCc) = PtxRequirements(ptx);
        var device = CudaDevice.Open(driver, ordinal, requiredDriver, requiredCc);
        try
        {
            device.LoadModule(ptx);
            return new CudaGpu(device);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>The kernel named <paramref name="name"/> in the module (looked up once; its resources recorded).</summary>
    public CudaKernel Kernel(string name)
    {
        if (_kernels.TryGetValue(name, out var kernel)) return kernel;
        kernel = Device.Kernel(name);
        Resources[name] = Device.Resources(kernel);
        _kernels[name] = kernel;
        return kernel;
    }

    public void Dispose() => Device.Dispose();

    /// <summary>The driver version (1000·major + 10·minor) and compute capability the PTX asks for.</summary>
    internal static (int Driver, (int Major, int Minor) Cc) PtxRequirements(ReadOnlySpan<byte> ptx)
    {
        var text = System.Text.Encoding.ASCII.GetString(ptx[..Math.Min(ptx.Length, 4096)]);
        var version = PtxVersion().Match(text);
        var target = PtxTarget().Match(text);
        if (!version.Success || !target.Success) throw new InvalidOperationException("the embedded PTX has no .version or .target");
        int major = int.Parse(version.Groups[1].Value, CultureInfo.InvariantCulture);
        int minor = int.Parse(version.Groups[2].Value, CultureInfo.InvariantCulture);
        int sm = int.Parse(target.Groups[1].Value, CultureInfo.InvariantCulture);
        return (DriverForPtx(major, minor), (sm / 10, sm % 10));
    }

    /// <summary>The oldest driver that JIT-compiles PTX ISA major.minor (from NVIDIA's PTX ISA release notes).</summary>
    internal static int DriverForPtx(int major, int minor) => major switch
    {
        < 7 => 10000,
        7 => 11000 + 10 * minor,            // 7.0 = CUDA 11.0 … 7.8 = 11.8
        8 when minor <= 5 => 12000 + 10 * minor,  // 8.0 = 12.0 … 8.5 = 12.5
        8 => 12010 + 10 * minor,             // 8.6 = 12.7, 8.7 = 12.8, 8.8 = 12.9
        _ => 13000 + 10 * minor,             // 9.0 = 13.0
    };

    [GeneratedRegex(@"^\.version (\d+)\.(\d+)", RegexOptions.Multiline)]
    private static partial Regex PtxVersion();

    [GeneratedRegex(@"^\.target sm_(\d+)", RegexOptions.Multiline)]
    private static partial Regex PtxTarget();
}
