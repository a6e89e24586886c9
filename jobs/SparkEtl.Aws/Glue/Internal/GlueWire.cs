namespace SparkEtl.Aws.Glue.Internal;

/// <summary>
/// Request and response bodies of the Glue Data Catalog operations SparkEtl calls (botocore
/// <c>glue/2017-03-31/service-2.json</c>), member names as the model spells them.
/// </summary>
internal static class GlueWire
{
    public sealed class GetDatabaseRequest
    {
        public string? CatalogId { get; init; }

        public required string Name { get; init; }
    }

    public sealed class GetDatabaseResponse
    {
        public Database? Database { get; init; }
    }

    public sealed class CreateDatabaseRequest
    {
        public string? CatalogId { get; init; }

        public required DatabaseInput DatabaseInput { get; init; }
    }

    public sealed class GetTableRequest
    {
        public string? CatalogId { get; init; }

        public required string DatabaseName { get; init; }

        public required string Name { get; init; }
    }

    public sealed class GetTableResponse
    {
        public Table? Table { get; init; }
    }

    public sealed class CreateTableRequest
    {
        public string? CatalogId { get; init; }

        public required string DatabaseName { get; init; }

        public required TableInput TableInput { get; init; }
    }

    public sealed class UpdateTableRequest
    {
        public string? CatalogId { get; init; }

        public required string DatabaseName { get; init; }

        public required TableInput TableInput { get; init; }

        public bool? SkipArchive { get; init; }

        /// <summary>The table version the update is based on; Glue refuses the update when the table has moved on.</summary>
        public string? VersionId { get; init; }
    }

    public sealed class DeleteTableRequest
    {
        public string? CatalogId { get; init; }

        public required string DatabaseName { get; init; }

        public required string Name { get; init; }
    }

    public sealed class GetPartitionRequest
    {
        public string? CatalogId { get; init; }

        public required string DatabaseName { get; init; }

        public required string TableName { get; init; }

        public required IReadOnlyList<string> PartitionValues { get; init; }
    }

    public sealed class GetPartitionResponse
    {
        public Partition? Partition { get; init; }
    }

    public sealed class CreatePartitionRequest
    {
        public string? CatalogId { get; init; }

        public required string DatabaseName { get; init; }

        public required string TableName { get; init; }

        public required PartitionInput PartitionInput { get; init; }
    }

    public sealed class BatchCreatePartitionRequest
    {
        public string? CatalogId { get; init; }

        public required string DatabaseName { get; init; }

        public required string TableName { get; init; }

        public required IReadOnlyList<PartitionInput> PartitionInputList { get; init; }
    }

    public sealed class BatchCreatePartitionResponse
    {
        public List<PartitionError>? Errors { get; init; }
    }

    public sealed class GetPartitionsRequest
    {
        public string? CatalogId { get; init; }

        public required string DatabaseName { get; init; }

        public required string TableName { get; init; }

        public string? Expression { get; init; }

        public string? NextToken { get; init; }

        public int? MaxResults { get; init; }
    }

    public sealed class GetPartitionsResponse
    {
        public List<Partition>? Partitions { get; init; }

        public string? NextToken { get; init; }
    }
}
