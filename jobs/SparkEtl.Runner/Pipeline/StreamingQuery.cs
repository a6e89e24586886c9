using System.Diagnostics;
using System.Globalization;
using System.Text;
using SparkEtl.Core;
using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Records;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;
using SparkEtl.Runner.Backup;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.Warehouse.Commit;
using SparkEtl.Runner.Sources;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// The embedded engine's structured-streaming loop. Each micro-batch N:
/// <list type="number">
/// <item>reads its input within the per-shard limits;</item>
/// <item>decodes and transforms the records and aggregates the trades into event-time windows under the watermark in
/// force; a late trade stays a trade and also gets a <c>late-record</c> error row;</item>
/// <item>moves the watermark (per shard, <see cref="WatermarkTracker"/>), emits the windows it closes and encodes its
/// Parquet files in memory;</item>
/// <item>once N-1 is committed, plans it: <c>offsets/N</c> holds its exact range, the batch time and what the source
/// assigned, created with a conditional put so a second writer is refused;</item>
/// <item>records the keys it is about to write, then writes its Parquet files (named from table, partition, N and part, so
/// a replay overwrites them) and the raw backup;</item>
/// <item>commits through <see cref="BatchCommitter"/>: deletes what an earlier attempt at N wrote and this one did not,
/// registers the partitions, and creates <c>commits/N</c> with the window state. Only then is N done.</item>
/// </list>
/// On start, an uncommitted batch is run again with exactly its checkpointed range, batch time and assigned values, and
/// the window state of the last commit, so a reader of the warehouse never sees a row twice and no committed row is lost.
/// Dispose the query when it has ended: with <c>table.format=iceberg</c> and <c>catalog.mode=glue</c> it holds a Glue client.
/// </summary>
public sealed class StreamingQuery : IDisposable
{
    private const int SampleBars = 8;
    private const string StateOperator = "ohlcWindow";

    private readonly EtlSettings _settings;
    private readonly IRecordSource _source;
    private readonly IObjectStore _warehouse;
    private readonly CheckpointLog _checkpoint;
    private readonly IProgressListener _progress;
    private readonly RawRecordBackup? _backup;
    private readonly BatchDecoder _decoder;
    private readonly TableFileWriter _files;
    private readonly OhlcWindowAggregator _aggregator;
    private readonly WatermarkTracker _watermarks;
    private readonly TableDefinition<OhlcBar> _ohlc;
    private readonly BatchCommitter _committer;
    private readonly ICommitProbe _probe;
    private readonly BatchSettings _readLimits;
    private readonly TimeProvider _clock;
    private readonly IcebergBatchTables? _iceberg;
    private string _queryId = "";
    private long _previousBatchStart = Stopwatch.GetTimestamp();
    private long _lastActivity = Stopwatch.GetTimestamp();

    /// <param name="backup">The raw backup of source records, or null when it is off.</param>
    /// <param name="probe">Told when each step of a batch is done (crash tests); null for none.</param>
    /// <param name="clock">The processing-time clock (batch times, idle shards); null for the system's.</param>
    public StreamingQuery(
        EtlSettings settings, IRecordSource source, IObjectStore warehouse, CheckpointLog checkpoint, ITableCatalog catalog, RawRecordBackup? backup,
        IProgressListener progress, ICommitProbe? probe = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _backup = backup;
        _settings = settings;
        _source = source;
        _warehouse = warehouse;
        _checkpoint = checkpoint;
        _progress = progress;
        _probe = probe ?? NoCommitProbe.Instance;

        // An interval trigger reads for at most one interval: a stream that never looks caught up still gets a batch per interval.
        _readLimits = settings.Trigger.Kind == TriggerKind.Interval
            ? settings.Batch with { MaxReadTime = TimeSpan.FromMilliseconds(settings.Trigger.IntervalMs) }
            : settings.Batch;
        _clock = clock ?? TimeProvider.System;
        _decoder = new BatchDecoder(
            new DecoderOptions { MaxDecompressedBytes = settings.MaxDecompressedBytes, MaxFutureSkewMs = settings.Event.MaxFutureSkewMs },
            Environment.ProcessorCount);
        _files = new TableFileWriter(warehouse, settings.Parquet, Environment.ProcessorCount);
        _aggregator = new OhlcWindowAggregator(settings.Window.SizeMs);
        _watermarks = new WatermarkTracker(settings.Window.WatermarkDelayMs, settings.Window.IdleTimeoutMs);
        _ohlc = SparkEtlTables.Ohlc(settings.Window.OhlcTableName);
        _committer = new BatchCommitter(checkpoint, warehouse, catalog, Guid.NewGuid().ToString(), probe);
        Catalog = catalog;
        _iceberg = settings.Table.Format == TableFormat.Iceberg ? new IcebergBatchTables(settings, warehouse, Tables) : null;
    }

