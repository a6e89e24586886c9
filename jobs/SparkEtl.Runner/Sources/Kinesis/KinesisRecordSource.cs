using System.Collections.Immutable;
using System.Diagnostics;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Records;
using SparkEtl.Runner.Sources.Kinesis.Internal;

namespace SparkEtl.Runner.Sources.Kinesis;

/// <summary>
/// Reads a Kinesis data stream with GetRecords (the polling consumer), shard by shard, for the embedded engine.
/// </summary>
/// <remarks>
/// <para>
/// <b>Offsets.</b> A batch's offset holds one <see cref="ShardPosition"/> token per shard the stream lists (read
/// or not yet), and under <see cref="StartingPositionKey"/> the position a new query started at (<c>trim</c> or
/// <c>at:EPOCH_MS</c>; a LATEST start is pinned as the time of the first plan). A batch read again from its
/// offsets gives the same records in the same order: shard by shard in <see cref="ShardIdComparer"/> order (parents
/// first), each in sequence order.
/// </para>
/// <para>
/// <b>Resharding</b>, as the Kinesis Client Library does it: a shard is read only once each parent it has in the
/// shard list is read to its end (<c>end:</c>), so the records of a partition key keep their order across a split
/// or a merge. New shards are found when a shard ends, and every <see cref="KinesisSourceOptions.ShardDiscoveryInterval"/>;
/// they are read from their start (TRIM_HORIZON). Ended shards drop out of the offset once the stream no longer lists them.
/// </para>
/// <para>
/// <b>Limits.</b> Each shard is read by one <c>ShardCursor</c> (shards in parallel) at most 5 calls and 2 MiB per second,
/// within the batch's per-shard record and byte limits; throttling and transient failures are retried with
/// jittered exponential backoff, expired iterators acquired again after the last record read. The stream is
/// unbounded: <see cref="SourceBatch.EndOfInput"/> is always false and an empty batch means every shard is caught up.
/// The lag of each shard is reported as the metric <c>millisBehindLatest.SHARD_ID</c>.
/// </para>
/// </remarks>
public sealed class KinesisRecordSource : IRecordSource
{
    /// <summary>The offset key of the position a new query started at; every other key is a shard id.</summary>
    public const string StartingPositionKey = "startingPosition";

    private readonly KinesisClient _client;
    private readonly KinesisSourceOptions _options;
    private readonly KinesisReadStats _stats = new();
    private readonly KinesisRetry _retry;
    private readonly Dictionary<string, ShardCursor> _cursors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _awaitingLatestIterator = new(StringComparer.Ordinal);
    private Dictionary<string, KinesisShard> _shards = new(StringComparer.Ordinal);
    private long _listedAt;
    private ShardPosition? _pinnedStart;
    private HashSet<string> _initialShards = new(StringComparer.Ordinal);
    private long _expiredShards;

    private KinesisRecordSource(KinesisClient client, KinesisSourceOptions options)
    {
        _client = client;
        _options = options;
        _retry = new KinesisRetry(options.RetryBaseDelay, options.RetryMaxDelay, options.MaxTransientAttempts, _stats);
    }

    public string Description => "kinesis:" + _options.StreamName;

