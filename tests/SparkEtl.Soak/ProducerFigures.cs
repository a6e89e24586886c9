namespace SparkEtl.Soak;

/// <summary>What the producer put on the stream through the Kinesis proxy.</summary>
public sealed record ProducerFigures
{
    /// <summary>Kinesis records acknowledged (sentinels included).</summary>
    public long KinesisRecords { get; init; }

    /// <summary>Valid ticker records (trades) made, sentinels left out.</summary>
    public long Trades { get; init; }

    /// <summary>Ticker records and whole Kinesis records malformed on purpose (each must be one row in <c>errors</c>).</summary>
    public long Malformed { get; init; }

    /// <summary>Control messages and Lambda platform lines (each must leave no row).</summary>
    public long Dropped { get; init; }

    /// <summary>Sentinel trades put at the end, one per shard, to close the last windows.</summary>
    public long Sentinels { get; init; }

    /// <summary>PutRecords calls answered.</summary>
    public long Calls { get; init; }

    /// <summary>Calls that failed after the client's retries and were made again with the same records.</summary>
    public long CallsRepeated { get; init; }

    /// <summary>Entries refused in answered calls and put again.</summary>
    public long EntriesRefused { get; init; }
}
