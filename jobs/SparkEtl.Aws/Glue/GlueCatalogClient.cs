using SparkEtl.Aws.Glue.Internal;
using SparkEtl.Aws.Internal;

namespace SparkEtl.Aws.Glue;

/// <summary>
/// A thin client of the AWS Glue Data Catalog API (JSON 1.1, target prefix <c>AWSGlue</c>): databases, tables and
/// partitions, with request bodies shaped exactly as the Glue service model. It holds no table logic: callers pass
/// <see cref="TableInput"/> and <see cref="PartitionInput"/> built from SparkEtl.Core's schemas.
/// </summary>
/// <remarks>
/// The Get operations return null when Glue answers <c>EntityNotFoundException</c>; every other error is an
/// <see cref="AwsServiceException"/> (e.g. <c>AlreadyExistsException</c> from the Create operations).
/// </remarks>
public sealed class GlueCatalogClient : IDisposable
{
    /// <summary>The most partitions one <c>BatchCreatePartition</c> call takes; longer lists are sent in chunks.</summary>
    public const int MaxBatchCreatePartitions = 100;

    private const string EntityNotFound = "EntityNotFoundException";
    private static readonly GlueJsonContext Json = GlueJsonContext.Default;
    private readonly AwsJsonProtocolClient _client;
    private readonly string? _catalogId;

    /// <param name="options">Region, endpoint, credentials and retry settings.</param>
    /// <param name="catalogId">The catalog (an AWS account id) to address; null means the caller's own account.</param>
    /// <param name="handler">The HTTP handler to send through; the client does not dispose it.</param>
    public GlueCatalogClient(AwsClientOptions options, string? catalogId = null, HttpMessageHandler? handler = null)
    {
        _client = new AwsJsonProtocolClient(AwsServiceDescriptor.Glue, options, handler);
        _catalogId = string.IsNullOrEmpty(catalogId) ? null : catalogId;
    }

    /// <summary>The endpoint requests go to, as resolved from the options and the environment.</summary>
    public Uri Endpoint => _client.Endpoint;

