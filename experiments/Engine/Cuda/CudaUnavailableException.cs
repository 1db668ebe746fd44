namespace BabyLm.Engine.Cuda;

/// <summary>
/// No usable GPU for the CUDA kernels — no driver, no device, the toolkit's stub library, a driver or
/// GPU too old, or a build without the kernels — said in words a user can act on (the CLI prints the
/// message and the hint and exits with code 2). Thrown by <see cref="CudaAttention.Open(int)"/> before any
/// work starts; there is no silent fallback to the CPU.
/// </summary>
public sealed class CudaUnavailableException(string message, string? hint = null, Exception? inner = null)
    : BabyLmException(message, hint, inner);
