// How a PyTorch baseline is named in bench results: by the version its subprocess reported. Debian 12's
// python3-torch is a 1.13 build (OpenBLAS, unfused attention); the current PyTorch core is much faster on
// the same machine, so a ratio against it must say which one it is.
namespace BabyLm.Experiments.Bench;

internal static class Torch
{
    public static string Label(string version) => version.StartsWith("1.13", StringComparison.Ordinal)
        ? $"Debian's PyTorch {version} build"
        : $"PyTorch {version}";
}
