using System.Buffers;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Maps distinct byte strings to dictionary indices in first-seen order, without copying them: an entry
/// is an (offset, length) into a buffer the caller keeps unchanged while the dictionary is in use. Open
/// addressing with linear probing over pooled arrays; kept at most half full. Hash codes are randomized
/// per process, but indices depend only on the order of first appearance, so output is deterministic.
/// </summary>
internal sealed class ByteArrayDictionary : IDisposable
{
    private const int InitialSlots = 1024;

    // Slot holds entry index + 1; 0 marks an empty slot.
    private int[] _slots;
    private int _slotMask;
    private Entry[] _entries;
    private int _count;

    public ByteArrayDictionary()
    {
        // Rented arrays may be longer than asked; only the first (mask + 1) slots, a power of two, are used.
        _slots = ColumnArrayPool<int>.Shared.Rent(InitialSlots);
        _slotMask = InitialSlots - 1;
        _slots.AsSpan(0, InitialSlots).Clear();
        _entries = ColumnArrayPool<Entry>.Shared.Rent(InitialSlots / 2);
    }

    public int Count => _count;

    /// <summary>Finds <paramref name="value"/>, whose entries live in <paramref name="source"/>.</summary>
    public bool TryGetIndex(ReadOnlySpan<byte> source, ReadOnlySpan<byte> value, out int index)
    {
        var hash = HashOf(value);
        var mask = _slotMask;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var occupant = _slots[slot];
            if (occupant == 0)
            {
                index = -1;
                return false;
            }

            ref readonly var entry = ref _entries[occupant - 1];
            if (entry.Hash == hash && source.Slice(entry.Offset, entry.Length).SequenceEqual(value))
            {
                index = occupant - 1;
                return true;
            }
        }
    }

    /// <summary>Adds a value not yet present (check with <see cref="TryGetIndex"/>) and returns its index.</summary>
    public int Add(ReadOnlySpan<byte> source, int offset, int length)
    {
        if ((_count + 1) * 2 > _slotMask + 1)
        {
            Grow();
        }

        if (_count == _entries.Length)
        {
            var grown = ColumnArrayPool<Entry>.Shared.Rent(_entries.Length * 2);
            _entries.AsSpan(0, _count).CopyTo(grown);
            ColumnArrayPool<Entry>.Shared.Return(_entries);
            _entries = grown;
        }

        var hash = HashOf(source.Slice(offset, length));
        _entries[_count] = new Entry(offset, length, hash);
        Place(_count, hash);
        return _count++;
    }

    public void Clear()
    {
        _slots.AsSpan(0, _slotMask + 1).Clear();
        _count = 0;
    }

    public void Dispose()
    {
        if (_slots.Length == 0)
        {
            return;
        }

        ColumnArrayPool<int>.Shared.Return(_slots);
        ColumnArrayPool<Entry>.Shared.Return(_entries);
        _slots = [];
        _entries = [];
        _count = 0;
    }

    private static int HashOf(ReadOnlySpan<byte> value)
    {
        var hash = default(HashCode);
        hash.AddBytes(value);
        return hash.ToHashCode() & int.MaxValue;
    }

    private void Place(int entryIndex, int hash)
    {
        var mask = _slotMask;
        var slot = hash & mask;
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slots[slot] = entryIndex + 1;
    }

    private void Grow()
    {
        var size = checked((_slotMask + 1) * 2);
        ColumnArrayPool<int>.Shared.Return(_slots);
        _slots = ColumnArrayPool<int>.Shared.Rent(size);
        _slotMask = size - 1;
        _slots.AsSpan(0, size).Clear();
        for (var i = 0; i < _count; i++)
        {
            Place(i, _entries[i].Hash);
        }
    }

    private readonly record struct Entry(int Offset, int Length, int Hash);
}