    private ITableCatalog Catalog { get; }

    /// <summary>Lets go of what the query opened itself (the Iceberg tables' Glue client); the store, checkpoint and catalog stay the caller's.</summary>
    public void Dispose() => _iceberg?.Dispose();

    /// <summary>The tables this query writes, in the order reports list them.</summary>
    public IReadOnlyList<TableDefinition> Tables => [SparkEtlTables.Trades, _ohlc, SparkEtlTables.Errors];

    /// <summary>How many decoded batches the run has needed at once (they are reused).</summary>
    internal int DecodedBatchesMade => _decoder.BatchesMade;

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

        // Batch N+1 is read and decoded while N is aggregated and encoded, and N-1 is written and committed meanwhile (a
        // bounded pipeline: at most one batch ahead and one behind). What runs ahead stays inside this process: N is
        // planned (offsets/N) only after commits/N-1, and its files are written only after that, exactly as without it,
        // so a crash anywhere replays the same batches.
        using var readAhead = CancellationTokenSource.CreateLinkedTokenSource(abort);
        Task<PreparedBatch?>? ahead = null;
        Task? persisting = null;
        var failed = false;
        try
        {
            while (!stop.IsCancellationRequested && !endOfInput && !onceDone)
            {
                var prepared = ahead is null
                    ? await PrepareAsync(after, Stopwatch.GetTimestamp(), stop, abort).ConfigureAwait(false)
                    : await ahead.ConfigureAwait(false);
                ahead = null;
                if (prepared is null)
                {
                    // A stop request ended the wait for the trigger: the loop sees it and ends.
                    continue;
                }

                var input = prepared.Input;
                var batchStart = prepared.BatchStart;

                // Nothing new: a batch runs anyway when idle shards would let the watermark close windows (Spark's no-data batch).
                var noData = input.Records.Count == 0 && !input.EndOfInput;
                if (noData && !ClosesWindows(prepared.BatchTimeMs, input.EndedShards))
                {
                    Release(prepared);
                    if (_settings.Trigger.Kind != TriggerKind.Interval)
                    {
                        break;
                    }

                    // Listeners are told one thing at a time: the batch before is reported first.
                    await Persisted(ref persisting).ConfigureAwait(false);

                    _progress.TriggerIdle(new IdleTrigger(nextBatchId, _aggregator.WatermarkMs, _aggregator.OpenWindowCount,
                        Stopwatch.GetElapsedTime(_lastActivity), _clock.GetUtcNow(), input.Metrics));
                    await WaitForNextTriggerAsync(batchStart, stop, abort).ConfigureAwait(false);
                    continue;
                }

                // A bounded source that ended with every window already emitted needs no final batch.
                if (input.Records.Count == 0 && input.EndOfInput && _aggregator.OpenWindowCount == 0)
                {
                    Release(prepared);
                    break;
                }

                var offsets = new BatchOffsets(nextBatchId, Plain(after), Plain(input.End)!, _aggregator.WatermarkMs, input.EndOfInput)
                {
                    BatchTimeMs = prepared.BatchTimeMs,
                    Assigned = input.Assigned.Count == 0 ? null : new(input.Assigned.ToDictionary(), StringComparer.Ordinal),
                    EndedShards = input.EndedShards.Count == 0 ? null : [.. input.EndedShards],
                };

                if (!input.EndOfInput && _settings.Trigger.Kind != TriggerKind.Once)
                {
                    // The next batch is read at its trigger time: at once, or one interval after this batch started.
                    var nextStart = _settings.Trigger.Kind == TriggerKind.Interval
                        ? batchStart + (long)(TimeSpan.FromMilliseconds(_settings.Trigger.IntervalMs).TotalSeconds * Stopwatch.Frequency)
                        : Stopwatch.GetTimestamp();
                    var end = input.End;
                    ahead = Task.Run(() => PrepareAsync(end, nextStart, stop, readAhead.Token), readAhead.Token);
                }

                ComputedBatch computed;
                try
                {
#pragma warning disable CA2000 // The persisting task below disposes it, or the catch below does when N-1 failed.
                    computed = Compute(offsets, prepared, replayed: false, abort);
#pragma warning restore CA2000
                }
                catch
                {
                    Release(prepared);
                    throw;
                }

                // N is planned only once N-1 is committed; N is then written and committed while N+1 is computed.
                try
                {
                    await Persisted(ref persisting).ConfigureAwait(false);
                }
                catch
                {
                    computed.Dispose();
                    Release(prepared);
                    throw;
                }

                persisting = Task.Run(() => PersistAndReleaseAsync(computed, summary, abort), CancellationToken.None);
                nextBatchId++;
                after = input.End;
                endOfInput = input.EndOfInput;
                if (_settings.Trigger.Kind == TriggerKind.Once)
                {
                    break;
                }
            }
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            if (persisting is not null)
            {
                // The last batch is committed before the run ends; when the loop failed, its own error is the one told.
                try
                {
                    await persisting.ConfigureAwait(false);
                }
                catch when (failed)
                {
                }
            }

            if (ahead is not null)
            {
                // A batch read ahead that will not run: nothing of it was planned, so it is only let go.
                await readAhead.CancelAsync().ConfigureAwait(false);
                try
                {
                    Release(await ahead.ConfigureAwait(false));
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        summary.Elapsed = clock.Elapsed;
        summary.OpenWindows = _aggregator.OpenWindowCount;
        summary.WatermarkMs = _aggregator.WatermarkMs;
        return summary;
    }

    /// <summary>
    /// Reads the batch after <paramref name="after"/> once the trigger allows it (at <paramref name="notBefore"/>, a
    /// <see cref="Stopwatch"/> timestamp) and decodes it. Null when <paramref name="stop"/> ended the wait first.
    /// </summary>
    private async Task<PreparedBatch?> PrepareAsync(SourceOffset? after, long notBefore, CancellationToken stop, CancellationToken abort)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), notBefore);
        if (wait > TimeSpan.Zero)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
            try
            {
                await Task.Delay(wait, either.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!abort.IsCancellationRequested)
            {
                return null;
            }
        }

