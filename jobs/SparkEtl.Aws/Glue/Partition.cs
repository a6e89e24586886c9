using System.Text.Json.Serialization;
using SparkEtl.Aws.Internal;

namespace SparkEtl.Aws.Glue;

/// <summary>A partition as Glue returns it (Glue <c>Partition</c>).</summary>
public sealed class Partition
{
    public IReadOnlyList<string>? Values { get; init; }

    public string? DatabaseName { get; init; }

    public string? TableName { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreationTime { get; init; }

    public StorageDescriptor? StorageDescriptor { get; init; }

    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    public string? CatalogId { get; init; }
}
