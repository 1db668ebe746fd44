namespace BabyLm.Engine.Cuda;

/// <summary>
/// The GPU could not allocate <see cref="RequestedBytes"/> more (a user's problem, not a bug: the CLI
/// prints it and exits 2). Carries what the device had, so that the caller, who knows the model and the
/// batch, can say what would fit.
/// </summary>
public sealed class CudaOutOfMemoryException(string device, long requestedBytes, long freeBytes, long totalBytes, long allocatedBytes)
    : BabyLmException(
        $"GPU out of memory: {device} could not allocate {Mib(requestedBytes)} more ({Mib(freeBytes)} free of {Mib(totalBytes)}; babylm holds {Mib(allocatedBytes)}).",
        "use a smaller batch (batch.sequences), context or model.")
{
    public string Device { get; } = device;
    public long RequestedBytes { get; } = requestedBytes;
    public long FreeBytes { get; } = freeBytes;
    public long TotalBytes { get; } = totalBytes;
    /// <summary>What this process had allocated on the device when the allocation failed.</summary>
    public long AllocatedBytes { get; } = allocatedBytes;

    public static string Mib(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.00} GiB" : $"{bytes / (double)(1L << 20):0.0} MiB";
}
