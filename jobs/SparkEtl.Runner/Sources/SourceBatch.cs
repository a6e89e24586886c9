using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources;

/// <summary>The records of one micro-batch, in source order, and where the source stands after them.</summary>
/// <param name="Records">The records; possibly none.</param>
/// <param name="DataBytes">The sum of the records' data lengths.</param>
/// <param name="End">The offset after the last record (equal to the start when there are none).</param>
/// <param name="EndOfInput">True when a bounded source has nothing after these records.</param>
/// <param name="Metrics">Source-specific numbers for the progress record, e.g. <c>millisBehindLatest.shardId-000000000001</c>; null when none.</param>
public sealed record SourceBatch(IReadOnlyList<KinesisRecord> Records, long DataBytes, SourceOffset End, bool EndOfInput, IReadOnlyDictionary<string, long>? Metrics = null);
