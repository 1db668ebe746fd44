// Where each parameter tensor lives in a model's one flat buffer: name (Hugging Face-like), offset,
// shape, whether weight decay applies, and how it is initialised. Gradients and the two AdamW moments
// use the same layout, so the optimizer, gradient norm and checkpoints are each one loop over one buffer.
using BabyLm.Core;

namespace BabyLm.Engine.Models;

/// <summary>How a tensor starts: zeros (biases), ones (norm gains), or normal draws from the "init" stream.</summary>
public enum Init
{
    Zeros,
    Ones,
    /// <summary>N(0, init_std²).</summary>
    Normal,
    /// <summary>N(0, (init_std/√(2·layers))²): the projections that write into the residual stream (GPT-2's scaling).</summary>
    ResidualNormal,
}

public sealed record ParameterTensor(string Name, long Offset, int[] Shape, bool Decay, Init Init)
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
    public ParameterTensor Add(string name, bool decay, Init init, params int[] shape)
    {
        long offset = (Total + 15) / 16 * 16;
        var t = new ParameterTensor(name, offset, shape, decay, init);
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

    /// <summary>
    /// The initial parameters: every tensor in layout order as its <see cref="Init"/> says, the normal draws
    /// from <paramref name="seed"/>'s "init" stream one float after another (gaps between tensors: 0).
    /// </summary>
    public float[] Initial(long seed, double initStd, int layers)
    {
        var rng = Rng.Stream(seed, "init");
        var values = new float[Total];
        float std = (float)initStd, residualStd = std / MathF.Sqrt(2 * layers);
        foreach (var t in _tensors)
        {
            var w = values.AsSpan((int)t.Offset, (int)t.Size);
            switch (t.Init)
            {
                case Init.Ones: w.Fill(1f); break;
                case Init.Normal:
                case Init.ResidualNormal:
                    float s = t.Init == Init.Normal ? std : residualStd;
                    for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextGaussian() * s);
                    break;
            }
        }
        return values;
    }

    /// <summary>A stable description (names, shapes) used to check a checkpoint belongs to this model.</summary>
    public string Signature() => string.Join(";", _tensors.Select(t => $"{t.Name}:{string.Join('x', t.Shape)}"));
}
