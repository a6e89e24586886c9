namespace SparkEtl.Aws.Glue;

/// <summary>A table definition to create or update (Glue <c>TableInput</c>); SparkEtl.Core's table schemas build it.</summary>
public sealed class TableInput
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public string? Owner { get; init; }

    /// <summary>Retention in days (0 or more).</summary>
    public int? Retention { get; init; }

    public StorageDescriptor? StorageDescriptor { get; init; }

    /// <summary>The Hive partition columns, e.g. <c>dt</c> of type <c>string</c>.</summary>
    public IReadOnlyList<Column>? PartitionKeys { get; init; }

    public string? ViewOriginalText { get; init; }

    public string? ViewExpandedText { get; init; }

    /// <summary><c>EXTERNAL_TABLE</c> for data SparkEtl writes to S3 (Athena's convention), or <c>VIRTUAL_VIEW</c>.</summary>
    public string? TableType { get; init; }

    /// <summary>Table properties, e.g. <c>classification=parquet</c>, <c>parquet.compression=SNAPPY</c>.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}
