namespace SparkEtl.Aws.Glue;

/// <summary>How rows are (de)serialized (Glue <c>SerDeInfo</c>), e.g. the Parquet Hive SerDe.</summary>
public sealed class SerDeInfo
{
    public string? Name { get; init; }

    /// <summary>The SerDe class, e.g. <c>org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe</c>.</summary>
    public string? SerializationLibrary { get; init; }

    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}
