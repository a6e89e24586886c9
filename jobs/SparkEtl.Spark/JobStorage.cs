using SparkEtl.Aws;
using SparkEtl.Aws.Glue;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark;

/// <summary>
/// Where the driver keeps things: the warehouse (bars; the executors open their own, <see cref="TableGroupWriter"/>),
/// the checkpoint (Spark's offsets and commits under <c>spark/</c>, the window state under <c>window-state/</c>) and the
/// Glue catalog. Stores are opened by <see cref="ObjectStores"/>, as the executors open theirs.
/// </summary>
internal sealed class JobStorage : IDisposable
{
    private JobStorage(EtlSettings settings)
    {
        Warehouse = ObjectStores.Open("warehouse", settings.Warehouse, settings.Aws);
        Checkpoint = ObjectStores.Open("checkpoint", settings.CheckpointLocation, settings.Aws);
        SparkCheckpointLocation = settings.CheckpointLocation.TrimEnd('/') + "/spark";
        Catalog = new GlueCatalogClient(new AwsClientOptions { Region = settings.Aws.Region, Endpoint = settings.Aws.GlueEndpoint });
    }

    public IObjectStore Warehouse { get; }

    public IObjectStore Checkpoint { get; }

    public string SparkCheckpointLocation { get; }

    public GlueCatalogClient Catalog { get; }

    public static JobStorage Open(EtlSettings settings) => new(settings);

    public void Dispose()
    {
        (Warehouse as IDisposable)?.Dispose();
        (Checkpoint as IDisposable)?.Dispose();
        Catalog.Dispose();
    }
}
