// A Fenwick (binary indexed) tree of non-negative integer weights: add to one weight, total, and find
// the position whose cumulative range holds a given offset, each in O(log n). Integer weights keep
// every sum exact, so a tree rebuilt from its weights equals one updated step by step, bit for bit —
// which is what lets a sampler save only its marks and rebuild the tree on resume.
namespace BabyLm.Corpus.Curricula;

internal sealed class Fenwick
{
    private readonly long[] _tree; // 1-based
    private readonly int _topBit;

    public Fenwick(int count)
    {
        _tree = new long[count + 1];
        _topBit = count == 0 ? 0 : 1 << (31 - int.LeadingZeroCount(count));
    }

    public int Count => _tree.Length - 1;
    public long Total { get; private set; }

    /// <summary>Resets every weight to <paramref name="weight"/>(i), in O(n).</summary>
    public void Build(Func<int, long> weight)
    {
        long total = 0;
        for (int i = 1; i < _tree.Length; i++)
        {
            long w = weight(i - 1);
            total += w;
            _tree[i] = w;
        }
        for (int i = 1; i < _tree.Length; i++)
        {
            int parent = i + (i & -i);
            if (parent < _tree.Length) _tree[parent] += _tree[i];
        }
        Total = total;
    }

    public void Add(int index, long delta)
    {
        Total += delta;
        for (int i = index + 1; i < _tree.Length; i += i & -i) _tree[i] += delta;
    }

    /// <summary>The position i with prefix(i) ≤ <paramref name="offset"/> &lt; prefix(i + 1), for 0 ≤ offset &lt; Total.</summary>
    public int Find(long offset)
    {
        int pos = 0;
        for (int step = _topBit; step > 0; step >>= 1)
        {
            int next = pos + step;
            if (next < _tree.Length && _tree[next] <= offset)
            {
                pos = next;
                offset -= _tree[next];
            }
        }
        return pos; // 1-based pos of the last prefix ≤ offset is the 0-based index of the next item
    }
}
