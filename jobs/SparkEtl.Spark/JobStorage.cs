using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;
using SparkEtl.Spark.Plan;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Spark;

/// <summary>
/// Where the driver keeps things, opened with the embedded engine's code (SparkEtl.Warehouse): the warehouse (bars,
/// reconcile; the executors open their own, <see cref="TableGroupWriter"/>), the checkpoint (Spark's offsets and commits
/// under <c>spark/</c>, the commit protocol's intents and commits, the window state under <c>window-state/</c>) and the
/// catalog (<c>catalog.mode</c>: Glue with partitions or projection, or none).
/// </summary>
internal sealed class JobStorage : IDisposable
{
    private JobStorage(EtlSettings settings, IObjectStore warehouse, IObjectStore checkpoint)
    {
        Warehouse = warehouse;
        Checkpoint = checkpoint;
        SparkCheckpointLocation = settings.CheckpointLocation.TrimEnd('/') + "/spark";
        Catalog = TableCatalogs.Open(settings, warehouse);
    }

    public IObjectStore Warehouse { get; }

    public IObjectStore Checkpoint { get; }

    public string SparkCheckpointLocation { get; }

    public ITableCatalog Catalog { get; }

    /// <summary>Opens the stores (an S3 store is checked to be reachable first) and the catalog.</summary>
    public static async Task<JobStorage> OpenAsync(EtlSettings settings, CancellationToken cancellationToken)
    {
        var warehouse = await Warehouses.OpenAsync("warehouse", settings.Warehouse, settings.Aws, probe: null, cancellationToken).ConfigureAwait(false);
        var checkpoint = await Warehouses.OpenAsync("checkpoint", settings.CheckpointLocation, settings.Aws, probe: null, cancellationToken).ConfigureAwait(false);
        return new JobStorage(settings, warehouse, checkpoint);
    }

    public void Dispose()
    {
        (Warehouse as IDisposable)?.Dispose();
        (Checkpoint as IDisposable)?.Dispose();
        Catalog.Dispose();
    }
}
