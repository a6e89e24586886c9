using SparkEtl.Aws;
using SparkEtl.Aws.Glue;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;
using SparkEtl.Iceberg;
using SparkEtl.Iceberg.Catalog;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// The query's tables as Apache Iceberg v2 tables (<c>table.format=iceberg</c>): each batch appends one snapshot per table
/// that got rows, carrying the query id and the batch id, exactly once. Hidden partitioning by day: <c>day(event_time)</c>
/// for trades, <c>day(window_start)</c> for bars, <c>day(arrival_time)</c> for errors. The pointer lives in the warehouse
/// (numbered metadata files created only if absent, and <c>metadata/version-hint.text</c>) or, with
/// <c>catalog.mode=glue</c>, in Glue (<c>metadata_location</c> moved with <c>UpdateTable</c>'s <c>VersionId</c>).
/// </summary>
/// <remarks>
/// A replay of batch N skips every table whose snapshot for N is already committed (rewriting its files would touch
/// files a snapshot lists), writes and commits the others, then deletes the files of N that no snapshot references:
/// what a crashed attempt left. Readers see a batch of a table whole or not at all.
/// </remarks>
public sealed class IcebergBatchTables : IDisposable
{
    private readonly Dictionary<string, IcebergTable> _tables = new(StringComparer.Ordinal);
    private readonly ParquetSettings _parquet;
    private readonly GlueCatalogClient? _glue;
    private readonly string _database;

    public IcebergBatchTables(EtlSettings settings, IObjectStore warehouse, IEnumerable<TableDefinition> tables)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(warehouse);
        _parquet = settings.Parquet;
        _database = settings.Database;
        if (settings.Catalog.Mode == CatalogMode.Glue)
        {
            _glue = new GlueCatalogClient(new AwsClientOptions
            {
                Region = settings.Aws.Region,
                Endpoint = settings.Aws.GlueEndpoint,
                EndpointSetting = "aws.glueEndpoint",
                AllowInsecureEndpoint = settings.Aws.AllowInsecureEndpoints,
            });
        }

        var warehouseUri = IcebergTableLayout.WarehouseUri(warehouse.Root);
        foreach (var table in tables ?? [])
        {
            var layout = IcebergTableLayout.For(table, PartitionColumnOf(table), warehouseUri);
            IIcebergCatalog catalog = _glue is null
                ? new FileSystemIcebergCatalog(warehouse, layout.KeyPrefix)
                : new GlueIcebergCatalog(_glue, _database, warehouse, layout);
            _tables[table.Name] = new IcebergTable(warehouse, layout, catalog);
        }
    }

    /// <summary>The table of a definition's name.</summary>
    public IcebergTable this[string tableName] => _tables[tableName];

    /// <summary>The timestamp column a table is partitioned by the day of.</summary>
    public static string PartitionColumnOf(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Name == SparkEtlTables.Trades.Name ? "event_time"
            : table.Name == SparkEtlTables.Errors.Name ? "arrival_time"
            : "window_start";
    }

    /// <summary>With the pointers in Glue, makes sure the database exists (the tables appear with their first commit).</summary>
    public async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        if (_glue is not null && await _glue.GetDatabaseAsync(_database, cancellationToken).ConfigureAwait(false) is null)
        {
            await _glue.CreateDatabaseAsync(new DatabaseInput { Name = _database, Description = "SparkEtl tables: trades, OHLC bars and errors (Iceberg)." }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes and commits the rows of batch <paramref name="batchId"/> for one table, unless an earlier attempt already
    /// committed them; then deletes the batch's files no snapshot references. Returns the files the table now holds for
    /// the batch (none when it was committed before or had no rows).
    /// </summary>
    public async Task<IReadOnlyList<WrittenFile>> WriteBatchAsync<TRow>(
        TableDefinition<TRow> table, IReadOnlyList<TRow> rows, long batchId, string queryId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var iceberg = _tables[table.Name];
        var written = new List<WrittenFile>();
        if (rows.Count > 0 && await iceberg.FindBatchSnapshotAsync(queryId, batchId, cancellationToken).ConfigureAwait(false) is null)
        {
            var files = await iceberg.WriteBatchAsync(table, rows, batchId, _parquet, cancellationToken).ConfigureAwait(false);
            await iceberg.CommitBatchAsync(files, queryId, batchId, cancellationToken).ConfigureAwait(false);
            foreach (var file in files)
            {
                var day = file.Partition.Count > 0 && file.Partition[0] is int days ? DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "";
                written.Add(new WrittenFile(table.Name, iceberg.Layout.KeyOf(file.FilePath), day, file.RecordCount, file.FileSizeInBytes));
            }
        }

        await iceberg.DeleteUnreferencedBatchFilesAsync(batchId, cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>Disposes the Glue client these tables opened (with <c>catalog.mode=glue</c>); the warehouse store stays the caller's.</summary>
    public void Dispose() => _glue?.Dispose();
}
