using System.Buffers;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// The pool the Parquet writer's buffers rent their arrays from: its own, keeping at most
/// <see cref="ArraysPerSize"/> arrays of each size. The shared pool keeps up to 32 arrays of a size per core plus one
/// per thread, so the column and file buffers of a batch's files, encoded on several threads at once, stayed rented
/// memory of the process for the rest of the run, on top of what the next batch was decoding into.
/// </summary>
internal static class ColumnArrayPool<T>
{
    /// <summary>Arrays kept per size: about what one batch's files have in use at once; any more are let go when returned.</summary>
    public const int ArraysPerSize = 8;

    // The largest array the pool keeps (1 GiB, the most a configurable pool serves); a larger rent is a plain array.
    private const int MaxArrayLength = 1 << 30;

    public static ArrayPool<T> Shared { get; } = ArrayPool<T>.Create(MaxArrayLength, ArraysPerSize);
}
