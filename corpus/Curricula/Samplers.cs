// The two ways a curriculum picks the next utterance.
//
// OrderSampler — a fixed order, epoch after epoch: random (a fresh shuffle each epoch, from the named
// stream "curriculum/order/<epoch>"), corpus, reverse, or source (sources by rank, the utterances of one
// rank shuffled together each epoch). Its state is (epoch, cursor): the epoch's order is rebuilt from
// the seed on resume.
//
// PacedSampler — a data curriculum: difficulty scores ranked once (ties shuffled, stream
// "curriculum/ties/<generation>"), and at difficulty d the eligible items are those whose score is at or
// below the d-quantile τ = the ⌈d·n⌉-th smallest score (ties at τ included; at least one item). Draws
// are without replacement within a *pass*: no item is drawn twice in a pass; items that become eligible
// during a pass join it at once; a pass ends with the draw that leaves no eligible item undrawn (or when
// the eligible set shrinks to drawn items only), and the next draw starts a new pass with every mark
// cleared. Under d = 1 a pass is exactly an epoch of the data. Each draw picks among the undrawn
// eligible items uniformly, or with probability ∝ score (weighted; scores quantised to integers
// ≥ 1 in units of max score / 2²⁴, so sums are exact). The undrawn eligible items and their weights
// live in a Fenwick tree over ranks; the state is (eligible count, marks, passes, rng), and the tree is
// rebuilt from it on resume.
using BabyLm.Core;
using BabyLm.Corpus.Shards;

namespace BabyLm.Corpus.Curricula;

internal interface IUtteranceSampler
{
    /// <summary>The next utterance at difficulty fraction <paramref name="difficulty"/> (ignored by fixed orders).</summary>
    int Next(double difficulty);
    int Epoch { get; }
    void Save(BinaryWriter w);
    void Restore(BinaryReader r);
}

internal sealed class OrderSampler : IUtteranceSampler
{
    private readonly string _order;
    private readonly int _count;
    private readonly long _seed;
    private readonly int[]? _byRank;      // source order: items sorted by rank (corpus order within a rank)
    private readonly int[]? _rankStarts;  // source order: start of each rank's run in _byRank, plus the end
    private int[]? _perm;
    private int _cursor, _epoch;

    public OrderSampler(string order, int count, long seed, ReadOnlySpan<UtteranceRecord> records = default, int[]? sourceRanks = null)
    {
        if (count == 0) throw new BabyLmException("the train split has no utterances");
        _order = order;
        _count = count;
        _seed = seed;
        if (order == "source")
        {
            var ranks = sourceRanks ?? throw new ArgumentNullException(nameof(sourceRanks));
            var keys = new long[count];
            _byRank = new int[count];
            for (int u = 0; u < count; u++) { keys[u] = ((long)ranks[records[u].Source] << 32) | (uint)u; _byRank[u] = u; }
            Array.Sort(keys, _byRank);
            var starts = new List<int> { 0 };
            for (int i = 1; i < count; i++) if (keys[i] >> 32 != keys[i - 1] >> 32) starts.Add(i);
            starts.Add(count);
            _rankStarts = [.. starts];
        }
    }

    public int Epoch => _epoch;

    public int Next(double difficulty)
    {
        int item = _order switch
        {
            "corpus" => _cursor,
            "reverse" => _count - 1 - _cursor,
            _ => (_perm ??= Permutation(_epoch))[_cursor],
        };
        if (++_cursor == _count) { _cursor = 0; _epoch++; _perm = null; }
        return item;
    }

    /// <summary>The order of epoch <paramref name="epoch"/> (random and source orders).</summary>
    public int[] Permutation(int epoch)
    {
        var rng = Rng.Stream(_seed, $"curriculum/order/{epoch}");
        if (_byRank is { } byRank)
        {
            var perm = (int[])byRank.Clone();
            for (int g = 0; g + 1 < _rankStarts!.Length; g++) rng.Shuffle(perm.AsSpan(_rankStarts[g], _rankStarts[g + 1] - _rankStarts[g]));
            return perm;
        }
        var p = new int[_count];
        for (int i = 0; i < p.Length; i++) p[i] = i;
        rng.Shuffle(p.AsSpan());
        return p;
    }

    public void Save(BinaryWriter w)
    {
        w.Write(_count);
        w.Write(_epoch);
        w.Write(_cursor);
    }

    public void Restore(BinaryReader r)
    {
        int count = r.ReadInt32();
        if (count != _count) throw CurriculumState.Mismatch($"{count} utterances", $"{_count}");
        _epoch = r.ReadInt32();
        _cursor = r.ReadInt32();
        if (_epoch < 0 || _cursor < 0 || _cursor >= _count) throw CurriculumState.Damaged();
        _perm = null;
    }
}

internal sealed class PacedSampler : IUtteranceSampler
{
    private const double WeightUnits = 1 << 24;
    private readonly int _count;
    private readonly long _seed;
    private readonly bool _weighted;
    private readonly Fenwick _tree;
    private readonly ulong[] _seen;       // per item: drawn in the current pass
    private int[] _order = [];            // rank → item, easiest first
    private double[] _sorted = [];        // rank → score
    private long[]? _weight;              // per item (weighted draws; null: every weight is 1)
    private ulong _scoresHash;
    private int _eligible;                // items (by rank) currently in the tree's eligible prefix
    private int _epoch;
    private bool _passEnded;
    private Rng _rng;

