// How to start `babylm` as a child process: `dotnet <path>/babylm.dll`, with the dotnet host that runs
// us now (so a sweep's runs use the same runtime and the same build of the tool as the sweep itself,
// whatever is or is not on PATH, and also under Slurm, where PATH may differ).
using System.Runtime.InteropServices;

namespace BabyLm.Experiments.Sweeps;

public sealed record BabyLmLauncher(string FileName, IReadOnlyList<string> PrefixArgs)
{
    /// <summary>Runs <paramref name="babylmDll"/> (babylm.dll) with the current dotnet host.</summary>
    public static BabyLmLauncher ForDll(string babylmDll)
    {
        var dll = Path.GetFullPath(babylmDll);
        if (!File.Exists(dll)) throw new BabyLmException($"the babylm executable '{dll}' does not exist", "build the CLI first (make build)");
        return new BabyLmLauncher(DotnetHost(), [dll]);
    }

    /// <summary>The whole command line for babylm with <paramref name="args"/>.</summary>
    public IReadOnlyList<string> Command(params string[] args) => [FileName, .. PrefixArgs, .. args];

    /// <summary>The dotnet host executable: ours if we run under it, else the one beside this runtime, else `dotnet` from PATH.</summary>
    public static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        // <root>/shared/Microsoft.NETCore.App/<version>/ → <root>/dotnet
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var beside = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(beside) ? beside : "dotnet";
    }
}
