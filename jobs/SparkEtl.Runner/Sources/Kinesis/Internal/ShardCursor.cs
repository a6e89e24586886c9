using System.Diagnostics;
using SparkEtl.Aws;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core;
using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources.Kinesis.Internal;

/// <summary>
/// Reads one shard with GetRecords. It hands out records in sequence order and knows the <see cref="Position"/>
/// after the last one handed out. Records fetched but not handed out (a page larger than the batch's byte limit)
/// wait in memory for the next batch; the shard iterator stands after them. When the iterator expires, a new one is
/// acquired just after the last record fetched, so nothing is skipped or fetched twice.
/// </summary>
internal sealed class ShardCursor
{
    private readonly KinesisClient _client;
    private readonly KinesisSourceOptions _options;
    private readonly KinesisRetry _retry;
    private readonly KinesisReadStats _stats;
    private readonly ShardReadPacer _pacer;
    private readonly Queue<KinesisRecord> _pending = new();
    private ShardPosition _fetched;
    private ShardPosition? _endedFrom;
    private string? _iterator;
    private bool _startAtLatest;
    private bool _shardEnd;
    private bool _caughtUp;

    /// <param name="position">Where the cursor starts: what the batch before handed out.</param>
    /// <param name="startAtLatest">
    /// Take the first iterator at LATEST rather than at <paramref name="position"/> (an <c>at:</c> pinned this
    /// moment): the same records, without an AT_TIMESTAMP look-up of a shard that has none yet.
    /// </param>
    public ShardCursor(string shardId, ShardPosition position, bool startAtLatest, KinesisClient client, KinesisSourceOptions options, KinesisReadStats stats)
    {
        ShardId = shardId;
        Position = position;
        _fetched = position;
        _startAtLatest = startAtLatest && position.Kind == ShardPositionKind.AtTimestamp;
        _client = client;
        _options = options;
        _stats = stats;
        _retry = new KinesisRetry(options.RetryBaseDelay, options.RetryMaxDelay, options.MaxTransientAttempts, stats);
        _pacer = new ShardReadPacer(options.MinReadInterval, options.MaxReadBytesPerSecond);
        if (position.IsEnd)
        {
            _shardEnd = true;
        }
    }

    public string ShardId { get; }

    /// <summary>The position after the last record handed out; <c>end:</c> once the shard is drained.</summary>
    public ShardPosition Position { get; private set; }

    /// <summary>The lag of the last GetRecords answer (<c>MillisBehindLatest</c>); null before the first.</summary>
    public long? MillisBehindLatest { get; private set; }

    /// <summary>
    /// True when reading from <paramref name="position"/> means reading from where this cursor stands: the same
    /// point, or the point the cursor stood at when it found the shard's end (the engine keeps no empty batch, so it
    /// may ask again from there).
    /// </summary>
    public bool Matches(ShardPosition position) =>
        Position.IsSamePoint(position) || _endedFrom == position;

    /// <summary>
    /// Hands out the records that follow, up to <paramref name="maxRecords"/> and <paramref name="maxBytes"/> of data
    /// counted inflated (<see cref="KinesisRecord.DecodedLength"/>; one record larger than that goes alone), calling GetRecords until the shard is caught up, ended, or the
    /// limits are reached. After the first call, no call starts past <paramref name="readUntil"/> (a <see cref="Stopwatch"/>
    /// timestamp; null for no time limit).
    /// </summary>
    public async Task<List<KinesisRecord>> ReadAsync(int maxRecords, long maxBytes, long? readUntil, CancellationToken cancellationToken)
    {
        var records = new List<KinesisRecord>();
        long bytes = 0;
        var fetched = false;
        while (records.Count < maxRecords)
        {
            if (_pending.Count == 0)
            {
                if (_shardEnd)
                {
                    MarkEnded();
                    break;
                }

                // One call per batch at least, then on while the shard says more is there and the batch has time.
                if (fetched && (_caughtUp || Stopwatch.GetTimestamp() >= readUntil))
                {
                    break;
                }

                await FetchAsync(Math.Min(_options.MaxRecordsPerRead, maxRecords - records.Count), cancellationToken).ConfigureAwait(false);
                fetched = true;
                continue;
            }

            var next = _pending.Peek();
            if (records.Count > 0 && bytes + next.DecodedLength > maxBytes)
            {
                break;
            }

            Take(records);
            bytes += next.DecodedLength;
        }

        if (_pending.Count == 0 && _shardEnd)
        {
            MarkEnded();
        }

        return records;
    }

