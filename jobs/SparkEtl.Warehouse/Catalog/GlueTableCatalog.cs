using SparkEtl.Aws;
using SparkEtl.Aws.Glue;
using SparkEtl.Core;
using SparkEtl.Core.Tables;

namespace SparkEtl.Warehouse.Catalog;

/// <summary>
/// The tables in the AWS Glue Data Catalog, as Athena reads them. With partition projection the table
/// properties describe every <c>dt</c> partition and nothing is registered per batch; otherwise each new
/// partition is created with BatchCreatePartition (one that exists already is left as it is).
/// </summary>
public sealed class GlueTableCatalog : ITableCatalog
{
    private readonly GlueCatalogClient _glue;
    private readonly string _database;
    private readonly string _warehouse;
    private readonly string? _projectionStartDay;

    /// <param name="projectionStartDay">The first projected day for partition projection, or null to register partitions.</param>
    public GlueTableCatalog(GlueCatalogClient glue, string database, string warehouse, string? projectionStartDay)
    {
        _glue = glue;
        _database = database;
        _warehouse = warehouse;
        _projectionStartDay = projectionStartDay;
    }

    public string Description => $"Glue database {_database} at {_glue.Endpoint}";

    public async Task<IReadOnlyList<string>> EnsureTablesAsync(IReadOnlyList<TableDefinition> tables, CancellationToken cancellationToken)
    {
        var done = new List<string>();
        if (await _glue.GetDatabaseAsync(_database, cancellationToken).ConfigureAwait(false) is null)
        {
            await _glue.CreateDatabaseAsync(new DatabaseInput { Name = _database, Description = "SparkEtl tables: trades, OHLC bars and errors." }, cancellationToken).ConfigureAwait(false);
            done.Add($"created database {_database}");
        }

        foreach (var table in tables)
        {
            var input = GlueTableInputs.Table(table, TableLocations.Table(_warehouse, table.Name), _projectionStartDay);
            if (await _glue.GetTableAsync(_database, table.Name, cancellationToken).ConfigureAwait(false) is null)
            {
                await _glue.CreateTableAsync(_database, input, cancellationToken).ConfigureAwait(false);
                done.Add($"created table {_database}.{table.Name}");
            }
            else
            {
                await _glue.UpdateTableAsync(_database, input, cancellationToken).ConfigureAwait(false);
                done.Add($"updated table {_database}.{table.Name}");
            }
        }

        return done;
    }

    public async Task AddPartitionsAsync(TableDefinition table, IReadOnlyCollection<string> partitionValues, CancellationToken cancellationToken)
    {
        if (_projectionStartDay is not null || partitionValues.Count == 0)
        {
            return;
        }

        var location = TableLocations.Table(_warehouse, table.Name);
        var errors = await _glue.BatchCreatePartitionAsync(_database, table.Name,
            [.. partitionValues.Order(StringComparer.Ordinal).Select(v => GlueTableInputs.Partition(table, location, v))], cancellationToken).ConfigureAwait(false);

        // A partition a replayed or earlier batch created is already what it should be.
        var failed = errors.Where(e => e.ErrorDetail?.ErrorCode != "AlreadyExistsException").ToList();
        if (failed.Count > 0)
        {
            var first = failed[0];
            throw new SparkEtlException(
                $"Glue did not create {failed.Count} partition(s) of {_database}.{table.Name}, e.g. {string.Join(",", first.PartitionValues ?? [])}: {first.ErrorDetail?.ErrorCode} {first.ErrorDetail?.ErrorMessage}",
                isTransient: failed.All(e => e.ErrorDetail?.ErrorCode is "InternalServiceException" or "OperationTimeoutException" or "ThrottlingException"));
        }
    }

    public void Dispose() => _glue.Dispose();
}
