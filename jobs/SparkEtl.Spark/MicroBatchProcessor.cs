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
/// UDF), aggregate each window's trades into partials, and write the <c>trades</c> and <c>errors</c> files themselves
/// (a grouped-map function over Arrow batches, <see cref="TableGroupWriter"/>, one file per table, day and hash bucket).
/// The driver collects only window partials, row counts per table and day, and the written files' metadata; it merges
/// the partials into the window state, writes the closed windows' bars and runs the embedded engine's commit protocol
/// (<see cref="DriverBatchCommit"/>).
/// </summary>
/// <remarks>
/// Order of durability, as in the embedded engine: intent, data files, window state, reconcile, catalog partitions,
/// <c>commits/N</c>; Spark writes its own commit only after this returns. A batch replayed after a crash reads the same
/// input (Spark's offset log) and the same previous window state; whatever an earlier attempt wrote that this one does
/// not is deleted before the commit. No table row is collected to the driver.
/// </remarks>
internal sealed class MicroBatchProcessor(EtlSettings settings, JobStorage storage, string runId)
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

    private static void Report(DataFrame decoded, long batchId, int bars, SparkWindowState state, IReadOnlyList<WrittenFile> written)
    {
        // Collected: one count per kind and reason.
        var counts = decoded.GroupBy("kind", "error_type", "drop_reason").Count().Collect()
            .Select(r => $"{r.Values[0]}{(r.Values[1] ?? r.Values[2]) switch { null => "", var reason => $" {reason}" }}={r.Values[3]}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sparketl-spark: batch {batchId}: {string.Join(", ", counts)}; bars={bars}; files={written.Count}; rows written={written.Sum(f => f.Rows)}; watermark={state.WatermarkMs}; open windows={state.OpenWindowCount}"));
    }
}
