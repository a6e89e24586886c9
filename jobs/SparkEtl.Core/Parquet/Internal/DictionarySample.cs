namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// The early test of whether a string chunk's dictionary can pay. A dictionary pays only when its page and the indices
/// are smaller than the PLAIN values; when nine in ten of the first <see cref="Values"/> strings are distinct (sequence
/// numbers, ids), the page alone would be about as large as the values, so the chunk is written PLAIN without hashing
/// the rest. Decided by the values alone, so the same values still give the same file. Not used for 8-byte values:
/// their indices are so much narrower than the values that a dictionary of prices still pays when most of a sample of
/// them is distinct.
/// </summary>
internal static class DictionarySample
{
    /// <summary>How many values are read before the test.</summary>
    public const int Values = 4096;

    /// <summary>Whether <paramref name="entries"/> distinct values among the first <see cref="Values"/> are too many for a dictionary to pay.</summary>
    public static bool NearlyAllDistinct(int entries) => entries * 10L > Values * 9L;
}
