using SparkEtl.Core.Aggregation;

namespace SparkEtl.Runner.Checkpoint;

/// <summary><c>state/N</c>: the open windows, watermark and latest event time after batch N.</summary>
public sealed record WindowStateSnapshot(long WatermarkMs, long MaxEventTimeMs, IReadOnlyList<WindowState> Windows);
