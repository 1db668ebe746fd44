// Memory a backend owns, and views into it. A Buffer<T> names where its elements live — a host array for
// the CPU backend, device memory for CUDA — and a View<T> is a range of one buffer, as a Span<T> is of
// an array: slicing is free and checked, and q, k, v inside one fused QKV buffer are three views of it.
// Models hold only views; each backend reads the storage of its own buffers and refuses others'.
// Element types: float (parameters, activations), int (token ids, targets), byte (the decay mask).
namespace BabyLm.Engine;

/// <summary>Elements of <typeparamref name="T"/> owned by one backend; freed by <see cref="Dispose"/>.</summary>
public abstract class Buffer<T> : IDisposable where T : unmanaged
{
    protected Buffer(IBackend backend, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Backend = backend;
        Length = length;
    }

    /// <summary>The backend that allocated it: the only one whose kernels may read or write it.</summary>
    public IBackend Backend { get; }

    public long Length { get; }

    /// <summary>The whole buffer.</summary>
    public View<T> All => new(this, 0, Length);

    public View<T> Slice(long start, long length) => All.Slice(start, length);

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>Elements [Offset, Offset + Length) of one buffer. The default view is empty and has no buffer.</summary>
public readonly struct View<T> where T : unmanaged
{
    public View(Buffer<T> buffer, long offset, long length)
    {
        if ((ulong)offset > (ulong)buffer.Length || (ulong)length > (ulong)(buffer.Length - offset))
            throw new ArgumentOutOfRangeException(nameof(offset), $"view [{offset}, +{length}) of a buffer of {buffer.Length} elements");
        Buffer = buffer;
        Offset = offset;
        Length = length;
    }

    /// <summary>Null only for the empty default view.</summary>
    public Buffer<T>? Buffer { get; }
    public long Offset { get; }
    public long Length { get; }
    public bool IsEmpty => Length == 0;

    /// <summary>The elements from <paramref name="start"/> to the end.</summary>
    public View<T> Slice(long start) => Slice(start, Length - start);

    public View<T> Slice(long start, long length)
    {
        if ((ulong)start > (ulong)Length || (ulong)length > (ulong)(Length - start))
            throw new ArgumentOutOfRangeException(nameof(start), $"slice [{start}, +{length}) of a view of {Length} elements");
        return Buffer is null ? default : new(Buffer, Offset + start, length);
    }

    public override string ToString() => $"View<{typeof(T).Name}>[{Offset}, +{Length})";
}

/// <summary>A buffer in a managed host array (the CPU backend's storage).</summary>
public sealed class HostBuffer<T> : Buffer<T> where T : unmanaged
{
    public HostBuffer(IBackend backend, long length)
        : base(backend, length)
    {
        if (length > System.Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(length), $"{length} elements do not fit a host array");
        Array = new T[length];
    }

    public T[] Array { get; }
}
