using System.Globalization;
using Microsoft.Spark.Sql;
using Microsoft.Spark.Sql.Types;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Tables;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark;

/// <summary>
/// One micro-batch, run in <c>ForeachBatch</c> on the driver, which only plans and commits: the executors decode (the
/// UDF), aggregate each window's trades into partials, and write the table files themselves. The driver merges the
/// partials into the window state, emits the closed windows' bars and commits. With <c>table.format=parquet</c> the
/// executors write the <c>trades</c> and <c>errors</c> files (a grouped-map function over Arrow batches,
/// <see cref="TableGroupWriter"/>, one file per table, day and hash bucket), the driver writes the bars and runs the
/// embedded engine's commit protocol (<see cref="DriverBatchCommit"/>). With <c>table.format=iceberg</c> each table's rows
/// go through Iceberg's DataFrame writer (executors write the data files, the driver commits one snapshot per table
/// carrying the query and batch ids), skipped for a table that already holds the batch (<see cref="IcebergBatchAppends"/>).
/// </summary>
/// <remarks>
/// Parquet's order of durability, as in the embedded engine: intent, data files, window state, reconcile, catalog
/// partitions, <c>commits/N</c>; Iceberg's: each table's snapshot, window state, <c>commits/N</c>. Spark writes its own
/// commit only after this returns. A batch replayed after a crash reads the same input (Spark's offset log) and the same
/// previous window state; whatever an earlier attempt wrote that this one does not is deleted before the commit (Parquet),
/// or a table that holds the batch's snapshot is not appended to again (Iceberg). No table row is collected to the driver.
/// </remarks>
internal sealed class MicroBatchProcessor(EtlSettings settings, JobStorage storage, string runId, SparkSession spark, IcebergBatchAppends? iceberg)
{
    private readonly Func<Column, Column, Column, Column, Column, Column> _decode = DecodeUdf.Create(settings.MaxDecompressedBytes, settings.Event.MaxFutureSkewMs, settings.Window.SizeMs);
    private readonly StructType _writtenFiles = (StructType)DataType.ParseDataType(WrittenFileRows.StructJson);
    private readonly DriverBatchCommit _commit = new(storage.Warehouse, storage.Checkpoint, settings, storage.Catalog, runId);

    /// <summary>The tables the batches write.</summary>
    public IReadOnlyList<TableDefinition> Tables => _commit.Tables;

    /// <summary>The failure of the last batch, with what failed and where, for the job's exit message.</summary>
    public Exception? Failure { get; private set; }

