namespace SparkEtl.Aws.Glue;

/// <summary>Where and how a table's or partition's data is stored (Glue <c>StorageDescriptor</c>).</summary>
public sealed class StorageDescriptor
{
    public IReadOnlyList<Column>? Columns { get; init; }

    /// <summary>The data's location, e.g. <c>s3://bucket/warehouse/trades/</c>.</summary>
    public string? Location { get; init; }

    /// <summary>The Hadoop input format class, e.g. <c>org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat</c>.</summary>
    public string? InputFormat { get; init; }

    /// <summary>The Hadoop output format class, e.g. <c>org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat</c>.</summary>
    public string? OutputFormat { get; init; }

    public bool? Compressed { get; init; }

    public int? NumberOfBuckets { get; init; }

    public SerDeInfo? SerdeInfo { get; init; }

    public IReadOnlyList<string>? BucketColumns { get; init; }

    public IReadOnlyList<Order>? SortColumns { get; init; }

    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    public bool? StoredAsSubDirectories { get; init; }
}
