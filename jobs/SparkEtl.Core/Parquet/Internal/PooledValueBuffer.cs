using System.Buffers;
using System.Runtime.CompilerServices;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// A growable list of unmanaged values over arrays rented from <see cref="ColumnArrayPool{T}"/>. Clearing
/// keeps the array for reuse; disposing returns it. Not thread-safe.
/// </summary>
internal sealed class PooledValueBuffer<T> : IDisposable
    where T : unmanaged
{
    private T[] _array;
    private int _count;

    public PooledValueBuffer(int initialCapacity = 1024)
    {
        _array = ColumnArrayPool<T>.Shared.Rent(initialCapacity);
    }

    public int Count => _count;

    /// <summary>The values added so far; valid until the next add, clear or dispose.</summary>
    public ReadOnlySpan<T> Span => _array.AsSpan(0, _count);

    public T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Span[index];
    }

    // Called once a value per row by the writers: inlined, with the rare growth out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T value)
    {
        if (_count == _array.Length)
        {
            Grow();
        }

        _array[_count++] = value;
    }

    /// <summary>Forgets the values and keeps the array.</summary>
    public void Clear() => _count = 0;

    /// <summary>Makes room for <paramref name="capacity"/> values in all, so that adding that many copies nothing.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (capacity > _array.Length)
        {
            Resize(capacity);
        }
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        _count = 0;
        if (array.Length > 0)
        {
            ColumnArrayPool<T>.Shared.Return(array);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        var capacity = (int)Math.Min(Math.Max(2L * _array.Length, 16), Array.MaxLength);
        if (capacity <= _count)
        {
            throw new InvalidOperationException($"A column buffer cannot hold more than {_count} values.");
        }

        Resize(capacity);
    }

    private void Resize(int capacity)
    {
        var grown = ColumnArrayPool<T>.Shared.Rent(capacity);
        _array.AsSpan(0, _count).CopyTo(grown);
        var old = _array;
        _array = grown;
        if (old.Length > 0)
        {
            ColumnArrayPool<T>.Shared.Return(old);
        }
    }
}
