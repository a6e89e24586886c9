using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources;

/// <summary>The records of one micro-batch, in source order.</summary>
/// <param name="Records">The records; possibly none.</param>
/// <param name="DataBytes">The sum of the records' data lengths.</param>
/// <param name="EndOfInput">True when a bounded source has nothing after these records.</param>
public sealed record SourceBatch(IReadOnlyList<KinesisRecord> Records, long DataBytes, bool EndOfInput);
