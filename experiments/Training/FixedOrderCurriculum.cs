// Utterances in a fixed order, round and round, with no schedule: every token allowed, the full context,
// the configured masking rate. The order of dev-loss evaluation (the same dev tokens every time), of the
// self-perplexity rescoring (the sampled utterances, in order), and a plain, predictable order for tests.
using System.Buffers.Binary;
using BabyLm.Corpus.Curricula;

namespace BabyLm.Experiments.Training;

public sealed class FixedOrderCurriculum : ICurriculum
{
    private readonly IReadOnlyList<int>? _order;
    private readonly int _count;
    private long _next;

    /// <summary>Utterances 0, 1, …, count − 1, then again.</summary>
    public FixedOrderCurriculum(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _count = count;
    }

    /// <summary>The given utterances in the given order, then again.</summary>
    public FixedOrderCurriculum(IReadOnlyList<int> order)
        : this(order.Count) => _order = order;

    public int Epoch => (int)(_next / _count);

    public int NextUtterance(double progress)
    {
        int i = (int)(_next++ % _count);
        return _order is null ? i : _order[i];
    }

    public void FilterInputs(Span<int> tokens, double progress) { }
    public int SequenceLength(double progress, int context) => context;
    public double MaskRate(double progress, double configured) => configured;
    public bool WantsRescore(long step) => false;
    public void Rescore(Func<IReadOnlyList<int>, double[]> scoreBatch) { }

    public byte[] SaveState()
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, _next);
        return b;
    }

    public void RestoreState(ReadOnlySpan<byte> state) => _next = BinaryPrimitives.ReadInt64LittleEndian(state);
}
