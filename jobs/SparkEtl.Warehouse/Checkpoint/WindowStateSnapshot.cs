using SparkEtl.Core.Aggregation;

namespace SparkEtl.Warehouse.Checkpoint;

/// <summary>The open windows, the watermark in force and each shard's part in it, after a batch.</summary>
public sealed record WindowStateSnapshot(long WatermarkMs, IReadOnlyList<WindowState> Windows)
{
    /// <summary>Each shard's latest event time and activity, from which the next watermark is computed.</summary>
    public IReadOnlyList<ShardWatermark> Shards { get; init; } = [];
}
