namespace SparkEtl.Iceberg.Metadata;

/// <summary>One field of a partition spec (Iceberg spec, "Partitioning").</summary>
/// <param name="SourceId">The schema field the value is derived from.</param>
/// <param name="FieldId">The partition field's id (from 1000), which the manifests' partition struct uses.</param>
/// <param name="Name">The partition field's name, e.g. <c>event_time_day</c>.</param>
/// <param name="Transform">The transform: <c>day</c> or <c>identity</c> (the only ones SparkEtl writes).</param>
public sealed record IcebergPartitionField(int SourceId, int FieldId, string Name, string Transform);
