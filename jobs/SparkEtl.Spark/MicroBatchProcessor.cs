using System.Globalization;
using System.Text;
using Microsoft.Spark.Sql;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.SparkJob;
using SparkEtl.Core.Tables;

namespace SparkEtl.Spark;

/// <summary>
/// One micro-batch, run in <c>ForeachBatch</c> on the driver. Spark decodes (the UDF) and aggregates each batch's
/// trades into window partials; SparkEtl.Core merges the partials into the window state, and writes every table with
/// the embedded engine's schemas, Parquet writer and file names (derived from the batch id, so a replay overwrites).
/// </summary>
/// <remarks>
/// Order of durability, as in the embedded engine: data files, then catalog partitions, then the window state; Spark
/// writes its commit only after this returns. A batch replayed after a crash reads the same input (Spark's offset log)
/// and the same previous window state, so it writes the same files and state again.
/// Files are written on the driver (rows streamed with <c>ToLocalIterator</c>): decoding and aggregation scale out,
/// writing runs at the driver's pace.
/// </remarks>
internal sealed class MicroBatchProcessor(EtlSettings settings, JobStorage storage)
{
    private readonly Func<Column, Column, Column, Column, Column, Column> _decode = DecodeUdf.Create(settings.MaxDecompressedBytes, settings.Window.SizeMs);
    private readonly TableDefinition<Core.Aggregation.OhlcBar> _ohlc = SparkEtlTables.Ohlc(settings.Window.OhlcTableName);
    private readonly TableFileWriter _files = new(storage.Warehouse, settings.Parquet);
    private readonly CatalogRegistration _catalog = new(storage.Catalog, settings);

    // ForeachBatch takes a synchronous callback; this is the one place the job blocks on async I/O.
    public void Process(DataFrame batch, long batchId) => ProcessAsync(batch, batchId, CancellationToken.None).GetAwaiter().GetResult();

    private async Task ProcessAsync(DataFrame batch, long batchId, CancellationToken cancellationToken)
    {
        var state = await LoadStateAsync(batchId, cancellationToken).ConfigureAwait(false);
        var decoded = batch
            .WithColumn(SparkJobSql.ReadOrderColumn, Functions.Expr(SparkJobSql.ReadOrderExpression))
            .Select(
                Functions.Col(SparkJobSql.ReadOrderColumn),
                _decode(Functions.Col("data"), Functions.Col("partitionKey"), Functions.Col("sequenceNumber"),
                    Functions.Expr(SparkJobSql.ArrivalMsExpression), Functions.Lit(state.WatermarkMs)).As("decoded"))
            .Select(Functions.Col(SparkJobSql.ReadOrderColumn), Functions.Explode(Functions.Col("decoded." + DecodedRecordSchema.ResultField)).As("row"))
            .SelectExpr(SparkJobSql.ReadOrderColumn, "row.*")
            .Persist();
        try
        {
            var trades = decoded.Where($"kind = '{DecodedRecordSchema.TradeKind}'");
            var aggregates = SparkJobSql.PartialAggregates.Select(Functions.Expr).ToArray();
            var partials = trades
                .WithColumn(SparkJobSql.WindowColumn, Functions.Expr(SparkJobSql.WindowExpression(settings.Window)))
                .WithColumn(SparkJobSql.OrderKeyColumn, Functions.Expr(SparkJobSql.OrderKeyExpression(batchId)))
                .GroupBy([.. SparkJobSql.PartialGrouping.Select(Functions.Expr)])
                .Agg(aggregates[0], aggregates[1..])
                .SelectExpr([.. SparkJobSql.PartialColumns])
                .Collect()
                .Select(r => SparkJobSql.ReadPartial(r.Values))
                .ToList();
            var bars = state.EndBatch(partials);

            var written = new List<WrittenFile>();
            written.AddRange(await _files.WriteAsync(SparkEtlTables.Trades,
                Rows(trades, SparkJobSql.TradesWriteOrder).Select(DecodedRecordSchema.ToTrade), batchId, cancellationToken).ConfigureAwait(false));
            written.AddRange(await _files.WriteAsync(_ohlc, bars, batchId, cancellationToken).ConfigureAwait(false));
            written.AddRange(await _files.WriteAsync(SparkEtlTables.Errors,
                Rows(decoded.Where($"kind = '{DecodedRecordSchema.ErrorKind}'"), SparkJobSql.ErrorsWriteOrder).Select(DecodedRecordSchema.ToError),
                batchId, cancellationToken).ConfigureAwait(false));
            await _catalog.RegisterAsync(written, cancellationToken).ConfigureAwait(false);

            using var json = new MemoryStream(Encoding.UTF8.GetBytes(state.ToJson()));
            await storage.Checkpoint.PutAsync(JobStorage.WindowStateKey(batchId), json, cancellationToken).ConfigureAwait(false);
            Report(decoded, batchId, bars.Count, state, written);
        }
        finally
        {
            decoded.Unpersist();
        }
    }

    private async Task<SparkWindowState> LoadStateAsync(long batchId, CancellationToken cancellationToken)
    {
        if (batchId == 0)
        {
            return new SparkWindowState(settings.Window);
        }

        var key = JobStorage.WindowStateKey(batchId - 1);
        var bytes = await storage.Checkpoint.GetAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                $"Batch {batchId} needs the window state of batch {batchId - 1} at {storage.Checkpoint.Root}/{key}, which is missing: the checkpoint is incomplete.");
        return SparkWindowState.FromJson(Encoding.UTF8.GetString(bytes), settings.Window);
    }

    // Rows of one kind in the order the table is written in, streamed to the driver partition by partition.
    private static IEnumerable<IReadOnlyList<object?>> Rows(DataFrame rows, IReadOnlyList<string> order) =>
        rows.OrderBy([.. order.Select(Functions.Expr)])
            .SelectExpr([.. DecodedRecordSchema.FieldNames])
            .ToLocalIterator()
            .Select(r => (IReadOnlyList<object?>)r.Values);

    private static void Report(DataFrame decoded, long batchId, int bars, SparkWindowState state, IReadOnlyList<WrittenFile> written)
    {
        var counts = decoded.GroupBy("kind", "error_type", "drop_reason").Count().Collect()
            .Select(r => $"{r.Values[0]}{(r.Values[1] ?? r.Values[2]) switch { null => "", var reason => $" {reason}" }}={r.Values[3]}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sparketl-spark: batch {batchId}: {string.Join(", ", counts)}; bars={bars}; files={written.Count}; rows written={written.Sum(f => f.Rows)}; watermark={state.WatermarkMs}; open windows={state.OpenWindowCount}"));
    }
}
