namespace BabyLm.Engine.Cuda;

/// <summary>
/// A CUDA driver call failed once the GPU was found usable: a bug (a bad launch, an illegal address) or
/// the machine (out of memory is reported as <see cref="BabyLmException"/> instead). Carries the CUresult.
/// </summary>
public sealed class CudaException(int code, string message) : Exception(message)
{
    /// <summary>The driver's CUresult.</summary>
    public int Code { get; } = code;
}