    /// <summary>
    /// Checks the stream can be read (credentials, endpoint, stream; see <see cref="KinesisStreamCheck"/>) and
    /// returns a source over it that owns <paramref name="client"/>. The client should send each request once
    /// (<c>MaxAttempts = 1</c>): the source retries itself, slowing a shard down when it is throttled.
    /// </summary>
    public static async Task<KinesisRecordSource> OpenAsync(KinesisClient client, KinesisSourceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRecordsPerRead, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxRecordsPerRead, 10_000);
            await KinesisStreamCheck.EnsureUsableAsync(client, options.StreamName, "source", "kinesis:" + options.StreamName, cancellationToken).ConfigureAwait(false);
            return new KinesisRecordSource(client, options);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async ValueTask<SourceBatch> ReadBatchAsync(SourceOffset? after, BatchSettings limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _stats.Reset();
        _expiredShards = 0;
        var start = after is null ? await PinStartAsync(cancellationToken).ConfigureAwait(false) : StartOf(after);
        var positions = await PositionsAfterAsync(after, start, cancellationToken).ConfigureAwait(false);
        var taken = new SortedDictionary<string, List<KinesisRecord>>(ShardIdComparer.Instance);
        var listedForEnds = false;
        long? readUntil = limits.MaxReadTime is { } maxReadTime ? Stopwatch.GetTimestamp() + (long)(maxReadTime.TotalSeconds * Stopwatch.Frequency) : null;
        while (true)
        {
            var ready = positions
                .Where(p => !p.Value.IsEnd && !taken.ContainsKey(p.Key) && ParentsRead(p.Key, positions))
                .Select(p => CursorAt(p.Key, p.Value, mayStartAtLatest: true))
                .ToList();
            if (ready.Count == 0)
            {
                break;
            }

            var reads = await Task.WhenAll(ready.Select(c => c.ReadAsync(limits.MaxRecordsPerShard, limits.MaxBytesPerShard, readUntil, cancellationToken))).ConfigureAwait(false);
            for (var i = 0; i < ready.Count; i++)
            {
                taken[ready[i].ShardId] = reads[i];
                positions[ready[i].ShardId] = ready[i].Position;
            }

            // A shard that ended makes way for its children; if the list does not show them yet, read it again (once per batch).
            if (!listedForEnds && ready.Any(c => c.Position.IsEnd && !HasListedChild(c.ShardId)))
            {
                listedForEnds = true;
                await ListShardsAsync(cancellationToken).ConfigureAwait(false);
                AddListedShards(positions, after, start);
            }
        }

        ForgetShardsNoLongerListed(positions);
        var records = new List<KinesisRecord>(taken.Values.Sum(r => r.Count));
        foreach (var shardRecords in taken.Values)
        {
            records.AddRange(shardRecords);
        }

        return new SourceBatch(records, DataBytes(records), OffsetOf(positions, start), EndOfInput: false, Metrics(positions))
        {
            EndedShards = Ended(positions),
        };
    }

    /// <inheritdoc />
    /// <remarks>Kinesis assigns everything itself (sequence numbers, arrival times); <paramref name="assigned"/> is not used.</remarks>
    public async ValueTask<SourceBatch> ReadRangeAsync(SourceOffset? after, SourceOffset through, IReadOnlyDictionary<string, string>? assigned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(through);
        _stats.Reset();
        _expiredShards = 0;
        var start = StartOf(through);
        var plan = new List<(string ShardId, ShardPosition From, ShardPosition To)>();
        foreach (var id in through.Positions.Keys.Where(k => k != StartingPositionKey).Order(ShardIdComparer.Instance))
        {
            var to = ShardPosition.Parse(through.Positions[id], $"the planned end of shard {id}");
            var from = after is null ? start
                : after.Positions.TryGetValue(id, out var token) ? ShardPosition.Parse(token, $"the planned start of shard {id}")
                : ShardPosition.TrimHorizon;
            if ((from.IsEnd || to.IsStart) && !IsEmptyRange(from, to))
            {
                throw new SparkEtlException(
                    $"The planned batch of Kinesis stream {_options.StreamName} reads shard {id} from {from} to {to}, which is not a range. Was the checkpoint edited?");
            }

            plan.Add((id, from, to));
        }

        var reads = plan.Select(p => IsEmptyRange(p.From, p.To)
            ? Task.FromResult(new List<KinesisRecord>())
            : CursorAt(p.ShardId, p.From, mayStartAtLatest: false).ReadThroughAsync(p.To, cancellationToken)).ToList();
        var positions = plan.ToDictionary(p => p.ShardId, p => p.To, StringComparer.Ordinal);
        var records = new List<KinesisRecord>();
        foreach (var read in reads)
        {
            records.AddRange(await read.ConfigureAwait(false));
        }

        return new SourceBatch(records, DataBytes(records), through, EndOfInput: false, Metrics(positions))
        {
            EndedShards = Ended(positions),
        };
    }

