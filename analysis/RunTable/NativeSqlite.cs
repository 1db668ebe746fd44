// Finds SQLite's native library for hosts that load this assembly without its deps.json: a notebook
// kernel (`#r "…/BabyLm.Analysis.dll"`) probes only its own folders and the flat folder of the
// assembly, while the library sits in runtimes/<rid>/native/ beside it. Registered once, before the
// first connection; where the host resolves the library itself (the CLI, the tests) the first probe
// finds the same file its deps.json names.
using System.Reflection;
using System.Runtime.InteropServices;

namespace BabyLm.Analysis;

internal static class NativeSqlite
{
    private static int s_registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 1) return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // The host already set a resolver for the provider: it knows where the library is.
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "e_sqlite3") return IntPtr.Zero;
        var dir = Path.GetDirectoryName(typeof(NativeSqlite).Assembly.Location);
        if (string.IsNullOrEmpty(dir)) return IntPtr.Zero;
        string file = OperatingSystem.IsWindows() ? "e_sqlite3.dll" : OperatingSystem.IsMacOS() ? "libe_sqlite3.dylib" : "libe_sqlite3.so";
        string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        foreach (var rid in new[] { RuntimeInformation.RuntimeIdentifier, $"{os}-{arch}" }.Distinct())
        {
            var candidate = Path.Combine(dir, "runtimes", rid, "native", file);
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        }
        return IntPtr.Zero;
    }
}
