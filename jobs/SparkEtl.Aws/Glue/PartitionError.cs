namespace SparkEtl.Aws.Glue;

/// <summary>A partition a batch call could not create (Glue <c>PartitionError</c>).</summary>
public sealed class PartitionError
{
    public IReadOnlyList<string>? PartitionValues { get; init; }

    public ErrorDetail? ErrorDetail { get; init; }
}
