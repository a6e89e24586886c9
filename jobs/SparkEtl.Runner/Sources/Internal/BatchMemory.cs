using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources.Internal;

/// <summary>
/// The memory a file source's batches live in, reused batch after batch: the records' data, copied into shared blocks
/// (slabs) so that a batch of small records makes one array per few hundred records instead of one per record, and the
/// record objects themselves with the blocks that list them.
/// </summary>
/// <remarks>
/// <para>
/// A batch's memory is reused once the batch is done with: <see cref="TakeBatch"/> hands over the slabs filled since the
/// last call, with the batch's records, as one <see cref="IDisposable"/>, and disposing it gives them back. Fresh memory
/// costs a page fault per 4 KiB on first touch and zeroing by the runtime, and an object per line is what most
/// collections of a backfill were for; reused memory costs neither, which on a backfill was most of the time spent
/// reading. Memory that is never given back is left to the collector, so a reader that keeps its records (a test, a
/// tool) is as safe as with fresh objects. After <see cref="TakeBatch"/> the next copy starts a slab of its own, so no
/// slab holds data of two batches.
/// </para>
/// <para>
/// Data larger than <see cref="MaxSharedBytes"/> gets an array of its own, never reused, so starting a new slab leaves
/// at most that much of the last one unused. Copies and records are made on one thread; batches may be given back from
/// another.
/// </para>
/// </remarks>
internal sealed class BatchMemory
{
    /// <summary>The size of a slab in bytes: 64 KiB, below the 85,000 bytes from which an array goes to the large object heap.</summary>
    public const int SlabBytes = 1 << 16;

    /// <summary>The largest data copied into a slab, in bytes: a quarter of a slab.</summary>
    public const int MaxSharedBytes = SlabBytes / 4;

    /// <summary>The most slabs kept for reuse (32 MiB): about what a few batches at the default limits fill.</summary>
    public const int MaxSpareSlabs = 512;

    /// <summary>The most record blocks kept for reuse, with the records they list: 32 blocks of 8,192, a few default batches.</summary>
    public const int MaxSpareBlocks = 32;

    private readonly Stack<byte[]> _spareSlabs = new();
    private readonly Stack<(KinesisRecord[] Block, int Count)> _spareRecords = new();
    private readonly Stack<KinesisRecord[]> _spareBlocks = new();
    private readonly Lock _spareLock = new();
    private List<byte[]> _filled = [];
    private byte[] _slab = [];
    private int _used;

    // The given-back block records are being taken from, and how many of them are left; owned by the reading thread.
    private KinesisRecord[] _reusing = [];
    private int _reusingLeft;

    /// <summary>How many slabs are kept for reuse now.</summary>
    public int SpareSlabCount
    {
        get
        {
            lock (_spareLock)
            {
                return _spareSlabs.Count;
            }
        }
    }

    /// <summary>How many record objects are kept for reuse now (not counting those of the block being taken from).</summary>
    public int SpareRecordCount
    {
        get
        {
            lock (_spareLock)
            {
                return _spareRecords.Sum(r => r.Count);
            }
        }
    }

    /// <summary>Copies <paramref name="data"/> and returns the copy, which nothing else writes to until it is given back.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> data)
    {
        var room = Reserve(data.Length);
        data.CopyTo(room.Span);
        return Keep(room, data.Length);
    }

    /// <summary>
    /// Room for data of at most <paramref name="maxLength"/> bytes, to be written and then kept with <see cref="Keep"/>
    /// (before any other call): the data goes where <see cref="Copy"/> would put it.
    /// </summary>
    public Memory<byte> Reserve(int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (maxLength == 0)
        {
            return Memory<byte>.Empty;
        }

        if (maxLength > MaxSharedBytes)
        {
            return GC.AllocateUninitializedArray<byte>(maxLength);
        }

        if (maxLength > _slab.Length - _used)
        {
            _slab = RentSlab();
            _used = 0;
            _filled.Add(_slab);
        }

        return _slab.AsMemory(_used, maxLength);
    }

    /// <summary>Keeps the first <paramref name="length"/> bytes written to <paramref name="reserved"/> as data and returns them.</summary>
    public ReadOnlyMemory<byte> Keep(Memory<byte> reserved, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, reserved.Length);
        if (length == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (reserved.Length <= MaxSharedBytes)
        {
            _used += length;
        }

        return reserved[..length];
    }

