namespace SparkEtl.Runner.Sources.Internal;

/// <summary>
/// Copies the data of records read from a file into shared blocks (slabs), so that a batch of small records makes one
/// array per few hundred records instead of one per record, and the collector has that many fewer objects to trace and
/// promote while the batch lives.
/// </summary>
/// <remarks>
/// <para>
/// The slabs of a batch are reused for later batches once the batch is done with: <see cref="TakeBatch"/> hands over
/// the slabs filled since the last call as one <see cref="IDisposable"/>, and disposing it gives them back. Fresh memory
/// costs a page fault per 4 KiB on first touch and zeroing by the runtime; reused slabs cost neither, which on a
/// backfill was most of the time spent reading. Slabs that are never given back are left to the collector, so a reader
/// that keeps its records (a test, a tool) is as safe as with fresh arrays. After <see cref="TakeBatch"/> the next copy
/// starts a slab of its own, so no slab holds data of two batches.
/// </para>
/// <para>
/// Data larger than <see cref="MaxSharedBytes"/> gets an array of its own, never reused, so starting a new slab leaves
/// at most that much of the last one unused. Copies come from one thread; slabs may be given back from another.
/// </para>
/// </remarks>
internal sealed class RecordDataSlabs
{
    /// <summary>The size of a slab in bytes: 64 KiB, below the 85,000 bytes from which an array goes to the large object heap.</summary>
    public const int SlabBytes = 1 << 16;

    /// <summary>The largest data copied into a slab, in bytes: a quarter of a slab.</summary>
    public const int MaxSharedBytes = SlabBytes / 4;

    /// <summary>The most slabs kept for reuse (32 MiB): about what a few batches at the default limits fill.</summary>
    public const int MaxSpareSlabs = 512;

    private readonly Stack<byte[]> _spare = new();
    private readonly Lock _spareLock = new();
    private List<byte[]> _filled = [];
    private byte[] _slab = [];
    private int _used;

    /// <summary>How many slabs are kept for reuse now.</summary>
    public int SpareCount
    {
        get
        {
            lock (_spareLock)
            {
                return _spare.Count;
            }
        }
    }

    /// <summary>Copies <paramref name="data"/> and returns the copy, which nothing else writes to until it is given back.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (data.Length > MaxSharedBytes)
        {
            return data.ToArray();
        }

        if (data.Length > _slab.Length - _used)
        {
            _slab = RentSlab();
            _used = 0;
            _filled.Add(_slab);
        }

        var copy = _slab.AsMemory(_used, data.Length);
        data.CopyTo(copy.Span);
        _used += data.Length;
        return copy;
    }

    /// <summary>
    /// Ends a batch: returns what holds the data copied since the last call. Dispose it once nothing reads that data any
    /// more, and its slabs are reused; the next copy starts a new slab.
    /// </summary>
    public IDisposable TakeBatch()
    {
        var batch = new BatchSlabs(this, _filled);
        _filled = [];
        _slab = [];
        _used = 0;
        return batch;
    }

    private byte[] RentSlab()
    {
        lock (_spareLock)
        {
            if (_spare.TryPop(out var slab))
            {
                return slab;
            }
        }

        // Uninitialized: only the bytes copied in are ever handed out.
        return GC.AllocateUninitializedArray<byte>(SlabBytes);
    }

    private void GiveBack(List<byte[]> slabs)
    {
        lock (_spareLock)
        {
            for (var i = 0; i < slabs.Count && _spare.Count < MaxSpareSlabs; i++)
            {
                _spare.Push(slabs[i]);
            }
        }
    }

    private sealed class BatchSlabs(RecordDataSlabs owner, List<byte[]> slabs) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.GiveBack(slabs);
            }
        }
    }
}