    /// <summary>Gets a database (<c>GetDatabase</c>), or null when there is none of that name.</summary>
    public async Task<Database?> GetDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            var response = await _client.SendAsync(
                "GetDatabase",
                new GlueWire.GetDatabaseRequest { CatalogId = _catalogId, Name = name },
                Json.GetDatabaseRequest,
                Json.GetDatabaseResponse,
                cancellationToken).ConfigureAwait(false);
            return response.Database;
        }
        catch (AwsServiceException e) when (e.ErrorCode == EntityNotFound)
        {
            return null;
        }
    }

    /// <summary>Creates a database (<c>CreateDatabase</c>); <c>AlreadyExistsException</c> when it exists.</summary>
    public Task CreateDatabaseAsync(DatabaseInput database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return _client.SendAsync(
            "CreateDatabase",
            new GlueWire.CreateDatabaseRequest { CatalogId = _catalogId, DatabaseInput = database },
            Json.CreateDatabaseRequest,
            Json.EmptyResult,
            cancellationToken);
    }

    /// <summary>Gets a table (<c>GetTable</c>), or null when the database has no table of that name.</summary>
    public async Task<Table?> GetTableAsync(string databaseName, string tableName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        try
        {
            var response = await _client.SendAsync(
                "GetTable",
                new GlueWire.GetTableRequest { CatalogId = _catalogId, DatabaseName = databaseName, Name = tableName },
                Json.GetTableRequest,
                Json.GetTableResponse,
                cancellationToken).ConfigureAwait(false);
            return response.Table;
        }
        catch (AwsServiceException e) when (e.ErrorCode == EntityNotFound)
        {
            return null;
        }
    }

    /// <summary>Creates a table (<c>CreateTable</c>); <c>AlreadyExistsException</c> when it exists.</summary>
    public Task CreateTableAsync(string databaseName, TableInput table, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        ArgumentNullException.ThrowIfNull(table);
        return _client.SendAsync(
            "CreateTable",
            new GlueWire.CreateTableRequest { CatalogId = _catalogId, DatabaseName = databaseName, TableInput = table },
            Json.CreateTableRequest,
            Json.EmptyResult,
            cancellationToken);
    }

    /// <summary>Replaces a table's definition (<c>UpdateTable</c>); the table named by <see cref="TableInput.Name"/> must exist.</summary>
    public Task UpdateTableAsync(string databaseName, TableInput table, CancellationToken cancellationToken) =>
        UpdateTableAsync(databaseName, table, versionId: null, cancellationToken);

    /// <summary>
    /// Replaces a table's definition (<c>UpdateTable</c>) only if the table is still at <paramref name="versionId"/>
    /// (the <see cref="Table.VersionId"/> it was read with): Glue answers <c>ConcurrentModificationException</c> when
    /// another update came first. Null updates whatever the version.
    /// </summary>
    public Task UpdateTableAsync(string databaseName, TableInput table, string? versionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        ArgumentNullException.ThrowIfNull(table);
        return _client.SendAsync(
            "UpdateTable",
            new GlueWire.UpdateTableRequest { CatalogId = _catalogId, DatabaseName = databaseName, TableInput = table, VersionId = versionId },
            Json.UpdateTableRequest,
            Json.EmptyResult,
            cancellationToken);
    }

    /// <summary>Deletes a table (<c>DeleteTable</c>) with its partitions (the data stays where it is).</summary>
    public Task DeleteTableAsync(string databaseName, string tableName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        return _client.SendAsync(
            "DeleteTable",
            new GlueWire.DeleteTableRequest { CatalogId = _catalogId, DatabaseName = databaseName, Name = tableName },
            Json.DeleteTableRequest,
            Json.EmptyResult,
            cancellationToken);
    }

    /// <summary>Gets one partition by its values (<c>GetPartition</c>), or null when it does not exist.</summary>
    public async Task<Partition?> GetPartitionAsync(string databaseName, string tableName, IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        ArgumentNullException.ThrowIfNull(values);
        try
        {
            var response = await _client.SendAsync(
                "GetPartition",
                new GlueWire.GetPartitionRequest { CatalogId = _catalogId, DatabaseName = databaseName, TableName = tableName, PartitionValues = values },
                Json.GetPartitionRequest,
                Json.GetPartitionResponse,
                cancellationToken).ConfigureAwait(false);
            return response.Partition;
        }
        catch (AwsServiceException e) when (e.ErrorCode == EntityNotFound)
        {
            return null;
        }
    }

    /// <summary>Creates one partition (<c>CreatePartition</c>); <c>AlreadyExistsException</c> when it exists.</summary>
    public Task CreatePartitionAsync(string databaseName, string tableName, PartitionInput partition, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        ArgumentNullException.ThrowIfNull(partition);
        return _client.SendAsync(
            "CreatePartition",
            new GlueWire.CreatePartitionRequest { CatalogId = _catalogId, DatabaseName = databaseName, TableName = tableName, PartitionInput = partition },
            Json.CreatePartitionRequest,
            Json.EmptyResult,
            cancellationToken);
    }

    /// <summary>
    /// Creates partitions (<c>BatchCreatePartition</c>, in chunks of <see cref="MaxBatchCreatePartitions"/>). Glue
    /// reports per-partition failures instead of failing the call: they are returned, e.g. <c>AlreadyExistsException</c>
    /// for a partition registered by an earlier, replayed batch.
    /// </summary>
    public async Task<IReadOnlyList<PartitionError>> BatchCreatePartitionAsync(
        string databaseName,
        string tableName,
        IReadOnlyList<PartitionInput> partitions,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        ArgumentNullException.ThrowIfNull(partitions);
        var errors = new List<PartitionError>();
        for (var start = 0; start < partitions.Count; start += MaxBatchCreatePartitions)
        {
            var chunk = new PartitionInput[Math.Min(MaxBatchCreatePartitions, partitions.Count - start)];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = partitions[start + i];
            }

            var response = await _client.SendAsync(
                "BatchCreatePartition",
                new GlueWire.BatchCreatePartitionRequest { CatalogId = _catalogId, DatabaseName = databaseName, TableName = tableName, PartitionInputList = chunk },
                Json.BatchCreatePartitionRequest,
                Json.BatchCreatePartitionResponse,
                cancellationToken).ConfigureAwait(false);
            if (response.Errors is not null)
            {
                errors.AddRange(response.Errors);
            }
        }

        return errors;
    }

    /// <summary>
    /// Lists a table's partitions (<c>GetPartitions</c>), optionally filtered by a partition predicate such as
    /// <c>dt &gt;= '2023-11-14'</c>, following <c>NextToken</c> across pages.
    /// </summary>
    public async Task<IReadOnlyList<Partition>> GetPartitionsAsync(string databaseName, string tableName, string? expression, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        var partitions = new List<Partition>();
        string? nextToken = null;
        do
        {
            var page = await _client.SendAsync(
                "GetPartitions",
                new GlueWire.GetPartitionsRequest { CatalogId = _catalogId, DatabaseName = databaseName, TableName = tableName, Expression = expression, NextToken = nextToken },
                Json.GetPartitionsRequest,
                Json.GetPartitionsResponse,
                cancellationToken).ConfigureAwait(false);
            if (page.Partitions is not null)
            {
                partitions.AddRange(page.Partitions);
            }

            nextToken = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (nextToken is not null);

        return partitions;
    }

    public void Dispose() => _client.Dispose();
}
