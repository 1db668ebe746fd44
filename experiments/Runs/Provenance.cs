// Where and with what a run was made: the tool's git commit (embedded at build time), the .NET version,
// the CPU and the instruction set the kernels use, the host. Recorded in every run.json.
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BabyLm.Experiments.Runs;

public static class Provenance
{
    /// <summary>The git commit this build was made from (from the assembly's informational version), or "unknown".</summary>
    public static string ToolCommit
    {
        get
        {
            var v = typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
            int plus = v.IndexOf('+', StringComparison.Ordinal);
            return plus >= 0 ? v[(plus + 1)..] : "unknown";
        }
    }

    public static string DotnetVersion => RuntimeInformation.FrameworkDescription;

    public static string Cpu
    {
        get
        {
            try
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null) return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    /// <summary>The widest vector path the kernels take on this machine and process settings.</summary>
    public static string Isa =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? "avx512"
        : Avx2.IsSupported && Fma.IsSupported ? "avx2+fma"
        : Vector128.IsHardwareAccelerated ? "sse/neon (128-bit)"
        : "scalar";

    public static RunInfo Describe(RunInfo info) => info with
    {
        GitCommit = ToolCommit,
        DotnetVersion = DotnetVersion,
        Cpu = Cpu,
        Isa = Isa,
        Host = Environment.MachineName,
        SlurmJob = Environment.GetEnvironmentVariable("SLURM_ARRAY_JOB_ID") is { } a
            ? $"{a}_{Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID")}"
            : Environment.GetEnvironmentVariable("SLURM_JOB_ID"),
    };
}
