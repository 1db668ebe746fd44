// Utterances in corpus order, round and round: the order of dev-loss evaluation (the same dev tokens
// every time) and a plain, predictable order for tests.
using System.Buffers.Binary;
using BabyLm.Corpus.Curricula;

namespace BabyLm.Experiments.Training;

public sealed class SequentialCurriculum(int count) : ICurriculum
{
    private long _next;

    public int Epoch => (int)(_next / count);
    public int NextUtterance(double progress) => (int)(_next++ % count);
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
