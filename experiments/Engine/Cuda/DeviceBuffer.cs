// float32 memory on the GPU, owned (DeviceBuffer) and viewed (DeviceSpan). A span is a pointer and a
// length, like Span<float>: slicing is free and checked; it does not keep its buffer alive.
namespace BabyLm.Engine.Cuda;

/// <summary>A view of float32 device memory: q, k and v inside one fused QKV buffer are three slices.</summary>
public readonly struct DeviceSpan
{
    internal DeviceSpan(ulong pointer, long length)
    {
        Pointer = pointer;
        Length = length;
    }

    internal ulong Pointer { get; }

    /// <summary>Length in floats.</summary>
    public long Length { get; }

    /// <summary>The floats from <paramref name="start"/> to the end.</summary>
    public DeviceSpan Slice(long start) => Slice(start, Length - start);

    public DeviceSpan Slice(long start, long length)
    {
        if ((ulong)start > (ulong)Length || (ulong)length > (ulong)(Length - start))
            throw new ArgumentOutOfRangeException(nameof(start), $"slice [{start}, +{length}) of a device span of {Length} floats");
        return new(Pointer + (ulong)start * sizeof(float), length);
    }
}

/// <summary>Device memory of <see cref="Length"/> floats, freed by <see cref="Dispose"/>. Contents start undefined.</summary>
public sealed unsafe class DeviceBuffer : IDisposable
{
    private readonly CudaDevice _device;
    private ulong _pointer;

    internal DeviceBuffer(CudaDevice device, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        _device = device;
        _pointer = device.Allocate(length * sizeof(float));
        Length = length;
    }

    public long Length { get; }

    public DeviceSpan Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_pointer == 0, this);
            return new(_pointer, Length);
        }
    }

    public static implicit operator DeviceSpan(DeviceBuffer buffer) => buffer.Span;

    /// <summary>Copies host floats to the buffer, starting at float <paramref name="offset"/>.</summary>
    public void CopyFrom(ReadOnlySpan<float> source, long offset = 0)
    {
        var target = Span.Slice(offset, source.Length);
        fixed (float* s = source) _device.CopyToDevice(target.Pointer, s, (long)source.Length * sizeof(float));
    }

    /// <summary>Copies floats from the buffer, starting at float <paramref name="offset"/>, to the host.</summary>
    public void CopyTo(Span<float> destination, long offset = 0)
    {
        var source = Span.Slice(offset, destination.Length);
        fixed (float* d = destination) _device.CopyToHost(d, source.Pointer, (long)destination.Length * sizeof(float));
    }

    public void Dispose()
    {
        _device.Free(_pointer);
        _pointer = 0;
    }
}
