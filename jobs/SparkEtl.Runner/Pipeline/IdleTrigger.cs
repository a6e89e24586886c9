namespace SparkEtl.Runner.Pipeline;

/// <summary>A trigger that ran no batch: nothing new to read, and no open window the watermark could close.</summary>
/// <param name="NextBatchId">The id the next batch will get.</param>
/// <param name="WatermarkMs">The watermark in force, epoch ms (<see cref="long.MinValue"/> before any trade).</param>
/// <param name="OpenWindows">Windows waiting for the watermark to pass their end.</param>
/// <param name="IdleFor">Processing time since the last batch ended (or the query started).</param>
/// <param name="Timestamp">When the trigger fired.</param>
/// <param name="Metrics">What the source reported for the empty read (Kinesis: <c>millisBehindLatest.SHARD</c>); null when nothing.</param>
public sealed record IdleTrigger(long NextBatchId, long WatermarkMs, int OpenWindows, TimeSpan IdleFor, DateTimeOffset Timestamp, IReadOnlyDictionary<string, long>? Metrics);
