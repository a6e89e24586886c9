using System.Runtime.ExceptionServices;
using Microsoft.Spark.Sql;
using Microsoft.Spark.Sql.Streaming;
using SparkEtl.Core.Configuration;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark;

/// <summary>
/// The structured streaming query: the Kinesis connector's rows, handed batch by batch to <see cref="MicroBatchProcessor"/>
/// in <c>ForeachBatch</c>, with Spark's offsets and commits (and the connector's metadata) in <c>&lt;checkpoint&gt;/spark</c>.
/// The catalog's database and tables are made ready (created or brought up to their definitions) before the query starts.
/// </summary>
internal static class SparkEtlJob
{
    public static async Task RunAsync(EtlSettings settings, CancellationToken cancellationToken)
    {
        // These map the settings before Spark starts, so bad configuration stops the job before any work.
        var connectorOptions = KinesisConnectorOptions.Map(settings);
        var trigger = SparkTrigger.For(settings.Trigger);
        _ = SparkJobCatalog.For(settings.Catalog);

        using var storage = await JobStorage.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        var processor = new MicroBatchProcessor(settings, storage, Guid.NewGuid().ToString());
        foreach (var line in await storage.Catalog.EnsureTablesAsync(processor.Tables, cancellationToken).ConfigureAwait(false))
        {
            Console.WriteLine($"sparketl-spark: {line}");
        }

        var spark = SparkSession.Builder().AppName("sparketl").GetOrCreate();

        // DataStreamReader.Options takes a Dictionary (Microsoft.Spark/Sql/Streaming/DataStreamReader.cs).
        var source = spark.ReadStream()
            .Format(KinesisConnectorOptions.Format)
            .Options(new Dictionary<string, string>(connectorOptions))
            .Load();

        // ForeachBatch runs the callback on the driver, in this process (Microsoft.Spark/Sql/Streaming/DataStreamWriter.cs).
        var query = source.WriteStream()
            .QueryName("sparketl")
            .Option("checkpointLocation", storage.SparkCheckpointLocation)
            .Trigger(trigger.Once ? Trigger.Once() : Trigger.ProcessingTime(trigger.IntervalMs))
            .ForeachBatch(processor.Process)
            .Start();
        try
        {
            query.AwaitTermination();
        }
        catch (Exception) when (processor.Failure is { } failure)
        {
            // Spark reports a failed ForeachBatch as its own exception; the batch's names what failed and where.
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
