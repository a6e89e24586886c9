using System.Diagnostics;
using System.Globalization;
using System.Text;
using SparkEtl.Core;
using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;
using SparkEtl.Runner.Backup;
using SparkEtl.Runner.Catalog;
using SparkEtl.Runner.Checkpoint;
using SparkEtl.Runner.Internal;
using SparkEtl.Runner.Sources;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// The embedded engine's structured-streaming loop. Each micro-batch N:
/// <list type="number">
/// <item>reads its input within the per-shard limits and writes <c>offsets/N</c> (its exact range) to the checkpoint;</item>
/// <item>decodes and transforms the records, aggregates trades into event-time windows, sends late ones to <c>errors</c>;</item>
/// <item>writes its Parquet files, named from (table, partition, N, part), so a replay overwrites them byte for byte,
/// and the raw backup of its records when enabled;</item>
/// <item>registers the partitions it wrote in the catalog;</item>
/// <item>writes the window state as <c>state/N</c>, then <c>commits/N</c>; only then is N done.</item>
/// </list>
/// On start, an uncommitted batch is run again with exactly its checkpointed range and the window state of
/// the last commit, so a reader of the warehouse never sees a row twice and no committed row is lost.
/// </summary>
public sealed class StreamingQuery
{
    private const int SampleBars = 8;
    private const string StateOperator = "ohlcWindow";

    private readonly EtlSettings _settings;
    private readonly IRecordSource _source;
    private readonly IObjectStore _warehouse;
    private readonly CheckpointLog _checkpoint;
    private readonly IProgressListener _progress;
    private readonly ITableCatalog _catalog;
    private readonly RawRecordBackup? _backup;
    private readonly BatchDecoder _decoder;
    private readonly TableFileWriter _files;
    private readonly OhlcWindowAggregator _aggregator;
    private readonly TableDefinition<OhlcBar> _ohlc;
    private readonly string _runId = Guid.NewGuid().ToString();
    private string _queryId = "";
    private long _previousBatchStart = Stopwatch.GetTimestamp();

    /// <param name="backup">The raw backup of source records, or null when it is off.</param>
    public StreamingQuery(
        EtlSettings settings, IRecordSource source, IObjectStore warehouse, CheckpointLog checkpoint, ITableCatalog catalog, RawRecordBackup? backup, IProgressListener progress)
    {
        _catalog = catalog;
        _backup = backup;
        _settings = settings;
        _source = source;
        _warehouse = warehouse;
        _checkpoint = checkpoint;
        _progress = progress;
        _decoder = new BatchDecoder(new DecoderOptions { MaxDecompressedBytes = settings.MaxDecompressedBytes, MaxFutureSkewMs = settings.Event.MaxFutureSkewMs }, Environment.ProcessorCount);
        _files = new TableFileWriter(warehouse, settings.Parquet);
        _aggregator = new OhlcWindowAggregator(settings.Window.SizeMs, settings.Window.WatermarkDelayMs);
        _ohlc = SparkEtlTables.Ohlc(settings.Window.OhlcTableName);
    }

    /// <summary>The tables this query writes, in the order reports list them.</summary>
    public IReadOnlyList<TableDefinition> Tables => [SparkEtlTables.Trades, _ohlc, SparkEtlTables.Errors];

