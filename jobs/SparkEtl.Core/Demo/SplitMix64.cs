namespace SparkEtl.Core.Demo;

/// <summary>
/// A small deterministic random generator (SplitMix64). Ours rather than System.Random so the demo
/// data for a seed stays the same across runtime versions.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A whole number in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => (int)((NextUInt64() >> 33) % (ulong)maxExclusive);
}