    // Closed shards read to their end: they hold no watermark back any more.
    private static string[] Ended(IReadOnlyDictionary<string, ShardPosition> positions) =>
        [.. positions.Where(p => p.Value.IsEnd).Select(p => p.Key).Order(StringComparer.Ordinal)];

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    // Nothing lies between the two points: no call is needed (and none that could fail).
    private static bool IsEmptyRange(ShardPosition from, ShardPosition to) =>
        from.IsSamePoint(to) || (from.IsStart && to.IsEnd && to.SequenceNumber is null);

    /// <summary>The start of a new query, fixed the first time it is asked for, with the shards the stream had then.</summary>
    private async Task<ShardPosition> PinStartAsync(CancellationToken cancellationToken)
    {
        if (_pinnedStart is { } pinned)
        {
            return pinned;
        }

        // LATEST is pinned as the time of the first plan: read live from a LATEST iterator, and from AT_TIMESTAMP
        // of that time after a restart, so records put in between are not skipped.
        var start = _options.StartingPosition switch
        {
            KinesisStartingPosition.AtTimestamp => ShardPosition.AtTimestamp(_options.StartingTimestampMs),
            KinesisStartingPosition.Latest => ShardPosition.AtTimestamp(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            _ => ShardPosition.TrimHorizon,
        };
        await ListShardsAsync(cancellationToken).ConfigureAwait(false);
        _initialShards = new HashSet<string>(_shards.Keys, StringComparer.Ordinal);
        if (_options.StartingPosition == KinesisStartingPosition.Latest)
        {
            _awaitingLatestIterator.UnionWith(_shards.Values.Where(s => !s.IsClosed).Select(s => s.ShardId));
        }

        _pinnedStart = start;
        return start;
    }

    private ShardPosition StartOf(SourceOffset offset)
    {
        if (!offset.Positions.TryGetValue(StartingPositionKey, out var token))
        {
            throw new SparkEtlException($"The source offset {offset} has no {StartingPositionKey}: it is not a Kinesis offset, so the checkpoint belongs to another source.");
        }

        var start = ShardPosition.Parse(token, $"the {StartingPositionKey} of a checkpointed offset");
        return start.IsStart ? start : throw new SparkEtlException($"The {StartingPositionKey} of a Kinesis offset is trim or at:EPOCH_MS, got \"{token}\".");
    }

    /// <summary>Every shard's position after <paramref name="after"/>, including shards the stream lists that it does not name.</summary>
    private async Task<Dictionary<string, ShardPosition>> PositionsAfterAsync(SourceOffset? after, ShardPosition start, CancellationToken cancellationToken)
    {
        var listed = false;
        if (_listedAt == 0 || Stopwatch.GetElapsedTime(_listedAt) >= _options.ShardDiscoveryInterval)
        {
            await ListShardsAsync(cancellationToken).ConfigureAwait(false);
            listed = true;
        }

        var positions = new Dictionary<string, ShardPosition>(StringComparer.Ordinal);
        foreach (var (key, token) in after?.Positions ?? ImmutableSortedDictionary<string, string>.Empty)
        {
            if (key != StartingPositionKey)
            {
                positions[key] = ShardPosition.Parse(token, $"the checkpointed position of shard {key}");
            }
        }

        // A shard being read that the list does not show: the list may be older than the offset; look again.
        if (!listed && positions.Any(p => !p.Value.IsEnd && !_shards.ContainsKey(p.Key)))
        {
            await ListShardsAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (id, position) in positions.ToList())
        {
            if (!position.IsEnd && !_shards.ContainsKey(id))
            {
                // The stream no longer has it: the retention period trimmed what was left of it. Nothing can be read.
                positions[id] = position.Ended();
                _expiredShards++;
            }
        }

        AddListedShards(positions, after, start);
        return positions;
    }

    /// <summary>Gives each listed shard the offset does not name its first position.</summary>
    private void AddListedShards(Dictionary<string, ShardPosition> positions, SourceOffset? after, ShardPosition start)
    {
        foreach (var shard in _shards.Values)
        {
            if (positions.ContainsKey(shard.ShardId))
            {
                continue;
            }

            // Shards of the first plan start where the query starts (a closed one takes nothing after a LATEST start);
            // shards found later are children, created after the start: all of their records are read.
            positions[shard.ShardId] = after is not null || !_initialShards.Contains(shard.ShardId) ? ShardPosition.TrimHorizon
                : shard.IsClosed && _options.StartingPosition == KinesisStartingPosition.Latest ? start.Ended()
                : start;
        }
    }

    private void ForgetShardsNoLongerListed(Dictionary<string, ShardPosition> positions)
    {
        foreach (var (id, position) in positions.ToList())
        {
            if (position.IsEnd && !_shards.ContainsKey(id))
            {
                positions.Remove(id);
            }
        }

        foreach (var id in _cursors.Keys.Where(id => !positions.TryGetValue(id, out var p) || p.IsEnd).ToList())
        {
            _cursors.Remove(id);
        }
    }

    /// <summary>True when every parent of the shard that the stream still lists was read to its end.</summary>
    private bool ParentsRead(string shardId, Dictionary<string, ShardPosition> positions)
    {
        if (!_shards.TryGetValue(shardId, out var shard))
        {
            return true;
        }

        foreach (var parent in new[] { shard.ParentShardId, shard.AdjacentParentShardId })
        {
            if (parent is not null && positions.TryGetValue(parent, out var position) && !position.IsEnd)
            {
                return false;
            }
        }

        return true;
    }

    private bool HasListedChild(string shardId) =>
        _shards.Values.Any(s => s.ParentShardId == shardId || s.AdjacentParentShardId == shardId);

    private ShardCursor CursorAt(string shardId, ShardPosition position, bool mayStartAtLatest)
    {
        if (_cursors.TryGetValue(shardId, out var cursor) && cursor.Matches(position))
        {
            return cursor;
        }

        // Only the first cursor of a shard of a LATEST start may take a LATEST iterator; later ones go by the pinned time.
        var latest = mayStartAtLatest && position == _pinnedStart && _awaitingLatestIterator.Remove(shardId);
        cursor = new ShardCursor(shardId, position, latest, _client, _options, _stats);
        _cursors[shardId] = cursor;
        return cursor;
    }

    private async Task ListShardsAsync(CancellationToken cancellationToken)
    {
        var shards = await _retry.RunAsync(ct => _client.ListShardsAsync(_options.StreamName, ct), cancellationToken).ConfigureAwait(false);
        _shards = shards.ToDictionary(s => s.ShardId, StringComparer.Ordinal);
        _listedAt = Stopwatch.GetTimestamp();
    }

    private static SourceOffset OffsetOf(Dictionary<string, ShardPosition> positions, ShardPosition start) =>
        new(positions.Select(p => KeyValuePair.Create(p.Key, p.Value.Token)).Append(KeyValuePair.Create(StartingPositionKey, start.Token)));

    private SortedDictionary<string, long> Metrics(Dictionary<string, ShardPosition> positions)
    {
        var metrics = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (id, cursor) in _cursors)
        {
            if (cursor.MillisBehindLatest is { } lag && positions.TryGetValue(id, out var position) && !position.IsEnd)
            {
                metrics["millisBehindLatest." + id] = lag;
            }
        }

        metrics["getRecordsCalls"] = _stats.GetRecordsCalls;
        metrics["throttledRequests"] = _stats.Throttled;
        metrics["expiredIterators"] = _stats.ExpiredIterators;
        metrics["shardsNotEnded"] = positions.Count(p => !p.Value.IsEnd);
        if (_expiredShards > 0)
        {
            metrics["expiredShards"] = _expiredShards;
        }

        return metrics;
    }

    private static long DataBytes(List<KinesisRecord> records)
    {
        long bytes = 0;
        foreach (var record in records)
        {
            bytes += record.Data.Length;
        }

        return bytes;
    }
}
