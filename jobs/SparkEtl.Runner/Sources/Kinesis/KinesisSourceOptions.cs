using SparkEtl.Core.Configuration;

namespace SparkEtl.Runner.Sources.Kinesis;

/// <summary>How the Kinesis source reads a stream. The defaults follow the Kinesis limits of a provisioned shard.</summary>
public sealed record KinesisSourceOptions
{
    /// <summary>The stream to read.</summary>
    public required string StreamName { get; init; }

    /// <summary>Where a new query starts (a query resumed from a checkpoint starts where the checkpoint says).</summary>
    public KinesisStartingPosition StartingPosition { get; init; } = KinesisStartingPosition.TrimHorizon;

    /// <summary>For <see cref="KinesisStartingPosition.AtTimestamp"/>: the arrival time to start at, epoch milliseconds.</summary>
    public long StartingTimestampMs { get; init; }

    /// <summary>The GetRecords <c>Limit</c> (default 10,000, the API's maximum).</summary>
    public int MaxRecordsPerRead { get; init; } = 10_000;

    /// <summary>
    /// The shortest time between two GetRecords calls on one shard (default 200 ms: Kinesis allows 5 calls per second per shard).
    /// </summary>
    public TimeSpan MinReadInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The read rate kept per shard, in bytes per second (default 2 MiB, the shard's limit): after a call returned
    /// B bytes, the next waits at least B / this.
    /// </summary>
    public long MaxReadBytesPerSecond { get; init; } = 2L << 20;

    /// <summary>How often the shard list is read again to find new shards while running (default 10 s).</summary>
    public TimeSpan ShardDiscoveryInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The base of the exponential backoff after a throttled or failed call (default 100 ms).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The cap of one backoff wait (default 5 s).</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Attempts of one call that fails with transient errors other than throttling (default 8). Throttling
    /// (<c>ProvisionedThroughputExceededException</c>, <c>LimitExceededException</c>) is waited out however long it lasts.
    /// </summary>
    public int MaxTransientAttempts { get; init; } = 8;

    /// <summary>The options a run's settings give: the stream of <c>source</c> and the <c>kinesis.*</c> settings.</summary>
    public static KinesisSourceOptions From(EtlSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new KinesisSourceOptions
        {
            StreamName = settings.Source.Location,
            StartingPosition = settings.Kinesis.StartingPosition,
            StartingTimestampMs = settings.Kinesis.StartingTimestampMs,
            MaxRecordsPerRead = settings.Kinesis.MaxRecordsPerRead,
        };
    }
}
