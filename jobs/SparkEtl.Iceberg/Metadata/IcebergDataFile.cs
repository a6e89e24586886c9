namespace SparkEtl.Iceberg.Metadata;

/// <summary>
/// A data file as a manifest lists it (Iceberg spec, "Data File Fields"): where it is, its partition tuple and the
/// metrics scans prune with. Maps are keyed by schema field id; bounds are in Iceberg's single-value serialization.
/// </summary>
/// <param name="FilePath">The file's full location with its scheme, e.g. <c>s3://bucket/warehouse/trades/data/event_time_day=2023-11-14/part-00000042-000.snappy.parquet</c>.</param>
/// <param name="Partition">One value per field of the partition spec, in spec order (days since 1970-01-01 for <c>day</c>).</param>
/// <param name="RecordCount">Rows in the file.</param>
/// <param name="FileSizeInBytes">The file's size.</param>
public sealed record IcebergDataFile(string FilePath, IReadOnlyList<int?> Partition, long RecordCount, long FileSizeInBytes)
{
    /// <summary>Always <c>PARQUET</c> for what SparkEtl writes.</summary>
    public string FileFormat { get; init; } = "PARQUET";

    /// <summary>The id of the partition spec the partition tuple follows.</summary>
    public int SpecId { get; init; }

    public IReadOnlyDictionary<int, long>? ColumnSizes { get; init; }

    public IReadOnlyDictionary<int, long>? ValueCounts { get; init; }

    public IReadOnlyDictionary<int, long>? NullValueCounts { get; init; }

    public IReadOnlyDictionary<int, long>? NanValueCounts { get; init; }

    public IReadOnlyDictionary<int, byte[]>? LowerBounds { get; init; }

    public IReadOnlyDictionary<int, byte[]>? UpperBounds { get; init; }

    /// <summary>Row group offsets, ascending, for split planning.</summary>
    public IReadOnlyList<long>? SplitOffsets { get; init; }
}
