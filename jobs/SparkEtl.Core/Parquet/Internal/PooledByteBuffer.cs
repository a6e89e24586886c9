using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// A growable byte buffer over arrays rented from <see cref="ColumnArrayPool{T}"/>. Clearing keeps the
/// array for reuse; disposing returns it. Not thread-safe.
/// </summary>
internal sealed class PooledByteBuffer : IDisposable
{
    private byte[] _array;
    private int _length;

    public PooledByteBuffer(int initialCapacity = 4096)
    {
        _array = ColumnArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far; valid until the next write, clear or dispose.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    /// <summary>A part of the written bytes, for patching placeholders.</summary>
    public Span<byte> WrittenSlice(int start, int length) => _array.AsSpan(0, _length).Slice(start, length);

    /// <summary>Free space of at least <paramref name="sizeHint"/> bytes after the written bytes; commit with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        EnsureCapacity(sizeHint);
        return _array.AsSpan(_length);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _array.Length - _length);
        _length += count;
    }

    /// <summary>Appends <paramref name="count"/> bytes to fill in later and returns where they start.</summary>
    public int Reserve(int count)
    {
        EnsureCapacity(count);
        var start = _length;
        _length += count;
        return start;
    }

    public void WriteByte(byte value)
    {
        if (_length == _array.Length)
        {
            EnsureCapacity(1);
        }

        _array[_length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(bytes.Length);
        bytes.CopyTo(_array.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteInt32LittleEndian(int value)
    {
        EnsureCapacity(sizeof(int));
        BinaryPrimitives.WriteInt32LittleEndian(_array.AsSpan(_length), value);
        _length += sizeof(int);
    }

    public void WriteInt64LittleEndian(long value)
    {
        EnsureCapacity(sizeof(long));
        BinaryPrimitives.WriteInt64LittleEndian(_array.AsSpan(_length), value);
        _length += sizeof(long);
    }

    /// <summary>A read-only stream over the written bytes (no copy); valid until the next write, clear or dispose.</summary>
    public MemoryStream OpenRead() => new(_array, 0, _length, writable: false);

    /// <summary>Forgets the written bytes and keeps the array.</summary>
    public void Clear() => _length = 0;

    /// <summary>Makes room for <paramref name="capacity"/> bytes in all, so that writing that many copies nothing.</summary>
    public void EnsureTotalCapacity(int capacity)
    {
        if (capacity > _array.Length)
        {
            Grow(capacity);
        }
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        _length = 0;
        if (array.Length > 0)
        {
            ColumnArrayPool<byte>.Shared.Return(array);
        }
    }

    // Called for every value written: the check inlined, the rare growth out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureCapacity(int additional)
    {
        var required = checked(_length + additional);
        if (required > _array.Length)
        {
            Grow(required);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int required)
    {
        var capacity = (int)Math.Min(Math.Max(required, 2L * _array.Length), Array.MaxLength);
        var grown = ColumnArrayPool<byte>.Shared.Rent(Math.Max(capacity, required));
        _array.AsSpan(0, _length).CopyTo(grown);
        var old = _array;
        _array = grown;
        if (old.Length > 0)
        {
            ColumnArrayPool<byte>.Shared.Return(old);
        }
    }
}