    /// <summary>A record with these members: an object of a batch given back when there is one, else a new one.</summary>
    public KinesisRecord Record(string shardId, long sequenceNumber, string partitionKey, long approximateArrivalMs, ReadOnlyMemory<byte> data)
    {
        if (TakeSpareRecord() is not { } record)
        {
            return new KinesisRecord(shardId, sequenceNumber, partitionKey, approximateArrivalMs, data);
        }

        record.Reuse(shardId, sequenceNumber, partitionKey, approximateArrivalMs, data);
        return record;
    }

    /// <inheritdoc cref="Record(string, long, string, long, ReadOnlyMemory{byte})"/>
    public KinesisRecord Record(string shardId, string sequenceNumber, string partitionKey, long approximateArrivalMs, ReadOnlyMemory<byte> data)
    {
        if (TakeSpareRecord() is not { } record)
        {
            return new KinesisRecord(shardId, sequenceNumber, partitionKey, approximateArrivalMs, data);
        }

        record.Reuse(shardId, sequenceNumber, partitionKey, approximateArrivalMs, data);
        return record;
    }

    /// <summary>An empty list for a new batch's records, whose blocks come from batches given back when there are any.</summary>
    public RecordBlocks NewBatch() => new(RentBlock);

    /// <summary>
    /// Ends a batch: returns what holds <paramref name="records"/> and the data copied since the last call. Dispose it once
    /// nothing reads them any more, and their memory is reused; the next copy starts a new slab.
    /// </summary>
    public IDisposable TakeBatch(RecordBlocks records)
    {
        var batch = new BatchLease(this, _filled, records);
        _filled = [];
        _slab = [];
        _used = 0;
        return batch;
    }

    private byte[] RentSlab()
    {
        lock (_spareLock)
        {
            if (_spareSlabs.TryPop(out var slab))
            {
                return slab;
            }
        }

        // Uninitialized: only the bytes copied in are ever handed out.
        return GC.AllocateUninitializedArray<byte>(SlabBytes);
    }

    private KinesisRecord[]? RentBlock()
    {
        lock (_spareLock)
        {
            return _spareBlocks.TryPop(out var block) ? block : null;
        }
    }

    private KinesisRecord? TakeSpareRecord()
    {
        if (_reusingLeft == 0)
        {
            lock (_spareLock)
            {
                if (!_spareRecords.TryPop(out var spare))
                {
                    return null;
                }

                (_reusing, _reusingLeft) = spare;
            }
        }

        // Taken from the end, so the block holds only records not yet handed out.
        var record = _reusing[--_reusingLeft];
        if (_reusingLeft == 0)
        {
            ReleaseEmptied(_reusing);
            _reusing = [];
        }

        return record;
    }

    // A block whose records were all handed out again holds a new batch's list next (its stale entries are overwritten).
    private void ReleaseEmptied(KinesisRecord[] block)
    {
        if (block.Length != RecordBlocks.BlockLength)
        {
            return;
        }

        lock (_spareLock)
        {
            if (_spareBlocks.Count < MaxSpareBlocks)
            {
                _spareBlocks.Push(block);
            }
        }
    }

    private void GiveBack(List<byte[]> slabs, RecordBlocks records)
    {
        lock (_spareLock)
        {
            for (var i = 0; i < slabs.Count && _spareSlabs.Count < MaxSpareSlabs; i++)
            {
                _spareSlabs.Push(slabs[i]);
            }

            // A record kept for reuse lets go of its data: data of its own (larger than a slab takes) is not kept alive.
            var left = records.Count;
            foreach (var block in records.Blocks)
            {
                var count = Math.Min(left, block.Length);
                left -= count;
                if (count > 0 && _spareRecords.Count < MaxSpareBlocks)
                {
                    foreach (var record in block.AsSpan(0, count))
                    {
                        record.ForgetData();
                    }

                    _spareRecords.Push((block, count));
                }
            }
        }
    }

    private sealed class BatchLease(BatchMemory owner, List<byte[]> slabs, RecordBlocks records) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.GiveBack(slabs, records);
            }
        }
    }
}
