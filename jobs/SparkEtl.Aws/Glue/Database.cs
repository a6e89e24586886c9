using System.Text.Json.Serialization;
using SparkEtl.Aws.Internal;

namespace SparkEtl.Aws.Glue;

/// <summary>A database as Glue returns it (Glue <c>Database</c>).</summary>
public sealed class Database
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public string? LocationUri { get; init; }

    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreateTime { get; init; }

    public string? CatalogId { get; init; }
}
