namespace SparkEtl.Aws.Glue;

/// <summary>A partition to create (Glue <c>PartitionInput</c>): its values, in partition-key order, and where its data is.</summary>
public sealed class PartitionInput
{
    /// <summary>One value per partition key of the table, in order, e.g. <c>["2023-11-14"]</c> for <c>dt</c>.</summary>
    public required IReadOnlyList<string> Values { get; init; }

    public StorageDescriptor? StorageDescriptor { get; init; }

    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}
