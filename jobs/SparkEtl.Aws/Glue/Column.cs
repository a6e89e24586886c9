namespace SparkEtl.Aws.Glue;

/// <summary>A column of a Glue table or a partition key (Glue <c>Column</c>): a name and a Hive type such as <c>double</c> or <c>timestamp</c>.</summary>
public sealed class Column
{
    public required string Name { get; init; }

    /// <summary>The Hive type name, e.g. <c>string</c>, <c>bigint</c>, <c>timestamp</c>.</summary>
    public string? Type { get; init; }

    public string? Comment { get; init; }

    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}
