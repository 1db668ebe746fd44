// The one random number generator of the tool: xoshiro256** seeded through SplitMix64. All randomness
// flows from a run seed through named streams (`Rng.Stream(seed, "init")`, "data-order", "masking", …),
// so adding a new consumer of randomness never shifts the numbers another one sees. The state is four
// ulongs and can be saved in a checkpoint and restored exactly.
using System.Runtime.CompilerServices;
using System.Text;

namespace BabyLm.Core;

public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    public Rng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private Rng(ulong s0, ulong s1, ulong s2, ulong s3) { _s0 = s0; _s1 = s1; _s2 = s2; _s3 = s3; }

    /// <summary>A generator for the named stream of a seed: independent of every other name.</summary>
    public static Rng Stream(long seed, string name) => new(StreamSeed(seed, name));

    /// <summary>Mixes a seed and a stream name (FNV-1a over the UTF-8 name, then SplitMix64).</summary>
    public static ulong StreamSeed(long seed, string name)
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(name)) { h ^= b; h *= 0x100000001b3UL; }
        ulong x = (ulong)seed ^ h;
        return SplitMix(ref x) ^ SplitMix(ref x);
    }

    /// <summary>The four state words, for checkpoints.</summary>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    public static Rng FromState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0)
            throw new ArgumentException("an Rng state is four words, not all zero", nameof(state));
        return new Rng(state[0], state[1], state[2], state[3]);
    }

    public Rng Clone() => new(_s0, _s1, _s2, _s3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitRotate(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, n), unbiased (Lemire's method).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be positive");
        return (int)NextLong(n);
    }

    /// <summary>Uniform integer in [0, n), unbiased.</summary>
    public long NextLong(long n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be positive");
        ulong un = (ulong)n;
        ulong x = NextUInt64();
        UInt128 m = (UInt128)x * un;
        ulong low = (ulong)m;
        if (low < un)
        {
            ulong threshold = (0 - un) % un;
            while (low < threshold)
            {
                x = NextUInt64();
                m = (UInt128)x * un;
                low = (ulong)m;
            }
        }
        return (long)(ulong)(m >> 64);
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Standard normal deviate (Box–Muller, one value per call, no caching so the state is the whole story).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)NextLong(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BitRotate(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
