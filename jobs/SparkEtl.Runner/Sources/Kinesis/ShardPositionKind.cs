namespace SparkEtl.Runner.Sources.Kinesis;

/// <summary>What a <see cref="ShardPosition"/> says about a shard.</summary>
public enum ShardPositionKind
{
    /// <summary><c>trim</c>: nothing read; start at the oldest record.</summary>
    TrimHorizon,

    /// <summary><c>at:EPOCH_MS</c>: nothing read; start at a record arrival time.</summary>
    AtTimestamp,

    /// <summary><c>seq:N</c>: record N was the last one read.</summary>
    After,

    /// <summary><c>end:[N]</c>: the closed shard was read to its end.</summary>
    End,
}
