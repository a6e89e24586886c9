using SparkEtl.Core.Configuration;
using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// A bounded source over a sequence of records from any number of shards (a capture file, the demo
/// simulator). Batches are cut where the next record would take its shard past a per-shard limit.
/// </summary>
public sealed class EnumeratedRecordSource : IRecordSource
{
    private readonly IEnumerator<KinesisRecord> _records;
    private KinesisRecord? _pending;
    private bool _ended;

    public EnumeratedRecordSource(string description, IEnumerable<KinesisRecord> records)
    {
        Description = description;
        _records = records.GetEnumerator();
    }

    public string Description { get; }

    public ValueTask<SourceBatch> ReadBatchAsync(BatchSettings limits, CancellationToken cancellationToken)
    {
        var batch = new List<KinesisRecord>();
        var perShard = new Dictionary<string, (int Records, long Bytes)>(StringComparer.Ordinal);
        long bytes = 0;
        while (!_ended)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = _pending ?? (_records.MoveNext() ? _records.Current : null);
            _pending = null;
            if (record is null)
            {
                _ended = true;
                break;
            }

            perShard.TryGetValue(record.ShardId, out var used);
            var fits = used.Records < limits.MaxRecordsPerShard && used.Bytes + record.Data.Length <= limits.MaxBytesPerShard;

            // A record larger than the byte limit on its own still goes, alone, so the source never stalls.
            if (!fits && used.Records > 0)
            {
                _pending = record;
                break;
            }

            perShard[record.ShardId] = (used.Records + 1, used.Bytes + record.Data.Length);
            bytes += record.Data.Length;
            batch.Add(record);
        }

        return ValueTask.FromResult(new SourceBatch(batch, bytes, _ended && _pending is null));
    }

    public ValueTask DisposeAsync()
    {
        _records.Dispose();
        return ValueTask.CompletedTask;
    }
}
