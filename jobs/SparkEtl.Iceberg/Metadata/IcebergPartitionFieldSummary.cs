namespace SparkEtl.Iceberg.Metadata;

/// <summary>A manifest's summary of one partition field: nulls present, and bounds in single-value serialization.</summary>
public sealed record IcebergPartitionFieldSummary(bool ContainsNull, bool? ContainsNan, byte[]? LowerBound, byte[]? UpperBound);
