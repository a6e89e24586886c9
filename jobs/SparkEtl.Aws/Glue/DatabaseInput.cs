namespace SparkEtl.Aws.Glue;

/// <summary>A database to create (Glue <c>DatabaseInput</c>).</summary>
public sealed class DatabaseInput
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public string? LocationUri { get; init; }

    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}