    /// <summary>
    /// Runs batches until the trigger says stop, the source ends, or <paramref name="stop"/> is signalled
    /// (the batch in flight then finishes and commits first). <paramref name="abort"/> stops at once;
    /// the batch in flight is left uncommitted and is replayed by the next run.
    /// </summary>
    public async Task<RunSummary> RunAsync(CancellationToken stop, CancellationToken abort)
    {
        var summary = new RunSummary(Tables.Select(t => t.Name));
        var clock = Stopwatch.StartNew();
        var (nextBatchId, after, endOfInput) = await RecoverAsync(summary, abort).ConfigureAwait(false);
        var onceDone = summary.ReplayedBatch is not null && _settings.Trigger.Kind == TriggerKind.Once;

        while (!stop.IsCancellationRequested && !endOfInput && !onceDone)
        {
            var batchStart = Stopwatch.GetTimestamp();
            var input = await _source.ReadBatchAsync(after, _settings.Batch, abort).ConfigureAwait(false);
            var readTime = Stopwatch.GetElapsedTime(batchStart);
            if (input.Records.Count == 0 && !input.EndOfInput)
            {
                if (_settings.Trigger.Kind != TriggerKind.Interval)
                {
                    break;
                }

                await WaitForNextTriggerAsync(batchStart, stop, abort).ConfigureAwait(false);
                continue;
            }

            // A bounded source that ended with every window already emitted needs no final batch.
            if (input.Records.Count == 0 && _aggregator.OpenWindowCount == 0)
            {
                break;
            }

            var offsets = new BatchOffsets(nextBatchId, Plain(after), Plain(input.End)!, _aggregator.WatermarkMs, input.EndOfInput);
            await RunBatchAsync(offsets, input, readTime, replayed: false, summary, abort).ConfigureAwait(false);
            nextBatchId++;
            after = input.End;
            endOfInput = input.EndOfInput;
            if (_settings.Trigger.Kind == TriggerKind.Once)
            {
                break;
            }

            if (_settings.Trigger.Kind == TriggerKind.Interval && !endOfInput)
            {
                await WaitForNextTriggerAsync(batchStart, stop, abort).ConfigureAwait(false);
            }
        }

        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    /// <summary>
    /// Binds the checkpoint to this query (or checks it was made with compatible settings), restores the
    /// window state of the last committed batch, and runs again the batch planned after it, if any.
    /// Returns the next batch id, the source offset to read after, and whether the input already ended.
    /// </summary>
    private async Task<(long NextBatchId, SourceOffset? After, bool EndOfInput)> RecoverAsync(RunSummary summary, CancellationToken abort)
    {
        var fingerprint = QueryFingerprint.Of(_settings, Tables);
        var metadata = await _checkpoint.ReadMetadataAsync(abort).ConfigureAwait(false);
        if (metadata is null)
        {
            metadata = new CheckpointMetadata(Guid.NewGuid().ToString(), fingerprint);
            await _checkpoint.WriteMetadataAsync(metadata, abort).ConfigureAwait(false);
        }
        else
        {
            QueryFingerprint.EnsureCompatible(metadata, fingerprint, _checkpoint.Root);
        }

        _queryId = metadata.Id;
        await _catalog.EnsureTablesAsync(Tables, abort).ConfigureAwait(false);
        var committed = await _checkpoint.LatestCommittedAsync(abort).ConfigureAwait(false);
        var planned = await _checkpoint.LatestPlannedAsync(abort).ConfigureAwait(false);
        summary.ResumedAfterBatch = committed;
        if (committed >= 0)
        {
            var state = await _checkpoint.ReadStateAsync(committed, abort).ConfigureAwait(false);
            if (state is not null)
            {
                _aggregator.RestoreState(state.Windows, state.WatermarkMs, state.MaxEventTimeMs);
            }
        }

        if (planned < 0)
        {
            return (0, null, false);
        }

        if (planned > committed)
        {
            // The last run stopped inside this batch: run it again on exactly its range.
            var offsets = await _checkpoint.ReadOffsetsAsync(planned, abort).ConfigureAwait(false);
            var batchStart = Stopwatch.GetTimestamp();
            var input = await _source.ReadRangeAsync(Offset(offsets.Start), Offset(offsets.End)!, abort).ConfigureAwait(false);
            await RunBatchAsync(offsets, input with { EndOfInput = offsets.EndOfInput }, Stopwatch.GetElapsedTime(batchStart), replayed: true, summary, abort).ConfigureAwait(false);
            summary.ReplayedBatch = planned;
            return (planned + 1, Offset(offsets.End), offsets.EndOfInput);
        }

        var last = await _checkpoint.ReadOffsetsAsync(committed, abort).ConfigureAwait(false);
        return (committed + 1, Offset(last.End), last.EndOfInput);
    }

    private async Task RunBatchAsync(BatchOffsets offsets, SourceBatch input, TimeSpan readTime, bool replayed, RunSummary summary, CancellationToken abort)
    {
        var batchId = offsets.BatchId;
        var durations = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["latestOffset"] = (long)readTime.TotalMilliseconds };
        var phase = Stopwatch.StartNew();
        if (!replayed)
        {
            await _checkpoint.WriteOffsetsAsync(offsets, abort).ConfigureAwait(false);
        }

        FaultInjection.At("after-offsets", batchId);
        durations["walCommit"] = Lap(phase);

        var decoded = _decoder.Decode(input.Records, abort);
        durations["decode"] = Lap(phase);

        var trades = new List<Trade>(decoded.Trades.Count);
        var errors = decoded.Errors;
        var watermarkInForce = _aggregator.WatermarkMs;
        var late = 0L;
        for (var i = 0; i < decoded.Trades.Count; i++)
        {
            var trade = decoded.Trades[i];
            if (_aggregator.TryAdd(trade))
            {
                trades.Add(trade);
            }
            else
            {
                late++;
                decoded.Counts.MarkLate();
                errors.Add(LateTradeErrors.Create(trade, decoded.TradeArrivalsMs[i], watermarkInForce));
            }
        }

        var bars = new List<OhlcBar>(_aggregator.EndBatch());
        if (offsets.EndOfInput)
        {
            bars.AddRange(_aggregator.EndInput());
        }

        durations["aggregate"] = Lap(phase);

        var written = new List<WrittenFile>();
        written.AddRange(await _files.WriteAsync(SparkEtlTables.Trades, trades, batchId, abort).ConfigureAwait(false));
        FaultInjection.At("after-first-file", batchId);
        written.AddRange(await _files.WriteAsync(_ohlc, bars, batchId, abort).ConfigureAwait(false));
        written.AddRange(await _files.WriteAsync(SparkEtlTables.Errors, errors, batchId, abort).ConfigureAwait(false));
        if (_backup is not null)
        {
            written.AddRange(await _backup.WriteAsync(batchId, input.Records, abort).ConfigureAwait(false));
        }

        FaultInjection.At("after-files", batchId);
        durations["addBatch"] = Lap(phase);

        foreach (var table in Tables)
        {
            var partitions = written.Where(f => f.Table == table.Name).Select(f => f.Partition).Distinct(StringComparer.Ordinal).ToList();
            await _catalog.AddPartitionsAsync(table, partitions, abort).ConfigureAwait(false);
        }

        durations["catalog"] = Lap(phase);
        // Files, then state, then the commit: a batch is done only when all of it is durable.
        await _checkpoint.WriteStateAsync(batchId, new WindowStateSnapshot(_aggregator.WatermarkMs, _aggregator.MaxEventTimeMs, _aggregator.SnapshotState()), abort).ConfigureAwait(false);
        FaultInjection.At("after-state", batchId);
        durations["stateCommit"] = Lap(phase);

        await _checkpoint.WriteCommitAsync(new BatchCommit(batchId, [.. written.Select(f => new CommittedFile(f.Table, f.Key, f.Partition, f.Rows, f.Bytes))]), abort).ConfigureAwait(false);
        FaultInjection.At("after-commit", batchId);
        durations["commitOffsets"] = Lap(phase);

        var total = readTime + TimeSpan.FromMilliseconds(durations.Values.Sum() - durations["latestOffset"]);
        durations["triggerExecution"] = (long)total.TotalMilliseconds;
        var progress = Progress(offsets, input, decoded.Counts, trades, bars.Count, late, written, durations, total, replayed);
        await _checkpoint.WriteProgressAsync(batchId, progress.ToUtf8Json(), abort).ConfigureAwait(false);
        if (batchId >= _settings.RetainBatches)
        {
            await _checkpoint.DeleteBeforeAsync(batchId - _settings.RetainBatches + 1, abort).ConfigureAwait(false);
        }

        var report = new BatchReport(batchId, input.Records.Count, input.DataBytes, decoded.Counts, bars.Count,
            _aggregator.WatermarkMs, _aggregator.OpenWindowCount, written, total, replayed, progress);
        summary.Add(report, bars, SampleBars);
        _progress.BatchCompleted(report);
    }