    // ForeachBatch takes a synchronous callback; this is the one place the driver blocks on async I/O.
    public void Process(DataFrame batch, long batchId)
    {
        try
        {
            ProcessAsync(batch, batchId, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Failure = e;
            throw;
        }
    }

    private async Task ProcessAsync(DataFrame batch, long batchId, CancellationToken cancellationToken)
    {
        var step = "reading the commit log and the window state";
        try
        {
            if (await _commit.IsCommittedAsync(batchId, cancellationToken).ConfigureAwait(false))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sparketl-spark: batch {batchId}: committed by an earlier attempt; nothing to do before Spark's commit"));
                return;
            }

            var state = await _commit.LoadStateAsync(batchId, cancellationToken).ConfigureAwait(false);

            step = "decoding and aggregating the window partials";
            var decoded = batch
                .WithColumn(SparkJobSql.ReadOrderColumn, Functions.Expr(SparkJobSql.ReadOrderExpression))
                .Select(
                    Functions.Col(SparkJobSql.ReadOrderColumn),
                    _decode(Functions.Col("data"), Functions.Col("partitionKey"), Functions.Col("sequenceNumber"),
                        Functions.Expr(SparkJobSql.ArrivalMsExpression(state.ArrivalFallbackMs)), Functions.Lit(state.WatermarkMs)).As("decoded"))
                .Select(Functions.Col(SparkJobSql.ReadOrderColumn), Functions.Explode(Functions.Col("decoded." + DecodedRecordSchema.ResultField)).As("row"))
                .SelectExpr(SparkJobSql.ReadOrderColumn, "row.*")
                .Persist();
            try
            {
                // Collected: one aggregate per ticker and window, not the trades.
                var aggregates = SparkJobSql.PartialAggregates.Select(Functions.Expr).ToArray();
                var partials = decoded.Where(SparkJobSql.AggregatedTradesFilter)
                    .WithColumn(SparkJobSql.WindowColumn, Functions.Expr(SparkJobSql.WindowExpression(settings.Window)))
                    .WithColumn(SparkJobSql.OrderKeyColumn, Functions.Expr(SparkJobSql.OrderKeyExpression(batchId)))
                    .GroupBy([.. SparkJobSql.PartialGrouping.Select(Functions.Expr)])
                    .Agg(aggregates[0], aggregates[1..])
                    .SelectExpr([.. SparkJobSql.PartialColumns])
                    .Collect()
                    .Select(r => SparkJobSql.ReadPartial(r.Values))
                    .ToList();
                var bars = state.EndBatch(partials);
                if (iceberg is not null)
                {
                    step = "appending the batch to the Iceberg tables";
                    var appends = iceberg.Run(batchId, RowsPerTable(decoded, iceberg.Tables, bars.Count), new BatchIcebergSession(spark, decoded, bars));

                    step = "writing the window state and committing";
                    await _commit.CommitIcebergAsync(batchId, state, cancellationToken).ConfigureAwait(false);
                    Report(decoded, batchId, bars.Count, state, appends);
                    return;
                }

                step = "writing the trades and errors files on the executors";
                var keyed = decoded.Where(TableRows.Filter).SelectExpr([.. TableRows.KeyedExpressions]);

                // Collected: one count per table and day, to size the buckets.
                var counts = keyed.GroupBy(TableRows.TableColumn, TableRows.DayColumn).Count().Collect()
                    .Select(r => ((string)r.Values[0], Convert.ToInt64(r.Values[1], CultureInfo.InvariantCulture), Convert.ToInt64(r.Values[2], CultureInfo.InvariantCulture)))
                    .ToList();
                var buckets = FileBuckets.Plan(counts, settings.Parquet.MaxRowsPerFile);
                var intended = await _commit.RecordIntentAsync(batchId, buckets, bars, cancellationToken).ConfigureAwait(false);

                // Collected: one row of metadata per file the executors wrote.
                var files = keyed.SelectExpr([.. TableRows.BucketedExpressions(buckets)])
                    .GroupBy([.. TableRows.GroupingColumns.Select(Functions.Col)])
                    .Apply(_writtenFiles, TableGroupWriter.For(settings, batchId).Write)
                    .Collect()
                    .Select(r => WrittenFileRows.Read(r.Values))
                    .ToList();

                step = "writing the bars and the window state, reconciling, registering partitions and committing";
                var written = await _commit.CommitAsync(batchId, intended, files, bars, state, cancellationToken).ConfigureAwait(false);
                Report(decoded, batchId, bars.Count, state, written);
            }
            finally
            {
                decoded.Unpersist();
            }
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            throw new SparkEtlException($"Batch {batchId} failed while {step} (warehouse {settings.Warehouse}, checkpoint {settings.CheckpointLocation})", innerException: e);
        }
    }

    // The rows each Iceberg table gets from the batch: the decoded rows by the table TableRows sends them to, and the bars.
    private static Dictionary<string, long> RowsPerTable(DataFrame decoded, IReadOnlyList<IcebergSparkTable> tables, int bars)
    {
        // Collected: one count per table.
        var rows = decoded.Where(TableRows.Filter).SelectExpr($"{TableRows.TableExpression} AS {TableRows.TableColumn}")
            .GroupBy(TableRows.TableColumn).Count().Collect()
            .ToDictionary(r => (string)r.Values[0], r => Convert.ToInt64(r.Values[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        foreach (var table in tables.Where(t => t.SourceFilter is null))
        {
            rows[table.Name] = bars;
        }

        return rows;
    }

    private static void Report(DataFrame decoded, long batchId, int bars, SparkWindowState state, IReadOnlyList<WrittenFile> written) =>
        Report(decoded, batchId, bars, state, string.Create(CultureInfo.InvariantCulture, $"files={written.Count}; rows written={written.Sum(f => f.Rows)}"));

    private static void Report(DataFrame decoded, long batchId, int bars, SparkWindowState state, IReadOnlyList<IcebergTableAppend> appends) =>
        Report(decoded, batchId, bars, state, string.Join(", ", appends.Select(a => a.Snapshot is { } s
            ? string.Create(CultureInfo.InvariantCulture, $"{a.Table} {a.Outcome} (snapshot {s.SnapshotId}: {s.DataFiles} files, {s.Records} rows)")
            : $"{a.Table} {a.Outcome}")));

    private static void Report(DataFrame decoded, long batchId, int bars, SparkWindowState state, string written)
    {
        // Collected: one count per kind and reason.
        var counts = decoded.GroupBy("kind", "error_type", "drop_reason").Count().Collect()
            .Select(r => $"{r.Values[0]}{(r.Values[1] ?? r.Values[2]) switch { null => "", var reason => $" {reason}" }}={r.Values[3]}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sparketl-spark: batch {batchId}: {string.Join(", ", counts)}; bars={bars}; {written}; watermark={state.WatermarkMs}; open windows={state.OpenWindowCount}"));
    }
}
