using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources;

/// <summary>A record of a sequential source and the position right after it.</summary>
public readonly record struct PositionedRecord(KinesisRecord Record, SequentialPosition Next);
