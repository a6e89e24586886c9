using System.Runtime.InteropServices;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources.Internal;

/// <summary>
/// What a batch read from a file has used of its limits, per shard: records, and bytes as decoded (a gzip record
/// counts at its inflated size). A record that does not fit ends the batch, except the first of its shard: a record
/// larger than the byte limit on its own still goes, alone, so the source never stalls.
/// </summary>
internal sealed class ShardBatchBudget(BatchSettings limits)
{
    private readonly Dictionary<string, (int Records, long Bytes)> _used = new(StringComparer.Ordinal);

    /// <summary>The stored (not decoded) bytes of the records taken.</summary>
    public long StoredBytes { get; private set; }

    /// <summary>Counts <paramref name="record"/> and returns true when it fits the batch; false, counting nothing, when it ends the batch.</summary>
    public bool TryTake(KinesisRecord record)
    {
        // One lookup per record. A shard seen for the first time gets an empty entry, and its first record always fits.
        ref var used = ref CollectionsMarshal.GetValueRefOrAddDefault(_used, record.ShardId, out _);
        var decoded = record.DecodedLength;
        var fits = used.Records < limits.MaxRecordsPerShard && used.Bytes + decoded <= limits.MaxBytesPerShard;
        if (!fits && used.Records > 0)
        {
            return false;
        }

        used = (used.Records + 1, used.Bytes + decoded);
        StoredBytes += record.Data.Length;
        return true;
    }
}
