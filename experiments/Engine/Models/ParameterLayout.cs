// Where each parameter tensor lives in a model's one flat buffer: name (Hugging Face-like), offset,
// shape, and whether weight decay applies. Gradients and the two AdamW moments use the same layout,
// so the optimizer, gradient norm and checkpoints are each one loop over one buffer.
namespace BabyLm.Engine.Models;

public sealed record ParameterTensor(string Name, long Offset, int[] Shape, bool Decay)
{
    public long Size => Shape.Aggregate(1L, (a, b) => a * b);
}

public sealed class ParameterLayout
{
    private readonly List<ParameterTensor> _tensors = [];
    private readonly Dictionary<string, ParameterTensor> _byName = new(StringComparer.Ordinal);

    public IReadOnlyList<ParameterTensor> Tensors => _tensors;
    public long Total { get; private set; }

    /// <summary>Appends a tensor; offsets are rounded up to 16 floats so every tensor starts 64-byte aligned relative to the buffer.</summary>
    public ParameterTensor Add(string name, bool decay, params int[] shape)
    {
        long offset = (Total + 15) / 16 * 16;
        var t = new ParameterTensor(name, offset, shape, decay);
        _tensors.Add(t);
        _byName.Add(name, t);
        Total = offset + t.Size;
        return t;
    }

    public ParameterTensor this[string name] => _byName[name];

    /// <summary>1 where weight decay applies, per float of the buffer (gaps between tensors: 0).</summary>
    public byte[] DecayMask()
    {
        var mask = new byte[Total];
        foreach (var t in _tensors) if (t.Decay) mask.AsSpan((int)t.Offset, (int)t.Size).Fill(1);
        return mask;
    }

    /// <summary>A stable description (names, shapes) used to check a checkpoint belongs to this model.</summary>
    public string Signature() => string.Join(";", _tensors.Select(t => $"{t.Name}:{string.Join('x', t.Shape)}"));
}