        var batchStart = Stopwatch.GetTimestamp();
        var batchTimeMs = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var input = await _source.ReadBatchAsync(after, _readLimits, abort).ConfigureAwait(false);
        var readTime = Stopwatch.GetElapsedTime(batchStart);
        var decoded = Decode(input.Records, abort);
        return new PreparedBatch(input, batchStart, batchTimeMs, readTime, decoded);
    }

    private DecodedBatch Decode(IReadOnlyList<KinesisRecord> records, CancellationToken abort)
    {
        var started = Stopwatch.GetTimestamp();
        var decoded = _decoder.Decode(records, abort);
        decoded.Elapsed = Stopwatch.GetElapsedTime(started);
        return decoded;
    }

    // The batch is done with: its decoded results and the memory its records' data is in go back for later batches.
    private void Release(PreparedBatch? prepared)
    {
        ReturnDecoded(prepared);
        prepared?.Input.Buffers?.Dispose();
    }

    private void ReturnDecoded(PreparedBatch? prepared)
    {
        if (prepared?.Decoded is { } decoded)
        {
            prepared.Decoded = null;
            _decoder.Return(decoded);
        }
    }

    // True when a batch at this time would move the watermark far enough to emit an open window.
    private bool ClosesWindows(long batchTimeMs, IReadOnlyCollection<string> endedShards) =>
        _aggregator.OpenWindowCount > 0 && _aggregator.EarliestOpenWindowEndMs <= _watermarks.WatermarkAt(batchTimeMs, endedShards);

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
            if (!await _checkpoint.TryCreateMetadataAsync(metadata, abort).ConfigureAwait(false))
            {
                throw new CheckpointInUseException(_checkpoint.Root, "another run created it at the same moment");
            }
        }
        else
        {
            QueryFingerprint.EnsureCompatible(metadata, fingerprint, _checkpoint.Root);
        }

        _queryId = metadata.Id;
        if (_iceberg is null)
        {
            await Catalog.EnsureTablesAsync(Tables, abort).ConfigureAwait(false);
        }
        else
        {
            await _iceberg.EnsureDatabaseAsync(abort).ConfigureAwait(false);
        }
        var committed = await _checkpoint.LatestCommittedAsync(abort).ConfigureAwait(false);
        var planned = await _checkpoint.LatestPlannedAsync(abort).ConfigureAwait(false);
        summary.ResumedAfterBatch = committed;
        _progress.QueryStarted(new QueryStart(_queryId, _committer.RunId, _checkpoint.Root, committed, planned > committed ? planned : null));
        if (committed >= 0 && await _checkpoint.ReadStateAsync(committed, abort).ConfigureAwait(false) is { } state)
        {
            _aggregator.RestoreState(state.Windows, state.WatermarkMs);
            _watermarks.Restore(state.WatermarkMs, state.Shards);
        }

        if (planned < 0)
        {
            return (0, null, false);
        }

        if (planned > committed)
        {
            // The last run stopped inside this batch: run it again on exactly its range, time and assigned values.
            var offsets = await _checkpoint.ReadOffsetsAsync(planned, abort).ConfigureAwait(false);
            var batchStart = Stopwatch.GetTimestamp();
            var input = await _source.ReadRangeAsync(Offset(offsets.Start), Offset(offsets.End)!, offsets.Assigned, abort).ConfigureAwait(false);
            var prepared = new PreparedBatch(input with { EndOfInput = offsets.EndOfInput }, batchStart, offsets.BatchTimeMs, Stopwatch.GetElapsedTime(batchStart), Decoded: null);
            try
            {
                await RunBatchAsync(offsets, prepared, replayed: true, summary, abort).ConfigureAwait(false);
            }
            finally
            {
                Release(prepared);
            }

            summary.ReplayedBatch = planned;
            return (planned + 1, Offset(offsets.End), offsets.EndOfInput);
        }

        var last = await _checkpoint.ReadOffsetsAsync(committed, abort).ConfigureAwait(false);
        return (committed + 1, Offset(last.End), last.EndOfInput);
    }

    // The batch being written and committed, if any, taken off the pipeline: awaiting it ends once it is committed.
    private static Task Persisted(ref Task? persisting)
    {
        var before = persisting ?? Task.CompletedTask;
        persisting = null;
        return before;
    }

    // A batch replayed on start: computed and persisted in turn.
    private async Task RunBatchAsync(BatchOffsets offsets, PreparedBatch prepared, bool replayed, RunSummary summary, CancellationToken abort)
    {
        using var computed = Compute(offsets, prepared, replayed, abort);
        await PersistAsync(computed, summary, abort).ConfigureAwait(false);
    }

    private async Task PersistAndReleaseAsync(ComputedBatch computed, RunSummary summary, CancellationToken abort)
    {
        try
        {
            await PersistAsync(computed, summary, abort).ConfigureAwait(false);
        }
        finally
        {
            computed.Dispose();
            Release(computed.Prepared);
        }
    }

    /// <summary>
    /// What batch N makes in memory, touching no storage: decodes it if it was not read ahead, aggregates its trades under
    /// the watermark in force, moves the watermark, emits the windows it closes, encodes its Parquet files, and takes what
    /// the commit and the progress record need of the window state, which the next batch goes on to change.
    /// </summary>
    private ComputedBatch Compute(BatchOffsets offsets, PreparedBatch prepared, bool replayed, CancellationToken abort)
    {
        var input = prepared.Input;
        var durations = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["latestOffset"] = (long)prepared.ReadTime.TotalMilliseconds };
        var phase = Stopwatch.StartNew();

        // A batch read ahead was decoded while the one before it was written; its decode time is its own.
        prepared.Decoded ??= Decode(input.Records, abort);
        var decoded = prepared.Decoded;
        durations["decode"] = (long)decoded.Elapsed.TotalMilliseconds;
        phase.Restart();

        // The watermark in force is fixed for the batch; late trades stay trades and get late-record rows.
        var watermarkInForce = _aggregator.WatermarkMs;
        // The aggregator reads the decoded trades and returns what it made of them (late-record rows here, bars below);
        // nothing the decoder handed over is changed. Late trades stay in the trades table.
        var late = _aggregator.Aggregate(decoded.Trades);
        var counts = decoded.Counts.WithLate(late.Count);
        ObserveWatermarks(decoded.Trades.Span);

        if (offsets.EndOfInput)
        {
            _watermarks.EndInput();
        }
        else
        {
            _watermarks.EndBatch(offsets.BatchTimeMs, offsets.EndedShards);
        }

        var bars = _aggregator.Advance(_watermarks.WatermarkMs);
        List<ErrorRecord> errors = [.. decoded.Errors, .. late];
        var state = new WindowStateSnapshot(_aggregator.WatermarkMs, [.. _aggregator.SnapshotState().Select(w => w.Copy())]) { Shards = [.. _watermarks.Shards] };
        var view = new AggregatorView(_aggregator.WatermarkMs, _aggregator.OpenWindowCount, ShardsProgress(offsets.BatchTimeMs));
        durations["aggregate"] = Lap(phase);

        var computed = new ComputedBatch(offsets, prepared, replayed, counts, TradeTimes.Of(decoded.Trades.Span), bars, errors, late.Count, watermarkInForce, state, view, durations);
        if (_iceberg is null)
        {
            try
            {
                computed.Files = BuildParquetTables(offsets.BatchId, decoded.Trades, bars, errors, input.Records);
            }
            catch
            {
                computed.Dispose();
                throw;
            }

            // The files hold all that writing needs of the trades: the decoded batch goes back now, for the batch after next,
            // instead of once this one is committed (one decoded batch less in memory). The records stay: the raw backup
            // and the report still read them.
            ReturnDecoded(prepared);
        }

        computed.EncodeMs = Lap(phase);
        return computed;
    }

    /// <summary>
    /// Writes and commits batch N, computed: plans it (<c>offsets/N</c>) unless it is a replay, records the keys it is about
    /// to write, writes its files and the raw backup, commits with the window state, and reports the batch.
    /// </summary>
    private async Task PersistAsync(ComputedBatch computed, RunSummary summary, CancellationToken abort)
    {
        var offsets = computed.Offsets;
        var input = computed.Prepared.Input;
        var batchId = offsets.BatchId;
        var durations = computed.Durations;
        var phase = Stopwatch.StartNew();
        if (!computed.Replayed)
        {
            await _committer.PlanAsync(offsets, abort).ConfigureAwait(false);
        }

        durations["walCommit"] = Lap(phase);
        var written = computed.Files is { } files
            ? await PutParquetTablesAsync(batchId, files, input.Records, abort).ConfigureAwait(false)
            : await WriteIcebergTablesAsync(batchId, computed.Prepared.Decoded!.Trades, computed.Bars, computed.Errors, input.Records, abort).ConfigureAwait(false);
        _probe.Reached("after-files", batchId);
        durations["addBatch"] = computed.EncodeMs + Lap(phase);

        // Leftovers of earlier attempts, then the catalog, then the commit with the window state: N is done only then.
        var reconciled = await _committer.CommitAsync(batchId, written, _iceberg is null ? Tables : [], computed.State, abort).ConfigureAwait(false);
        durations["commitOffsets"] = Lap(phase);

        var total = computed.Prepared.ReadTime + TimeSpan.FromMilliseconds(durations.Values.Sum() - durations["latestOffset"]);
        durations["triggerExecution"] = (long)total.TotalMilliseconds;
        var progress = Progress(offsets, input, computed.Counts, computed.TradeTimes, computed.Bars.Count, computed.Late, computed.WatermarkInForce,
            computed.View, written, reconciled, durations, total, computed.Replayed);
        await _checkpoint.WriteProgressAsync(batchId, progress.ToUtf8Json(), abort).ConfigureAwait(false);
        if (batchId >= _settings.RetainBatches)
        {
            await _checkpoint.DeleteBeforeAsync(batchId - _settings.RetainBatches + 1, abort).ConfigureAwait(false);
        }

        var report = new BatchReport(batchId, input.Records.Count, input.DataBytes, computed.Counts, computed.Bars.Count,
            computed.View.WatermarkMs, computed.View.OpenWindowCount, written, total, computed.Replayed, progress);
        summary.Add(report, computed.Bars, SampleBars);
        _lastActivity = Stopwatch.GetTimestamp();
        _progress.BatchCompleted(report);
    }

    // Each shard's watermark, latest event time and state at the batch time, as the progress record shows them.
    private SortedDictionary<string, ShardProgress> ShardsProgress(long batchTimeMs)
    {
        var shards = new SortedDictionary<string, ShardProgress>(StringComparer.Ordinal);
        foreach (var shard in _watermarks.Shards)
        {
            var watermark = _watermarks.WatermarkOf(shard);
            shards[shard.ShardId] = new ShardProgress(
                UtcTimestamp.FromEpochMs(watermark),
                UtcTimestamp.FromEpochMs(shard.MaxEventTimeMs),
                shard.Ended ? "ended" : _watermarks.IsActive(shard, batchTimeMs) ? "active" : "idle");
        }

        return shards;
    }

    // Consecutive trades mostly come from one shard: one lookup per run of them, not per trade.
    private void ObserveWatermarks(ReadOnlySpan<Trade> trades)
    {
        string? shard = null;
        var max = long.MinValue;
        foreach (ref readonly var trade in trades)
        {
            if (!ReferenceEquals(trade.Position.ShardId, shard))
            {
                if (shard is not null)
                {
                    _watermarks.Observe(shard, max);
                }

                shard = trade.Position.ShardId;
                max = trade.EventTimeMs;
            }
            else if (trade.EventTimeMs > max)
            {
                max = trade.EventTimeMs;
            }
        }

        if (shard is not null)
        {
            _watermarks.Observe(shard, max);
        }
    }

    /// <summary>Hive-style tables: the batch's files, planned and encoded (the three tables at once: their bytes do not depend on it).</summary>
    private ParquetBatchFiles BuildParquetTables(
        long batchId, TradeBuffer trades, IReadOnlyList<OhlcBar> bars, List<ErrorRecord> errors, IReadOnlyList<KinesisRecord> records)
    {
        var tradesPlan = _files.Plan(SparkEtlTables.Trades, trades, batchId);
        var barsPlan = _files.Plan(_ohlc, bars, batchId);
        var errorsPlan = _files.Plan(SparkEtlTables.Errors, errors, batchId);
        IReadOnlyList<string> backupKeys = _backup?.KeysOf(batchId, records) ?? [];
        var files = new ParquetBatchFiles([.. tradesPlan.Keys, .. barsPlan.Keys, .. errorsPlan.Keys, .. backupKeys]);
        try
        {
            Parallel.Invoke(
                () => files.Trades = _files.Build(tradesPlan),
                () => files.Bars = _files.Build(barsPlan),
                () => files.Errors = _files.Build(errorsPlan));
            return files;
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    /// <summary>Hive-style tables: every key is recorded before the first is put, so a later attempt can find them.</summary>
    private async Task<List<WrittenFile>> PutParquetTablesAsync(long batchId, ParquetBatchFiles files, IReadOnlyList<KinesisRecord> records, CancellationToken abort)
    {
        await _committer.RecordIntentAsync(batchId, files.Keys, abort).ConfigureAwait(false);
        var written = new List<WrittenFile>();
        written.AddRange(await _files.PutAsync(files.Trades!, abort).ConfigureAwait(false));
        _probe.Reached("after-first-file", batchId);
        written.AddRange(await _files.PutAsync(files.Bars!, abort).ConfigureAwait(false));
        written.AddRange(await _files.PutAsync(files.Errors!, abort).ConfigureAwait(false));
        if (_backup is not null)
        {
            written.AddRange(await _backup.WriteAsync(batchId, records, abort).ConfigureAwait(false));
        }

        return written;
    }

    /// <summary>
    /// Iceberg tables: each is written and committed as one snapshot per batch (skipped when an earlier attempt committed
    /// it), and its unreferenced files of the batch are deleted; only the raw backup goes through the intents.
    /// </summary>
    private async Task<List<WrittenFile>> WriteIcebergTablesAsync(
        long batchId, TradeBuffer trades, IReadOnlyList<OhlcBar> bars, List<ErrorRecord> errors, IReadOnlyList<KinesisRecord> records, CancellationToken abort)
    {
        IReadOnlyList<string> backupKeys = _backup?.KeysOf(batchId, records) ?? [];
        await _committer.RecordIntentAsync(batchId, backupKeys, abort).ConfigureAwait(false);
        var written = new List<WrittenFile>();
        written.AddRange(await _iceberg!.WriteBatchAsync(SparkEtlTables.Trades, trades, batchId, _queryId, abort).ConfigureAwait(false));
        _probe.Reached("after-first-file", batchId);
        written.AddRange(await _iceberg.WriteBatchAsync(_ohlc, bars, batchId, _queryId, abort).ConfigureAwait(false));
        written.AddRange(await _iceberg.WriteBatchAsync(SparkEtlTables.Errors, errors, batchId, _queryId, abort).ConfigureAwait(false));
        if (_backup is not null)
        {
            written.AddRange(await _backup.WriteAsync(batchId, records, abort).ConfigureAwait(false));
        }

        return written;
    }

    private QueryProgress Progress(
        BatchOffsets offsets, SourceBatch input, TransformCounts counts, TradeTimes trades, int barsEmitted, long late, long watermarkInForce,
        AggregatorView view, List<WrittenFile> written, int reconciled, SortedDictionary<string, long> durations, TimeSpan total, bool replayed)
    {
        var now = Stopwatch.GetTimestamp();
        var sincePrevious = Stopwatch.GetElapsedTime(_previousBatchStart, now).TotalSeconds;
        _previousBatchStart = now;
        var inputRate = sincePrevious > 0 ? input.Records.Count / sincePrevious : 0;
        var processedRate = total.TotalSeconds > 0 ? input.Records.Count / total.TotalSeconds : 0;

        var eventTime = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (trades.Count > 0)
        {
            eventTime["min"] = UtcTimestamp.FromEpochMs(trades.MinMs);
            eventTime["max"] = UtcTimestamp.FromEpochMs(trades.MaxMs);
            eventTime["avg"] = UtcTimestamp.FromEpochMs((long)(trades.SumMs / trades.Count));
        }

        if (view.WatermarkMs != long.MinValue)
        {
            eventTime["watermark"] = UtcTimestamp.FromEpochMs(view.WatermarkMs);
        }

        var rowsPerTable = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            rowsPerTable[table.Name] = written.Where(f => f.Table == table.Name).Sum(f => f.Rows);
        }

        return new QueryProgress
        {
            Id = _queryId,
            RunId = _committer.RunId,
            Timestamp = UtcTimestamp.Of(DateTimeOffset.UtcNow),
            BatchId = offsets.BatchId,
            NumInputRows = input.Records.Count,
            InputRowsPerSecond = Math.Round(inputRate, 1),
            ProcessedRowsPerSecond = Math.Round(processedRate, 1),
            DurationMs = durations,
            EventTime = eventTime,
            WatermarkInForce = watermarkInForce == long.MinValue ? null : UtcTimestamp.FromEpochMs(watermarkInForce),
            Shards = view.Shards,
            StateOperators = [new StateOperatorProgress(StateOperator, view.OpenWindowCount, trades.Count, barsEmitted, late)],
            Sources = [new SourceProgress(_source.Description, offsets.Start, offsets.End, input.Records.Count, Math.Round(inputRate, 1), Math.Round(processedRate, 1),
                new SortedDictionary<string, long>(input.Metrics?.ToDictionary() ?? [], StringComparer.Ordinal))],
            Sink = new SinkProgress(_warehouse.Root, written.Sum(f => f.Rows), written.Count) { NumLeftoversDeleted = reconciled },
            RowsPerTable = rowsPerTable,
            ErrorsByType = new(ErrorTypes.All.Where(t => counts.ErrorRowsOf(t) > 0).ToDictionary(t => t.Code(), counts.ErrorRowsOf), StringComparer.Ordinal),
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
