// The fake libcuda.so.1 and libcublas.so.12 (experiments/Engine/Cuda/harness/fake_lib*.cpp): built on first use with make and
// g++ from the sources copied beside this assembly, so `dotnet test` alone runs the C# GPU path on any
// machine with g++; a failed build fails the tests that need it, loudly, with the compiler's output.
// Tests steer the fake through its two extra exports (fakecuda_configure, fakecuda_query).
using System.Diagnostics;
using System.Runtime.InteropServices;
using BabyLm.Engine.Cuda;

namespace BabyLm.Engine.Tests.Cuda;

/// <summary>The Cuda tests share one driver library and its global state: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CudaCollection : ICollectionFixture<FakeCuda>
{
    public const string Name = "Cuda";
}

public sealed unsafe class FakeCuda
{
    private static readonly Lazy<string> Built = new(Build);
    private static readonly Lazy<nint> Handle = new(() => NativeLibrary.Load(Built.Value));

    /// <summary>The fake driver's path (built on first use).</summary>
    public string LibraryPath => Built.Value;

    /// <summary>The fake cuBLAS (libcublas.so.12, beside the fake driver; built with it).</summary>
    public string CublasPath => Path.Combine(Path.GetDirectoryName(Built.Value)!, "libcublas.so.12");

    private static readonly Lazy<nint> CublasHandle = new(() => NativeLibrary.Load(Path.Combine(Path.GetDirectoryName(Built.Value)!, "libcublas.so.12")));

    /// <summary>Sets one of the fake cuBLAS's knobs (version, create_status; "reset").</summary>
    public void ConfigureCublas(string key, long value)
    {
        var configure = (delegate* unmanaged<byte*, long, int>)NativeLibrary.GetExport(CublasHandle.Value, "fakecublas_configure");
        fixed (byte* k = System.Text.Encoding.UTF8.GetBytes(key + "\0"))
            Assert.True(configure(k, value) == 0, $"fake libcublas has no setting '{key}'");
    }

    /// <summary>gemms (cublasGemmEx calls that computed) or handles (live cuBLAS handles).</summary>
    public long QueryCublas(string key)
    {
        var query = (delegate* unmanaged<byte*, long>)NativeLibrary.GetExport(CublasHandle.Value, "fakecublas_query");
        fixed (byte* k = System.Text.Encoding.UTF8.GetBytes(key + "\0"))
            return query(k);
    }

    /// <summary>Sets one of the fake's knobs (init_result, driver_version, cc_major, cc_minor, device_count, alloc_limit, jit_error).</summary>
    public void Configure(string key, long value)
    {
        var configure = (delegate* unmanaged<byte*, long, int>)NativeLibrary.GetExport(Handle.Value, "fakecuda_configure");
        fixed (byte* k = System.Text.Encoding.UTF8.GetBytes(key + "\0"))
            Assert.True(configure(k, value) == 0, $"fake libcuda has no setting '{key}'");
    }

    /// <summary>Every knob back to a healthy sm_80 GPU with a CUDA 12.8 driver (and a healthy cuBLAS 12.8.2).</summary>
    public void Reset()
    {
        Configure("reset", 0);
        ConfigureCublas("reset", 0);
    }

    /// <summary>live_allocations, launches, primary_context_refs, live_streams, live_events or live_host_allocations.</summary>
    public long Query(string key)
    {
        var query = (delegate* unmanaged<byte*, long>)NativeLibrary.GetExport(Handle.Value, "fakecuda_query");
        fixed (byte* k = System.Text.Encoding.UTF8.GetBytes(key + "\0"))
            return query(k);
    }

    /// <summary>Points CUDA_DRIVER_LIBRARY at the fake until disposed (the Cuda tests run alone, so none other sees it).</summary>
    public IDisposable AsDriverLibraryVariable() => new DriverVariable(LibraryPath);

    private sealed class DriverVariable : IDisposable
    {
        private readonly string? _before = Environment.GetEnvironmentVariable(CudaDriver.LibraryVariable);

        public DriverVariable(string path) => Environment.SetEnvironmentVariable(CudaDriver.LibraryVariable, path);

        public void Dispose() => Environment.SetEnvironmentVariable(CudaDriver.LibraryVariable, _before);
    }

    private static string Build()
    {
        var sources = Path.Combine(AppContext.BaseDirectory, "cuda-src", "harness");
        var build = Path.Combine(AppContext.BaseDirectory, "cuda-build");
        if (!File.Exists(Path.Combine(sources, "Makefile")))
            throw new InvalidOperationException($"the CUDA sources were not copied beside the tests ({sources}): check the test project's cuda-src items");
        var start = new ProcessStartInfo("make") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-s", "-C", sources, "fake", $"BUILD={build}" }) start.ArgumentList.Add(arg);
        using var make = Process.Start(start) ?? throw new InvalidOperationException("could not start make");
        var stderr = make.StandardError.ReadToEndAsync();
        var stdout = make.StandardOutput.ReadToEnd();
        make.WaitForExit();
        if (make.ExitCode != 0)
            throw new InvalidOperationException($"building the fake libcuda.so.1 failed (make exit {make.ExitCode}; needs make and g++ ≥ 12):\n{stdout}{stderr.Result}");
        return Path.Combine(build, "fakecuda", "libcuda.so.1");
    }
}
