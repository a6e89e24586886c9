namespace SparkEtl.Core.Aggregation;

/// <summary>
/// The query's event-time watermark, kept per shard as Flink's Kinesis source keeps it: each shard's watermark is its
/// latest event time minus the delay, and the query's watermark is the least of them over the shards that are active.
/// A shard with no trades for the idle timeout (in processing time), and a shard that has ended, stop holding it back.
/// So a shard that lags never makes its own trades late, and one that runs ahead never makes the others' late.
/// </summary>
/// <remarks>
/// The watermark is fixed during a micro-batch and moves at its end (<see cref="EndBatch"/>); it never moves back. A shard
/// takes part from its first trade on. When every shard is idle or ended, nothing holds the watermark back and it moves to
/// the latest shard watermark, so windows close when producers stop. Idleness is judged with batch times, which the
/// checkpoint records, so a replayed batch moves the watermark exactly as the first attempt did. Event times reach the
/// tracker only after the event-time bound (<c>event.maxFutureSkew</c>, 1970-9999), so no single clock can poison it.
/// </remarks>
public sealed class WatermarkTracker
{
    private readonly SortedDictionary<string, ShardWatermark> _shards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _maxThisBatch = new(StringComparer.Ordinal);

    /// <param name="delayMs">How far a shard's watermark trails its latest event time; zero or more.</param>
    /// <param name="idleTimeoutMs">Processing time without trades after which a shard stops holding the watermark back; positive.</param>
    public WatermarkTracker(long delayMs, long idleTimeoutMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delayMs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(idleTimeoutMs);
        DelayMs = delayMs;
        IdleTimeoutMs = idleTimeoutMs;
    }

    public long DelayMs { get; }

    public long IdleTimeoutMs { get; }

    /// <summary>The watermark in force, epoch ms; <see cref="long.MinValue"/> before any trade, <see cref="long.MaxValue"/> after a bounded input ended.</summary>
    public long WatermarkMs { get; private set; } = long.MinValue;

    /// <summary>The shards seen so far, by shard id.</summary>
    public IReadOnlyCollection<ShardWatermark> Shards => _shards.Values;

    /// <summary>One shard's watermark (its latest event time minus the delay), or <see cref="long.MinValue"/>.</summary>
    public long WatermarkOf(ShardWatermark shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return shard.MaxEventTimeMs == long.MinValue ? long.MinValue : shard.MaxEventTimeMs - DelayMs;
    }

    /// <summary>True when <paramref name="shard"/> holds the watermark back at <paramref name="batchTimeMs"/>: it has not ended and is not idle.</summary>
    public bool IsActive(ShardWatermark shard, long batchTimeMs)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return !shard.Ended && batchTimeMs - shard.LastActiveMs < IdleTimeoutMs;
    }

    /// <summary>Notes a valid trade of <paramref name="shardId"/> at <paramref name="eventTimeMs"/> in the current batch.</summary>
    public void Observe(string shardId, long eventTimeMs)
    {
        if (!_maxThisBatch.TryGetValue(shardId, out var max) || eventTimeMs > max)
        {
            _maxThisBatch[shardId] = eventTimeMs;
        }
    }

    /// <summary>
    /// Ends a micro-batch that ran at <paramref name="batchTimeMs"/>: folds its trades into the shards, marks
    /// <paramref name="endedShards"/> ended, and moves the watermark to the least watermark of the active shards
    /// (never back). Returns the new watermark.
    /// </summary>
    public long EndBatch(long batchTimeMs, IReadOnlyCollection<string>? endedShards = null)
    {
        foreach (var (shardId, max) in _maxThisBatch)
        {
            _shards[shardId] = _shards.TryGetValue(shardId, out var shard)
                ? shard with { MaxEventTimeMs = Math.Max(shard.MaxEventTimeMs, max), LastActiveMs = batchTimeMs }
                : new ShardWatermark(shardId, max, batchTimeMs, Ended: false);
        }

        _maxThisBatch.Clear();
        foreach (var shardId in endedShards ?? [])
        {
            if (_shards.TryGetValue(shardId, out var shard) && !shard.Ended)
            {
                _shards[shardId] = shard with { Ended = true };
            }
        }

        var candidate = Candidate(batchTimeMs, ended: null);
        if (candidate > WatermarkMs)
        {
            WatermarkMs = candidate;
        }

        return WatermarkMs;
    }

    /// <summary>
    /// The watermark a batch at <paramref name="batchTimeMs"/> with no trades would move to, without moving it: tells
    /// whether shards that went idle (or <paramref name="endedShards"/>) now let windows close.
    /// </summary>
    public long WatermarkAt(long batchTimeMs, IReadOnlyCollection<string>? endedShards = null) =>
        Math.Max(WatermarkMs, Candidate(batchTimeMs, endedShards));

    // The least watermark of the active shards; when none is active, nothing holds it back: the greatest.
    private long Candidate(long batchTimeMs, IReadOnlyCollection<string>? ended)
    {
        long least = long.MaxValue, greatest = long.MinValue;
        var anyActive = false;
        foreach (var shard in _shards.Values)
        {
            var watermark = WatermarkOf(shard);
            greatest = Math.Max(greatest, watermark);
            if (IsActive(shard, batchTimeMs) && ended?.Contains(shard.ShardId) != true)
            {
                anyActive = true;
                least = Math.Min(least, watermark);
            }
        }

        return anyActive ? least : greatest;
    }

    /// <summary>Ends a bounded input: the watermark goes to +infinity, so every window closes.</summary>
    public void EndInput() => WatermarkMs = long.MaxValue;

    /// <summary>Replaces all state with a checkpointed one.</summary>
    public void Restore(long watermarkMs, IEnumerable<ShardWatermark> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        _shards.Clear();
        _maxThisBatch.Clear();
        foreach (var shard in shards)
        {
            _shards[shard.ShardId] = shard;
        }

        WatermarkMs = watermarkMs;
    }
}
