using System.Numerics;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Builds the dictionary of a column of 8-byte values (INT64, TIMESTAMP and DOUBLE by its bits): entries in first-seen
/// order, so the output depends only on the values. Open addressing with linear probing over arrays rented from
/// <see cref="ColumnArrayPool{T}"/> for the call, so a chunk does not allocate. The table starts small and doubles as
/// entries come: a column of few values (an arrival time, a change) probes a table that stays in the first-level cache,
/// where one sized for the most entries the page allows (a megabyte for a batch) was cleared and missed in for each
/// chunk.
/// </summary>
internal static class Int64Dictionary
{
    // Slots of the first table: 4 KiB.
    private const int InitialSize = 1024;

    /// <summary>
    /// Appends each value's index to <paramref name="indices"/> and each new value (little-endian) to
    /// <paramref name="dictionaryPage"/>; false, with the outputs left partly written, once the page would pass
    /// <paramref name="maxDictionaryBytes"/>.
    /// </summary>
    public static bool TryBuild(
        ReadOnlySpan<long> values, int maxDictionaryBytes, PooledValueBuffer<int> indices, PooledByteBuffer dictionaryPage, out int entryCount)
    {
        entryCount = 0;
        var room = (maxDictionaryBytes - dictionaryPage.Length) / sizeof(long);
        var maxEntries = Math.Min(values.Length, Math.Max(room, 0));

        // At most half full: probes stay short.
        var maxSize = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, maxEntries * 2));
        var size = Math.Min(maxSize, InitialSize);
        var slots = ColumnArrayPool<int>.Shared.Rent(size);
        var keys = ColumnArrayPool<long>.Shared.Rent(Math.Max(1, maxEntries));
        try
        {
            // A slot holds entry index + 1; 0 marks it empty.
            slots.AsSpan(0, size).Clear();
            var mask = size - 1;
            var shift = 64 - BitOperations.Log2((uint)size);
            var count = 0;
            foreach (var value in values)
            {
                var slot = Slot(value, shift);
                int index;
                while (true)
                {
                    var occupant = slots[slot];
                    if (occupant == 0)
                    {
                        if (count == maxEntries)
                        {
                            return false;
                        }

                        keys[count] = value;
                        slots[slot] = count + 1;
                        dictionaryPage.WriteInt64LittleEndian(value);
                        index = count++;
                        if (count * 2 > size && size < maxSize)
                        {
                            size *= 2;
                            ColumnArrayPool<int>.Shared.Return(slots);
                            slots = ColumnArrayPool<int>.Shared.Rent(size);
                            mask = size - 1;
                            shift = 64 - BitOperations.Log2((uint)size);
                            Rehash(keys.AsSpan(0, count), slots.AsSpan(0, size), shift, mask);
                        }

                        break;
                    }

                    if (keys[occupant - 1] == value)
                    {
                        index = occupant - 1;
                        break;
                    }

                    slot = (slot + 1) & mask;
                }

                indices.Add(index);
            }

            entryCount = count;
            return true;
        }
        finally
        {
            ColumnArrayPool<int>.Shared.Return(slots);
            ColumnArrayPool<long>.Shared.Return(keys);
        }
    }

    // Puts every entry, in order, into an emptied larger table.
    private static void Rehash(ReadOnlySpan<long> keys, Span<int> slots, int shift, int mask)
    {
        slots.Clear();
        for (var i = 0; i < keys.Length; i++)
        {
            var slot = Slot(keys[i], shift);
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = i + 1;
        }
    }

    // Fibonacci hashing: the high bits of the product spread nearby values over the table.
    private static int Slot(long value, int shift) => (int)((ulong)value * 0x9E3779B97F4A7C15UL >> shift);
}
