using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources.Internal;

/// <summary>
/// Copies the data of records read from a file into shared blocks (slabs), so that a batch of small records makes one
/// array per few hundred records instead of one per record, and the collector has that many fewer objects to trace and
/// promote while the batch lives.
/// </summary>
/// <remarks>
/// Every slab is a fresh array, never pooled or reused: a record's <see cref="KinesisRecord.Data"/> may be held after its
/// batch (an error row keeps its raw bytes), and a slice of a slab stays valid for as long as anything holds it. The cost
/// is that one held record keeps its whole slab alive. Data larger than <see cref="MaxSharedBytes"/> gets an array of its
/// own, so starting a new slab leaves at most that much of the last one unused.
/// </remarks>
internal sealed class RecordDataSlabs
{
    /// <summary>The size of a slab in bytes: 64 KiB, below the 85,000 bytes from which an array goes to the large object heap.</summary>
    public const int SlabBytes = 1 << 16;

    /// <summary>The largest data copied into a slab, in bytes: a quarter of a slab.</summary>
    public const int MaxSharedBytes = SlabBytes / 4;

    private byte[] _slab = [];
    private int _used;

    /// <summary>Copies <paramref name="data"/> and returns the copy, which nothing else writes to.</summary>
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
            // Uninitialized: only the bytes copied in are ever handed out.
            _slab = GC.AllocateUninitializedArray<byte>(SlabBytes);
            _used = 0;
        }

        var copy = _slab.AsMemory(_used, data.Length);
        data.CopyTo(copy.Span);
        _used += data.Length;
        return copy;
    }
}
