namespace SparkEtl.Spark.Plan;

/// <summary>What a batch did to one Iceberg table, and the snapshot that holds its rows (null with <see cref="IcebergAppendOutcome.NoRows"/>).</summary>
public sealed record IcebergTableAppend(string Table, IcebergAppendOutcome Outcome, IcebergBatchSnapshot? Snapshot);
