using SparkEtl.Core.Configuration;
using SparkEtl.Runner.Pipeline;
using SparkEtl.Runner.Sources;
using SparkEtl.TestSupport;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Status.Tests;

/// <summary>Runs the embedded engine in this process on a throwaway warehouse, reporting to the listener given.</summary>
internal static class EmbeddedRun
{
    /// <summary>
    /// The demo source, small batches: 3,000 raw ticker records over three shards at 5 a second of event time (ten
    /// one-minute windows), at most 100 records per shard per batch, 1% malformed on purpose.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Demo = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["source"] = "demo",
        ["demo.records"] = "3000",
        ["demo.shards"] = "3",
        ["demo.shape"] = "raw",
        ["demo.ratePerSecond"] = "5",
        ["demo.badRecordRate"] = "0.01",
        ["batch.maxRecordsPerShard"] = "100",
        ["trigger"] = "available-now",
    };

    public static async Task<RunSummary> RunAsync(IReadOnlyDictionary<string, string> values, TempDirectory folder, IProgressListener listener, CancellationToken cancellationToken)
    {
        var layers = new SettingsLayers();
        layers.Set("warehouse", folder.Combine("warehouse"), "test");
        foreach (var (path, value) in values)
        {
            layers.Set(path, value, "test");
        }

        var settings = EtlSettingsBinder.Bind(layers);
        var warehouse = new LocalObjectStore(settings.Warehouse);
        var checkpoint = new LocalObjectStore(settings.CheckpointLocation);
        await using var source = await RecordSources.OpenAsync(settings, cancellationToken);
        using var catalog = TableCatalogs.Open(settings, warehouse);
        var query = new StreamingQuery(settings, source, warehouse, new CheckpointLog(checkpoint), catalog, backup: null, listener);
        return await query.RunAsync(cancellationToken, cancellationToken);
    }
}
