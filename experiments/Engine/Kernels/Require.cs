// Argument checks run once at each public kernel entry (never inside the hot loops). Each failure names
// the kernel, the argument, what was expected and what came.
namespace BabyLm.Engine.Kernels;

internal static class Require
{
    public static void Positive(string kernel, string name, int value)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(name, value, $"{kernel}: {name} must be ≥ 0, got {value}.");
    }

    public static void AtLeast(string kernel, string name, int value, int min)
    {
        if (value < min)
            throw new ArgumentOutOfRangeException(name, value, $"{kernel}: {name} must be ≥ {min}, got {value}.");
    }

    /// <summary>A dense tensor: exactly <paramref name="expected"/> elements.</summary>
    public static void Length(string kernel, string name, int actual, long expected, string shape)
    {
        if (actual != expected)
            throw new ArgumentException($"{kernel}: {name} has {actual} elements, expected {expected} ({shape}).", name);
    }

    /// <summary>An optional dense tensor: empty, or exactly <paramref name="expected"/> elements.</summary>
    public static void LengthOrEmpty(string kernel, string name, int actual, long expected, string shape)
    {
        if (actual != 0 && actual != expected)
            throw new ArgumentException($"{kernel}: {name} has {actual} elements, expected 0 or {expected} ({shape}).", name);
    }

    /// <summary>A strided tensor: at least <paramref name="expected"/> elements (its last row's end).</summary>
    public static void Extent(string kernel, string name, int actual, long expected, string shape)
    {
        if (actual < expected)
            throw new ArgumentException($"{kernel}: {name} has {actual} elements, needs at least {expected} ({shape}).", name);
    }

    public static void Pool(string kernel, WorkerPool? pool)
    {
        if (pool is null) throw new ArgumentNullException(nameof(pool), $"{kernel}: a WorkerPool is required.");
    }
}
