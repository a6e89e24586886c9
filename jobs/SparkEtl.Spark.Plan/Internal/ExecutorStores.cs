using System.Collections.Concurrent;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;

namespace SparkEtl.Spark.Plan.Internal;

/// <summary>
/// The warehouse stores of one worker process, opened once per location and settings and kept for the process's life:
/// every group a worker writes reuses the same S3 client (connections, credentials) instead of opening its own.
/// </summary>
internal static class ExecutorStores
{
    private static readonly ConcurrentDictionary<(string Location, AwsSettings Aws), Lazy<IObjectStore>> Stores = new();

    public static IObjectStore Get(string location, AwsSettings aws) =>
        Stores.GetOrAdd((location, aws), key => new Lazy<IObjectStore>(() => ObjectStores.Open("warehouse", key.Location, key.Aws))).Value;
}
