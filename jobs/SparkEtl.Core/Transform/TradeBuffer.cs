using System.Collections;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform.Internal;

namespace SparkEtl.Core.Transform;

/// <summary>
/// Trades kept without allocating per trade: the values in one array, log event ids as UTF-8 in slabs, both owned by the
/// buffer and kept when it is cleared, so a buffer reused from batch to batch allocates only while it grows to the
/// largest batch it has held. Read by index (a copy of the trade, no allocation) or as a span.
/// </summary>
/// <remarks>
/// A trade read from the buffer refers to the buffer's slabs for its log event id: it is valid until <see cref="Clear"/>.
/// Not thread-safe: one writer, and readers only once writing is done.
/// </remarks>
public sealed class TradeBuffer : IReadOnlyList<Trade>, IRowSpan<Trade>
{
    // Slabs are on the large object heap, but kept for the buffer's life, so they are not churned.
    private const int SlabBytes = 256 * 1024;
    private const int InitialCapacity = 1024;

    private readonly List<byte[]> _slabs = [];
    private Trade[] _trades = [];
    private int _count;
    private int _slab;
    private int _slabUsed;

    // Whether a trade added since the last clear holds its log event id in a slab of this buffer's, or of another's.
    private bool _holdsOwnIdBytes;
    private bool _holdsOtherIdBytes;

    public int Count => _count;

    /// <summary>How many slabs of log event ids the buffer keeps, in use or spare.</summary>
    internal int SlabCount => _slabs.Count;

    /// <summary>How many trades the buffer holds before it must grow.</summary>
    public int Capacity => _trades.Length;

    /// <summary>The trades, in the order they were added; valid until the next add or clear.</summary>
    public ReadOnlySpan<Trade> Span => _trades.AsSpan(0, _count);

