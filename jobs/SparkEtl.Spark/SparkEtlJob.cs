using System.Runtime.ExceptionServices;
using Microsoft.Spark;
using Microsoft.Spark.Sql;
using Microsoft.Spark.Sql.Streaming;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark;

/// <summary>
/// The structured streaming query: the Kinesis connector's rows, handed batch by batch to <see cref="MicroBatchProcessor"/>
/// in <c>ForeachBatch</c>, with Spark's offsets and commits (and the connector's metadata) in <c>&lt;checkpoint&gt;/spark</c>.
/// The tables are made ready before the query starts: in Glue (database, tables created or brought up to their
/// definitions) for <c>table.format=parquet</c>, or as Iceberg tables through the Glue catalog (database and tables
/// created when absent, with Spark SQL) for <c>table.format=iceberg</c>.
/// </summary>
internal static class SparkEtlJob
{
    public static async Task RunAsync(EtlSettings settings, CancellationToken cancellationToken)
    {
        // These map the settings before Spark starts, so bad configuration stops the job before any work.
        var connectorOptions = KinesisConnectorOptions.Map(settings);
        var trigger = SparkTrigger.For(settings.Trigger);
        var catalog = settings.Table.Format == TableFormat.Iceberg ? IcebergSparkCatalog.For(settings) : null;
        if (catalog is null)
        {
            _ = SparkJobCatalog.For(settings.Catalog);
        }

        using var storage = await JobStorage.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        var queryId = await SparkQueryId.ResolveAsync(storage.Checkpoint, settings, Guid.NewGuid, cancellationToken).ConfigureAwait(false);

        var builder = SparkSession.Builder().AppName("sparketl");
        if (catalog is not null)
        {
            // SparkConf loads what spark-submit passed (--conf, spark-defaults.conf); the job adds the catalog's settings
            // that are missing and refuses ones that disagree with its own (Microsoft.Spark/SparkConf.cs, GetAll).
            var submitted = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in new SparkConf().GetAll())
            {
                submitted[key] = value;
            }

            foreach (var (key, value) in catalog.SessionConf(submitted))
            {
                builder.Config(key, value);
            }
        }

        var spark = builder.GetOrCreate();
        var tables = catalog is null ? null : IcebergSparkTables.For(settings);
        var processor = new MicroBatchProcessor(settings, storage, Guid.NewGuid().ToString(), spark,
            tables is null ? null : new IcebergBatchAppends(tables, queryId));
        if (catalog is null || tables is null)
        {
            foreach (var line in await storage.Catalog.EnsureTablesAsync(processor.Tables, cancellationToken).ConfigureAwait(false))
            {
                Console.WriteLine($"sparketl-spark: {line}");
            }
        }
        else
        {
            CreateIcebergTables(spark, catalog, tables);
        }

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

    // Creates the database and each table that is missing; an existing table is left as it is.
    private static void CreateIcebergTables(SparkSession spark, IcebergSparkCatalog catalog, IReadOnlyList<IcebergSparkTable> tables)
    {
        var step = $"creating database {catalog.Database}";
        try
        {
            spark.Sql(catalog.CreateNamespaceSql);
            foreach (var table in tables)
            {
                step = $"creating table {table.Identifier} at {table.Location}";
                spark.Sql(table.CreateTableSql);
                Console.WriteLine($"sparketl-spark: Iceberg table {table.Identifier} at {table.Location}, partitioned by day({table.PartitionColumn})");
            }
        }
        catch (Exception e)
        {
            throw new SparkEtlException($"The Iceberg catalog {IcebergSparkCatalog.Name} (Glue) failed while {step}", innerException: e);
        }
    }
}
