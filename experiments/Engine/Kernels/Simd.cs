// The CPU engine's kernels (this folder) and the SIMD path each one runs on.
//
// Dimension names, used in every kernel signature and doc comment:
//   B  batch (sequences)      T  time (tokens per sequence)   N  rows = B·T
//   C  channels (model width)  OC output channels of a matmul  V  vocabulary size
//   NH attention heads         HS head size (C = NH·HS)
// All tensors are float32, row-major, dense unless a stride is named. Argument order everywhere:
// inputs (ReadOnlySpan), outputs (Span), dimensions, then the WorkerPool.
//
// Each kernel class holds a plain scalar reference (`ForwardScalar`, `BackwardScalar`, single-threaded,
// written to be read) and SIMD versions generic over the vector width (Vec512/Vec256/Vec128). The entry
// without a path picks `Simd.Best`; the entry with a `SimdPath` runs that variant, so tests and benchmarks
// reach the narrow paths on a wide machine. With DOTNET_EnableHWIntrinsic=0, `Best` is Scalar.
using System.Runtime.Intrinsics;

namespace BabyLm.Engine.Kernels;

/// <summary>Which implementation of a kernel runs: the scalar reference or a SIMD width.</summary>
public enum SimdPath
{
    /// <summary>The plain scalar reference (single-threaded).</summary>
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}

public static class Simd
{
    /// <summary>The widest path the hardware (and the DOTNET_Enable* switches) accelerates.</summary>
    public static SimdPath Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdPath.Vector512
        : Vector256.IsHardwareAccelerated ? SimdPath.Vector256
        : Vector128.IsHardwareAccelerated ? SimdPath.Vector128
        : SimdPath.Scalar;

    /// <summary>Every path that runs in hardware here, Scalar first (Scalar is always present).</summary>
    public static IReadOnlyList<SimdPath> Available { get; } =
        Enum.GetValues<SimdPath>().Where(IsAccelerated).ToArray();

    public static bool IsAccelerated(SimdPath path) => path switch
    {
        SimdPath.Scalar => true,
        SimdPath.Vector128 => Vector128.IsHardwareAccelerated,
        SimdPath.Vector256 => Vector256.IsHardwareAccelerated,
        SimdPath.Vector512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };
}
