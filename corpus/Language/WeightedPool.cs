namespace BabyLm.Corpus.Language;

/// <summary>
/// Draws items with probability proportional to their weight (cumulative weights, binary search).
/// Immutable, so one pool is shared by every generator thread.
/// </summary>
internal sealed class WeightedPool<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public WeightedPool(IEnumerable<T> items, Func<T, double> weight)
    {
        _items = items.ToArray();
        _cumulative = new double[_items.Length];
        double sum = 0;
        for (int i = 0; i < _items.Length; i++)
        {
            sum += weight(_items[i]);
            _cumulative[i] = sum;
        }
    }

    public int Count => _items.Length;
    public IReadOnlyList<T> Items => _items;

    public T Pick(Core.Rng rng)
    {
        if (_items.Length == 0) throw new InvalidOperationException("empty pool");
        double u = rng.NextDouble() * _cumulative[^1];
        int i = Array.BinarySearch(_cumulative, u);
        if (i < 0) i = ~i;
        return _items[Math.Min(i, _items.Length - 1)];
    }
}
