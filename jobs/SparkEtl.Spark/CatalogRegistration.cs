using SparkEtl.Aws.Glue;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Tables;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark;

/// <summary>
/// Registers the tables and the partitions a batch wrote in the Glue Data Catalog (<c>catalog.database</c>) with
/// SparkEtl.Aws's Glue client and <see cref="GlueTableInputs"/>, the same catalog code and table definitions as the
/// embedded engine: database and tables once (created when missing), then partitions per batch as
/// <see cref="SparkJobCatalog"/> says (<c>AlreadyExistsException</c> from a replayed batch is expected).
/// </summary>
internal sealed class CatalogRegistration(GlueCatalogClient glue, EtlSettings settings)
{
    private readonly SparkJobCatalog _mode = SparkJobCatalog.For(settings.Catalog);
    private readonly HashSet<string> _tablesReady = new(StringComparer.Ordinal);
    private readonly HashSet<(string Table, string Partition)> _registered = [];
    private bool _databaseReady;

    public async Task RegisterAsync(IReadOnlyList<WrittenFile> files, CancellationToken cancellationToken)
    {
        if (!_mode.CreateTables)
        {
            return;
        }

        foreach (var table in files.GroupBy(f => f.Table))
        {
            var definition = Definition(table.Key);
            await EnsureTableAsync(definition, cancellationToken).ConfigureAwait(false);
            if (!_mode.RegisterPartitions)
            {
                continue;
            }

            var partitions = table.Select(f => f.Partition).Distinct(StringComparer.Ordinal)
                .Where(p => !_registered.Contains((table.Key, p)))
                .Select(p => GlueTableInputs.Partition(definition, TableLocation(definition), p))
                .ToList();
            var errors = await glue.BatchCreatePartitionAsync(settings.Database, table.Key, partitions, cancellationToken).ConfigureAwait(false);
            var failed = errors.Where(e => e.ErrorDetail?.ErrorCode != "AlreadyExistsException").ToList();
            if (failed.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Glue refused partitions of {settings.Database}.{table.Key}: {string.Join("; ", failed.Select(e => $"{string.Join(",", e.PartitionValues ?? [])}: {e.ErrorDetail?.ErrorCode} {e.ErrorDetail?.ErrorMessage}"))}");
            }

            foreach (var partition in partitions)
            {
                _registered.Add((table.Key, partition.Values[0]));
            }
        }
    }

    private TableDefinition Definition(string name) =>
        name == SparkEtlTables.Trades.Name ? SparkEtlTables.Trades
        : name == SparkEtlTables.Errors.Name ? SparkEtlTables.Errors
        : SparkEtlTables.Ohlc(name);

    private string TableLocation(TableDefinition table) => settings.Warehouse.TrimEnd('/') + "/" + OutputNaming.TablePrefix(table);

    private async Task EnsureTableAsync(TableDefinition table, CancellationToken cancellationToken)
    {
        if (!_databaseReady)
        {
            if (await glue.GetDatabaseAsync(settings.Database, cancellationToken).ConfigureAwait(false) is null)
            {
                await glue.CreateDatabaseAsync(new DatabaseInput { Name = settings.Database, Description = "SparkEtl tables" }, cancellationToken).ConfigureAwait(false);
            }

            _databaseReady = true;
        }

        if (_tablesReady.Add(table.Name)
            && await glue.GetTableAsync(settings.Database, table.Name, cancellationToken).ConfigureAwait(false) is null)
        {
            await glue.CreateTableAsync(settings.Database, GlueTableInputs.Table(table, TableLocation(table), _mode.ProjectionStartDay), cancellationToken).ConfigureAwait(false);
        }
    }
}
