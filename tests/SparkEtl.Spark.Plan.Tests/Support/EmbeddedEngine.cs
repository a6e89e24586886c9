using SparkEtl.Runner.Pipeline;
using SparkEtl.Runner.Sources;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Spark.Plan.Tests.Support;

/// <summary>The embedded engine, run in process on a capture file until it is drained, into a local warehouse.</summary>
internal static class EmbeddedEngine
{
    public static async Task RunAsync(string captureFile, string warehouse)
    {
        var settings = SparkJobSettings.Bind(
            ("source", "file:" + captureFile), ("warehouse", warehouse), ("trigger", "available-now"), ("catalog.mode", "none"));
        var store = new LocalObjectStore(settings.Warehouse);
        var checkpoint = new LocalObjectStore(settings.CheckpointLocation);
        await using var source = await RecordSources.OpenAsync(settings, CancellationToken.None);
        using var catalog = TableCatalogs.Open(settings, store);
        var query = new StreamingQuery(settings, source, store, new CheckpointLog(checkpoint), catalog, backup: null, new NoProgress());
        await query.RunAsync(CancellationToken.None, CancellationToken.None);
    }

    private sealed class NoProgress : IProgressListener
    {
        public void BatchCompleted(BatchReport report)
        {
        }
    }
}