    /// <summary>
    /// Hands out exactly the records up to <paramref name="through"/>, a position an earlier batch ended at; throws
    /// when the shard no longer holds them (a record is missing, or the shard ends first).
    /// </summary>
    public async Task<List<KinesisRecord>> ReadThroughAsync(ShardPosition through, CancellationToken cancellationToken)
    {
        var records = new List<KinesisRecord>();
        var target = through.SequenceNumber;
        var emptyAtTip = 0;
        while (target is not null && Position.SequenceNumber != target)
        {
            if (_pending.Count == 0)
            {
                if (_shardEnd)
                {
                    throw RangeGone(through, "the shard ends before it");
                }

                await FetchAsync(_options.MaxRecordsPerRead, cancellationToken).ConfigureAwait(false);

                // An empty page at the tip (a few, in case the service lags) means the record is not there.
                emptyAtTip = _pending.Count == 0 && _caughtUp ? emptyAtTip + 1 : 0;
                if (emptyAtTip == 3)
                {
                    throw RangeGone(through, "the shard has no more records");
                }

                continue;
            }

            if (SourcePosition.CompareDecimal(_pending.Peek().SequenceNumber, target) > 0)
            {
                throw RangeGone(through, $"the next record is {_pending.Peek().SequenceNumber}");
            }

            Take(records);
        }

        if (through.IsEnd)
        {
            // The plan saw the shard end here; nothing follows.
            _endedFrom = Position;
            Position = through;
            _shardEnd = true;
            _pending.Clear();
        }

        return records;
    }

    private void Take(List<KinesisRecord> records)
    {
        var record = _pending.Dequeue();
        records.Add(record);
        Position = ShardPosition.After(record.SequenceNumber);
    }

    private void MarkEnded()
    {
        if (!Position.IsEnd)
        {
            _endedFrom = Position;
            Position = Position.Ended();
        }
    }

    private SparkEtlException RangeGone(ShardPosition through, string found) => new(
        $"Kinesis stream {_options.StreamName}, shard {ShardId}, no longer holds the records of the planned batch after {Position} through {through}: {found}. " +
        "Were they trimmed by the stream's retention period?");

    /// <summary>One GetRecords call (with the waits and retries it needs); its records go to the pending queue.</summary>
    private async Task FetchAsync(int limit, CancellationToken cancellationToken)
    {
        var expiredInARow = 0;
        for (var attempt = 1; ; attempt++)
        {
            _iterator ??= await AcquireIteratorAsync(cancellationToken).ConfigureAwait(false);
            await _pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
            GetRecordsResult page;
            try
            {
                page = await _client.GetRecordsAsync(ShardId, _iterator, limit, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ExpiredIteratorException" && ++expiredInARow <= 3)
            {
                // Iterators live 5 minutes. Take a new one after the last record fetched: nothing skipped, nothing twice.
                _stats.AddExpiredIterator();
                _pacer.CallEnded(0);
                _iterator = null;
                continue;
            }
            catch (SparkEtlException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested
                && (KinesisRetry.IsThrottling(e) || attempt < _options.MaxTransientAttempts))
            {
                // The iterator stays valid: the same call is made again after the wait.
                _pacer.CallEnded(0);
                await _retry.BackOffAsync(e, attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            _stats.AddGetRecordsCall();
            long bytes = 0;
            foreach (var record in page.Records)
            {
                if (!_fetched.Precedes(record))
                {
                    throw new SparkEtlException(
                        $"Kinesis stream {_options.StreamName}, shard {ShardId}: GetRecords returned record {record.SequenceNumber}, which is not after {_fetched}; refusing to read a record twice.");
                }

                _pending.Enqueue(record);
                _fetched = ShardPosition.After(record.SequenceNumber);
                bytes += record.Data.Length;
            }

            _pacer.CallEnded(bytes);
            _iterator = page.NextShardIterator;
            _shardEnd = page.IsShardEnd;
            MillisBehindLatest = page.MillisBehindLatest;

            // Caught up: a short page at the tip. A full page, or a lag, says more is there.
            _caughtUp = page.Records.Count < limit && page.MillisBehindLatest == 0;
            return;
        }
    }

    private Task<string> AcquireIteratorAsync(CancellationToken cancellationToken)
    {
        var at = _startAtLatest ? ShardIteratorPosition.Latest : _fetched.ToIteratorPosition();
        _startAtLatest = false;
        return _retry.RunAsync(ct => _client.GetShardIteratorAsync(_options.StreamName, ShardId, at, ct), cancellationToken);
    }
}