    private QueryProgress Progress(
        BatchOffsets offsets, SourceBatch input, TransformCounts counts, List<Trade> trades, int barsEmitted, long late,
        List<WrittenFile> written, SortedDictionary<string, long> durations, TimeSpan total, bool replayed)
    {
        var now = Stopwatch.GetTimestamp();
        var sincePrevious = Stopwatch.GetElapsedTime(_previousBatchStart, now).TotalSeconds;
        _previousBatchStart = now;
        var inputRate = sincePrevious > 0 ? input.Records.Count / sincePrevious : 0;
        var processedRate = total.TotalSeconds > 0 ? input.Records.Count / total.TotalSeconds : 0;

        var eventTime = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (trades.Count > 0)
        {
            long min = long.MaxValue, max = long.MinValue;
            double sum = 0;
            foreach (var trade in trades)
            {
                min = Math.Min(min, trade.EventTimeMs);
                max = Math.Max(max, trade.EventTimeMs);
                sum += trade.EventTimeMs;
            }

            eventTime["min"] = UtcTimestamp.FromEpochMs(min);
            eventTime["max"] = UtcTimestamp.FromEpochMs(max);
            eventTime["avg"] = UtcTimestamp.FromEpochMs((long)(sum / trades.Count));
        }

        if (_aggregator.WatermarkMs != long.MinValue)
        {
            eventTime["watermark"] = _aggregator.WatermarkMs == long.MaxValue ? "+infinity" : UtcTimestamp.FromEpochMs(_aggregator.WatermarkMs);
        }

        var rowsPerTable = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            rowsPerTable[table.Name] = written.Where(f => f.Table == table.Name).Sum(f => f.Rows);
        }