    public Trade this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                ThrowIndexOutOfRange(index);
            }

            return _trades[index];
        }
    }

    /// <summary>Adds a trade as it is.</summary>
    public void Add(in Trade trade)
    {
        _holdsOtherIdBytes |= trade.HoldsLogEventIdUtf8;
        Append(trade);
    }

    /// <summary>
    /// Makes room for at least <paramref name="capacity"/> trades, so adding up to that many does not grow the buffer.
    /// When it must grow, it takes an eighth more than asked: batches cut by bytes differ by a few records, and each
    /// resize copies every trade into a new array.
    /// </summary>
    public void EnsureCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        if (capacity > _trades.Length)
        {
            Array.Resize(ref _trades, (int)Math.Min(capacity + (capacity / 8L), Array.MaxLength));
        }
    }

    /// <summary>Adds a trade whose log event id is <paramref name="logEventId"/> (UTF-8), copied into the buffer's slabs.</summary>
    public void Add(in Trade trade, ReadOnlySpan<byte> logEventId)
    {
        _holdsOwnIdBytes = true;
        Append(trade.WithLogEventIdUtf8(Store(logEventId)));
    }

    /// <summary>Adds the trades of <paramref name="other"/>, in order, with their log event ids copied into this buffer.</summary>
    public void AddRange(TradeBuffer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!other._holdsOwnIdBytes && !other._holdsOtherIdBytes)
        {
            // Nothing refers to the other buffer's slabs: the trades are copied as they are, in one move.
            AppendAll(other);
            return;
        }

        if (_count > _trades.Length - other._count)
        {
            Grow((long)_count + other._count);
        }

        foreach (ref readonly var trade in other.Span)
        {
            if (trade.TryGetLogEventIdUtf8(out var id))
            {
                Add(trade, id);
            }
            else
            {
                Add(trade);
            }
        }
    }

    /// <summary>
    /// Adds the trades of <paramref name="other"/>, in order, and clears it. The slabs holding their log event ids come
    /// with them instead of the ids being copied (this buffer's spare slabs go to <paramref name="other"/> in exchange, so
    /// buffers joined batch after batch keep what they have); only when one of them holds an id in a third buffer's slab
    /// are the ids copied, as <see cref="AddRange"/> does.
    /// </summary>
    public void MoveFrom(TradeBuffer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("A buffer cannot take its own trades.", nameof(other));
        }

        if (other._holdsOtherIdBytes)
        {
            AddRange(other);
            other.Clear();
            return;
        }

        AppendAll(other);
        if (other._holdsOwnIdBytes)
        {
            TakeSlabs(other);
        }

        other.Clear();
    }

    // The slabs other has written (up to its current one) go after this buffer's current slab and become the ones in use;
    // as many of this buffer's spare slabs as there are go to other.
    private void TakeSlabs(TradeBuffer other)
    {
        _holdsOwnIdBytes = true;
        var taken = Math.Min(other._slab + 1, other._slabs.Count);
        if (taken == 0)
        {
            // Its ids were all too long for a slab: they are in arrays of their own, which come with the trades.
            return;
        }

        var used = Math.Min(_slab + 1, _slabs.Count);
        var spare = _slabs.Count - used;
        var given = Math.Min(spare, taken);
        other._slabs.AddRange(_slabs.GetRange(used, given));
        _slabs.RemoveRange(used, given);
        _slabs.InsertRange(used, other._slabs.GetRange(0, taken));
        other._slabs.RemoveRange(0, taken);
        _slab = used + taken - 1;
        _slabUsed = other._slabUsed;
    }

    /// <summary>Where the buffer stands now: <see cref="RevertTo"/> takes back every trade added after it.</summary>
    internal Mark Position => new(_count, _slab, _slabUsed);

    /// <summary>Takes back the trades added since <paramref name="mark"/> (and the room their log event ids took).</summary>
    internal void RevertTo(Mark mark)
    {
        if ((uint)mark.Count > (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(mark), mark.Count, $"The buffer holds {_count} trades.");
        }

        Array.Clear(_trades, mark.Count, _count - mark.Count);
        _count = mark.Count;
        _slab = mark.Slab;
        _slabUsed = mark.SlabUsed;
    }

    /// <summary>Forgets the trades and keeps the memory for the next ones.</summary>
    public void Clear()
    {
        // The trades refer to strings (sequence numbers) of records that are done with: let them go.
        Array.Clear(_trades, 0, _count);
        _count = 0;
        _slab = 0;
        _slabUsed = 0;
        _holdsOwnIdBytes = false;
        _holdsOtherIdBytes = false;
    }

    public IEnumerator<Trade> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _trades[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Other's trades as they are, in one move.
    private void AppendAll(TradeBuffer other)
    {
        if (_count > _trades.Length - other._count)
        {
            Grow((long)_count + other._count);
        }

        other.Span.CopyTo(_trades.AsSpan(_count));
        _count += other._count;
    }

    private void Append(in Trade trade)
    {
        if (_count == _trades.Length)
        {
            Grow(_count + 1);
        }

        _trades[_count++] = trade;
    }

    private Utf8Slice Store(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > SlabBytes / 4)
        {
            // A hostile id far longer than CloudWatch's: its own array, not kept.
            return new Utf8Slice(utf8.ToArray(), 0, utf8.Length);
        }

        if (_slab == _slabs.Count || SlabBytes - _slabUsed < utf8.Length)
        {
            if (_slab < _slabs.Count)
            {
                _slab++;
                _slabUsed = 0;
            }

            if (_slab == _slabs.Count)
            {
                _slabs.Add(new byte[SlabBytes]);
            }
        }

        var slab = _slabs[_slab];
        utf8.CopyTo(slab.AsSpan(_slabUsed));
        var slice = new Utf8Slice(slab, _slabUsed, utf8.Length);
        _slabUsed += utf8.Length;
        return slice;
    }

    private void Grow(long needed)
    {
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"A trade buffer cannot hold more than {Array.MaxLength} trades.");
        }

        Array.Resize(ref _trades, (int)Math.Min(Math.Max(Math.Max(2L * _trades.Length, InitialCapacity), needed), Array.MaxLength));
    }

    /// <summary>A position in a buffer: its trade count and how much of its slabs was used.</summary>
    internal readonly record struct Mark(int Count, int Slab, int SlabUsed);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowIndexOutOfRange(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"The buffer holds {_count} trades.");
}
