using System.Collections.Concurrent;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Spark.Plan.Internal;

/// <summary>
/// The warehouse stores of one worker process, opened once per location and settings (by <see cref="Warehouses"/>,
/// the same code as the driver and the embedded engine) and kept for the process's life: every group a worker writes
/// reuses the same S3 client (connections, credentials) instead of opening its own.
/// </summary>
internal static class ExecutorStores
{
    private static readonly ConcurrentDictionary<(string Location, AwsSettings Aws), Lazy<IObjectStore>> Stores = new();

    public static IObjectStore Get(string location, AwsSettings aws) =>
        Stores.GetOrAdd((location, aws), key => new Lazy<IObjectStore>(() =>
            Warehouses.OpenAsync("warehouse", key.Location, key.Aws, probe: null, CancellationToken.None).GetAwaiter().GetResult())).Value;
}
