using System.Text;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core;

namespace SparkEtl.Runner.Sources.Kinesis;

/// <summary>
/// Puts records onto a stream with <c>PutRecords</c>, collecting them into calls of at most 500 records and 5 MiB
/// (data plus partition keys). Kinesis may refuse single entries of a call that succeeds (a throttled shard,
/// <c>ProvisionedThroughputExceededException</c>, or <c>InternalFailure</c>); those are put again, alone, after a
/// jittered exponential backoff, until every record is in or <see cref="MaxEntryAttempts"/> is used up.
/// </summary>
/// <remarks>
/// As with the KPL, an entry put again lands after entries of the same call that succeeded the first time, so the
/// order of a partition key's records holds only when nothing is refused. A call whose answer is lost is retried
/// by the client and may put its records twice (Kinesis is at-least-once).
/// </remarks>
public sealed class KinesisProducer
{
    /// <summary>The most data one record carries (1 MiB, before base64 encoding).</summary>
    public const int MaxRecordBytes = 1 << 20;

    private readonly KinesisClient _client;
    private readonly string _streamName;
    private readonly TimeSpan _retryBaseDelay;
    private readonly TimeSpan _retryMaxDelay;
    private readonly Dictionary<string, long> _perShard = new(StringComparer.Ordinal);
    private List<PutRecordsEntry> _pending = [];
    private long _pendingBytes;

    /// <param name="maxEntryAttempts">How often one record is offered before the producer gives up (default 10).</param>
    /// <param name="retryBaseDelay">The base of the backoff before refused entries are put again (default 100 ms; the cap is 5 s).</param>
    public KinesisProducer(KinesisClient client, string streamName, int maxEntryAttempts = 10, TimeSpan? retryBaseDelay = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntryAttempts, 1);
        _client = client;
        _streamName = streamName;
        MaxEntryAttempts = maxEntryAttempts;
        _retryBaseDelay = retryBaseDelay ?? TimeSpan.FromMilliseconds(100);
        _retryMaxDelay = TimeSpan.FromSeconds(5);
    }

    public int MaxEntryAttempts { get; }

    /// <summary>Records added but not put yet.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Records Kinesis accepted.</summary>
    public long RecordsPut { get; private set; }

    /// <summary>Data bytes of the records Kinesis accepted.</summary>
    public long BytesPut { get; private set; }

    /// <summary>PutRecords calls made (each may have been retried by the client on transient errors).</summary>
    public long Calls { get; private set; }

    /// <summary>Entries Kinesis refused and that were put again.</summary>
    public long EntriesRetried { get; private set; }

    /// <summary>Records accepted per shard.</summary>
    public IReadOnlyDictionary<string, long> RecordsPerShard => _perShard;

    /// <summary>Adds a record; first puts what is collected when this one would not fit in the same call.</summary>
    public async ValueTask AddAsync(PutRecordsEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var size = EntryBytes(entry);
        if (entry.Data.Length > MaxRecordBytes)
        {
            throw new ArgumentException($"A Kinesis record carries at most {MaxRecordBytes} bytes of data, got {entry.Data.Length} (partition key {entry.PartitionKey}).", nameof(entry));
        }

        if (_pending.Count == KinesisClient.MaxPutRecordsCount || _pendingBytes + size > KinesisClient.MaxPutRecordsBytes)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        _pending.Add(entry);
        _pendingBytes += size;
    }

    /// <summary>Puts every collected record; returns when Kinesis accepted all of them.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = _pending;
        _pending = [];
        _pendingBytes = 0;
        for (var attempt = 1; batch.Count > 0; attempt++)
        {
            var result = await _client.PutRecordsAsync(_streamName, batch, cancellationToken).ConfigureAwait(false);
            Calls++;
            var refused = new List<PutRecordsEntry>();
            PutRecordsResultEntry? lastRefusal = null;
            for (var i = 0; i < batch.Count; i++)
            {
                var outcome = result.Records[i];
                if (outcome.Succeeded)
                {
                    RecordsPut++;
                    BytesPut += batch[i].Data.Length;
                    var shard = outcome.ShardId ?? "unknown";
                    _perShard[shard] = _perShard.GetValueOrDefault(shard) + 1;
                }
                else
                {
                    refused.Add(batch[i]);
                    lastRefusal = outcome;
                }
            }

            if (refused.Count == 0)
            {
                return;
            }

            if (attempt == MaxEntryAttempts)
            {
                throw new SparkEtlException(
                    $"Kinesis stream {_streamName} still refused {refused.Count} records after {attempt} PutRecords attempts: {lastRefusal!.ErrorCode}: {lastRefusal.ErrorMessage}",
                    isTransient: true);
            }

            EntriesRetried += refused.Count;
            batch = refused;

            // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter").
            var ceiling = Math.Min(_retryMaxDelay.Ticks, _retryBaseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30)));
            await Task.Delay(TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * ceiling)), cancellationToken).ConfigureAwait(false);
        }
    }

    // PutRecords counts data and partition keys (UTF-8) against its 5 MiB.
    private static long EntryBytes(PutRecordsEntry entry) => entry.Data.Length + Encoding.UTF8.GetByteCount(entry.PartitionKey);
}