    public PacedSampler(double[] scores, long seed, bool weighted)
    {
        if (scores.Length == 0) throw new BabyLmException("the train split has no utterances");
        _count = scores.Length;
        _seed = seed;
        _weighted = weighted;
        _tree = new Fenwick(_count);
        _seen = new ulong[(_count + 63) / 64];
        _rng = Rng.Stream(seed, "curriculum/draw");
        Rank(scores, 0);
    }

    public int Epoch => _epoch;
    public int Count => _count;

    /// <summary>Items by rank, easiest first.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>Ranks <paramref name="scores"/> (generation g shuffles ties with its own stream) and rebuilds the tree; marks are kept.</summary>
    public void Rank(double[] scores, int generation)
    {
        if (scores.Length != _count) throw new ArgumentException($"{scores.Length} scores for {_count} utterances", nameof(scores));
        var keys = new double[_count];
        var order = new int[_count];
        ulong hash = 0xcbf29ce484222325UL;
        double max = 0;
        for (int i = 0; i < _count; i++)
        {
            double s = scores[i];
            if (!double.IsFinite(s)) throw new InvalidOperationException($"difficulty score {s} of utterance {i} is not finite");
            keys[i] = s;
            order[i] = i;
            max = Math.Max(max, s);
            hash = (hash ^ (ulong)BitConverter.DoubleToInt64Bits(s)) * 0x100000001b3UL;
        }
        Array.Sort(keys, order);
        var ties = Rng.Stream(_seed, $"curriculum/ties/{generation}");
        for (int a = 0; a < _count;)
        {
            int b = a + 1;
            while (b < _count && keys[b] == keys[a]) b++;
            if (b - a > 1) ties.Shuffle(order.AsSpan(a, b - a));
            a = b;
        }
        long[]? weight = null;
        if (_weighted && max > 0)
        {
            weight = new long[_count];
            for (int i = 0; i < _count; i++) weight[i] = Math.Max(1, (long)Math.Round(scores[i] / max * WeightUnits));
        }
        _order = order;
        _sorted = keys;
        _weight = weight;
        _scoresHash = hash;
        RebuildTree();
    }

    /// <summary>How many items are eligible at difficulty <paramref name="d"/>: those scoring at or below the d-quantile.</summary>
    public int EligibleCount(double d)
    {
        if (d >= 1) return _count;
        // ⌈d·n⌉ with a relative tolerance, so that 0.3·10 (= 3.0000000000000004) counts as 3.
        long m = (long)Math.Ceiling(d * _count * (1 - 1e-12));
        int q = (int)Math.Clamp(m - 1, 0, _count - 1);
        double tau = _sorted[q];
        int lo = q, hi = _count; // first rank with score > τ
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_sorted[mid] <= tau) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    public int Next(double difficulty)
    {
        if (_passEnded) NewPass();
        SetEligible(EligibleCount(difficulty));
        if (_tree.Total == 0)
        {
            // The eligible set shrank to items already drawn: that pass is over.
            _epoch++;
            NewPass();
        }
        int rank = _tree.Find(_rng.NextLong(_tree.Total));
        int item = _order[rank];
        _seen[item >> 6] |= 1UL << (item & 63);
        _tree.Add(rank, -Weight(item));
        if (_tree.Total == 0) { _epoch++; _passEnded = true; }
        return item;
    }

    private long Weight(int item) => _weight is null ? 1 : _weight[item];

    private bool Seen(int item) => (_seen[item >> 6] & (1UL << (item & 63))) != 0;

    private void SetEligible(int k)
    {
        for (int r = _eligible; r < k; r++) if (!Seen(_order[r])) _tree.Add(r, Weight(_order[r]));
        for (int r = k; r < _eligible; r++) if (!Seen(_order[r])) _tree.Add(r, -Weight(_order[r]));
        _eligible = k;
    }

    private void NewPass()
    {
        Array.Clear(_seen);
        _passEnded = false;
        RebuildTree();
    }

    private void RebuildTree() => _tree.Build(r => r < _eligible && !Seen(_order[r]) ? Weight(_order[r]) : 0);

    public void Save(BinaryWriter w)
    {
        w.Write(_count);
        w.Write(_scoresHash);
        w.Write(_eligible);
        w.Write(_epoch);
        w.Write(_passEnded);
        foreach (var s in _rng.GetState()) w.Write(s);
        foreach (var s in _seen) w.Write(s);
    }

    public void Restore(BinaryReader r)
    {
        int count = r.ReadInt32();
        if (count != _count) throw CurriculumState.Mismatch($"{count} utterances", $"{_count}");
        if (r.ReadUInt64() != _scoresHash) throw CurriculumState.Mismatch("other difficulty scores", "these");
        _eligible = r.ReadInt32();
        _epoch = r.ReadInt32();
        _passEnded = r.ReadBoolean();
        if (_eligible < 0 || _eligible > _count || _epoch < 0) throw CurriculumState.Damaged();
        Span<ulong> state = stackalloc ulong[4];
        for (int i = 0; i < 4; i++) state[i] = r.ReadUInt64();
        _rng = Rng.FromState(state);
        for (int i = 0; i < _seen.Length; i++) _seen[i] = r.ReadUInt64();
        RebuildTree();
    }
}
