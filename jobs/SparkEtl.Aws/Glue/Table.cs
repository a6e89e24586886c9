using System.Text.Json.Serialization;
using SparkEtl.Aws.Internal;

namespace SparkEtl.Aws.Glue;

/// <summary>A table as Glue returns it (Glue <c>Table</c>): the definition plus catalog bookkeeping.</summary>
public sealed class Table
{
    public required string Name { get; init; }

    public string? DatabaseName { get; init; }

    public string? Description { get; init; }

    public string? Owner { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreateTime { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? UpdateTime { get; init; }

    public int? Retention { get; init; }

    public StorageDescriptor? StorageDescriptor { get; init; }

    public IReadOnlyList<Column>? PartitionKeys { get; init; }

    public string? ViewOriginalText { get; init; }

    public string? ViewExpandedText { get; init; }

    public string? TableType { get; init; }

    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    public string? CreatedBy { get; init; }

    public string? CatalogId { get; init; }

    /// <summary>The table version Glue keeps for optimistic updates.</summary>
    public string? VersionId { get; init; }
}