        return new QueryProgress
        {
            Id = _queryId,
            RunId = _runId,
            Timestamp = UtcTimestamp.Of(DateTimeOffset.UtcNow),
            BatchId = offsets.BatchId,
            NumInputRows = input.Records.Count,
            InputRowsPerSecond = Math.Round(inputRate, 1),
            ProcessedRowsPerSecond = Math.Round(processedRate, 1),
            DurationMs = durations,
            EventTime = eventTime,
            StateOperators = [new StateOperatorProgress(StateOperator, _aggregator.OpenWindowCount, trades.Count, barsEmitted, late)],
            Sources = [new SourceProgress(_source.Description, offsets.Start, offsets.End, input.Records.Count, Math.Round(inputRate, 1), Math.Round(processedRate, 1),
                new SortedDictionary<string, long>(input.Metrics?.ToDictionary() ?? [], StringComparer.Ordinal))],
            Sink = new SinkProgress(_warehouse.Root, written.Sum(f => f.Rows), written.Count),
            RowsPerTable = rowsPerTable,
            ErrorsByType = new(ErrorTypes.All.Where(t => counts.Failed(t) > 0).ToDictionary(t => t.Code(), counts.Failed), StringComparer.Ordinal),
            DroppedByReason = new(DropReasons.All.Where(r => counts.Dropped(r) > 0).ToDictionary(r => r.Code(), counts.Dropped), StringComparer.Ordinal),
            Replayed = replayed,
        };
    }

    private async Task WaitForNextTriggerAsync(long batchStart, CancellationToken stop, CancellationToken abort)
    {
        var remaining = TimeSpan.FromMilliseconds(_settings.Trigger.IntervalMs) - Stopwatch.GetElapsedTime(batchStart);
        if (remaining <= TimeSpan.Zero)
        {
            return;
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        try
        {
            await Task.Delay(remaining, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!abort.IsCancellationRequested)
        {
            // A stop request ends the wait; the loop then sees it and ends cleanly.
        }
    }

    private static long Lap(Stopwatch phase)
    {
        var ms = (long)phase.Elapsed.TotalMilliseconds;
        phase.Restart();
        return ms;
    }

    private static SortedDictionary<string, string>? Plain(SourceOffset? offset) =>
        offset is null ? null : new(offset.Positions, StringComparer.Ordinal);

    private static SourceOffset? Offset(SortedDictionary<string, string>? plain) => plain is null ? null : new SourceOffset(plain);

}
