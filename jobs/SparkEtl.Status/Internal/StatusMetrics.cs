using Prometheus;

namespace SparkEtl.Status.Internal;

/// <summary>
/// The <c>sparketl_*</c> metrics of one server, in a registry of its own (never prometheus-net's static default, so two
/// servers in one process keep apart). Counters are sums over every batch observed; gauges say what the last batch left.
/// Gauges that mean nothing before the first batch are absent until then.
/// </summary>
internal sealed class StatusMetrics
{
    // Phases run from a millisecond (a small commit) to minutes (a large batch on S3).
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly string _queryName;
    private readonly Counter _batches;
    private readonly Counter _replayedBatches;
    private readonly Counter _inputRecords;
    private readonly Counter _rowsWritten;
    private readonly Counter _errors;
    private readonly Counter _dropped;
    private readonly Counter _outputFiles;
    private readonly Histogram _phaseDuration;
    private readonly Gauge _lastBatchId;
    private readonly Gauge _lastBatchTime;
    private readonly Gauge _inputRate;
    private readonly Gauge _processedRate;
    private readonly Gauge _queryWatermark;
    private readonly Gauge _shardWatermark;
    private readonly Gauge _shardMaxEventTime;
    private readonly Gauge _shardLag;
    private readonly Gauge _openWindows;
    private readonly Gauge _info;
    private (string Id, string RunId)? _infoLabels;

    public StatusMetrics(string queryName)
    {
        _queryName = queryName;
        var factory = Metrics.WithCustomRegistry(_registry);
        var absentUntilSet = new GaugeConfiguration { SuppressInitialValue = true };
        _batches = factory.CreateCounter("sparketl_batches_total", "Micro-batches committed.");
        _replayedBatches = factory.CreateCounter("sparketl_batches_replayed_total", "Micro-batches run again after a crash, from their checkpointed offsets.");
        _inputRecords = factory.CreateCounter("sparketl_input_records_total", "Kinesis records read (numInputRows).");
        _rowsWritten = factory.CreateCounter("sparketl_rows_written_total", "Rows written, per table.", ["table"]);
        _errors = factory.CreateCounter("sparketl_errors_total", "Rows of the errors table, per error type.", ["type"]);
        _dropped = factory.CreateCounter("sparketl_dropped_records_total", "Records dropped on purpose, per reason.", ["reason"]);
        _outputFiles = factory.CreateCounter("sparketl_output_files_total", "Data files written.");
        _phaseDuration = factory.CreateHistogram("sparketl_batch_duration_seconds",
            "Time a micro-batch spent per phase (triggerExecution: the whole batch).", ["phase"],
            new HistogramConfiguration { Buckets = DurationBuckets });
        _lastBatchId = factory.CreateGauge("sparketl_last_batch_id", "Id of the last committed micro-batch.", absentUntilSet);
        _lastBatchTime = factory.CreateGauge("sparketl_last_batch_timestamp_seconds", "When the last micro-batch finished, Unix time.", absentUntilSet);
        _inputRate = factory.CreateGauge("sparketl_input_rows_per_second", "Input rate of the last micro-batch: records per second since the one before.", absentUntilSet);
        _processedRate = factory.CreateGauge("sparketl_processed_rows_per_second", "Processing rate of the last micro-batch: records per second of its own duration.", absentUntilSet);
        _queryWatermark = factory.CreateGauge("sparketl_query_watermark_seconds", "The query's watermark after the last micro-batch, Unix time (+Inf once a bounded input ended).", absentUntilSet);
        _shardWatermark = factory.CreateGauge("sparketl_watermark_seconds", "Each shard's own watermark after the last micro-batch, Unix time.", ["shard"]);
        _shardMaxEventTime = factory.CreateGauge("sparketl_shard_max_event_time_seconds", "The latest valid event time each shard delivered, Unix time.", ["shard"]);
        _shardLag = factory.CreateGauge("sparketl_shard_lag_milliseconds", "How far each shard's reader is behind the tip of the stream (Kinesis millisBehindLatest).", ["shard"]);
        _openWindows = factory.CreateGauge("sparketl_open_windows", "Event-time windows still open, waiting for the watermark to pass their end.", absentUntilSet);
        _info = factory.CreateGauge("sparketl_query_info", "The query this server reports on (always 1).", ["name", "id", "run_id"]);
    }

    public void Observe(BatchPoint point)
    {
        var progress = point.Progress;
        _batches.Inc();
        if (progress.Replayed)
        {
            _replayedBatches.Inc();
        }

        _inputRecords.Inc(progress.NumInputRows);
        _outputFiles.Inc(progress.Sink.NumFiles);
        foreach (var (table, rows) in progress.RowsPerTable)
        {
            _rowsWritten.WithLabels(table).Inc(rows);
        }

        foreach (var (type, count) in progress.ErrorsByType)
        {
            _errors.WithLabels(type).Inc(count);
        }

        foreach (var (reason, count) in progress.DroppedByReason)
        {
            _dropped.WithLabels(reason).Inc(count);
        }

        foreach (var (phase, ms) in progress.DurationMs)
        {
            _phaseDuration.WithLabels(phase).Observe(ms / 1000.0);
        }

        _lastBatchId.Set(progress.BatchId);
        if (point.Time is { } time)
        {
            _lastBatchTime.Set(time.ToUnixTimeMilliseconds() / 1000.0);
        }

        _inputRate.Set(progress.InputRowsPerSecond);
        _processedRate.Set(progress.ProcessedRowsPerSecond);
        if (point.Watermark is { } watermark)
        {
            _queryWatermark.Set(watermark / 1000.0);
        }

        foreach (var (shard, ms) in point.ShardWatermarks)
        {
            _shardWatermark.WithLabels(shard).Set(ms / 1000.0);
        }

        foreach (var (shard, state) in progress.Shards)
        {
            if (ProgressTime.ToEpochMs(state.MaxEventTime) is { } max)
            {
                _shardMaxEventTime.WithLabels(shard).Set(max / 1000.0);
            }
        }

        foreach (var (shard, lag) in point.LagMs)
        {
            _shardLag.WithLabels(shard).Set(lag);
        }

        _openWindows.Set(point.OpenWindows);
        if (_infoLabels != (progress.Id, progress.RunId))
        {
            if (_infoLabels is { } previous)
            {
                _info.RemoveLabelled(_queryName, previous.Id, previous.RunId);
            }

            _info.WithLabels(_queryName, progress.Id, progress.RunId).Set(1);
            _infoLabels = (progress.Id, progress.RunId);
        }
    }

    /// <summary>Writes every metric in the Prometheus text exposition format (version 0.0.4).</summary>
    public Task ExportAsync(Stream output, CancellationToken cancellationToken) =>
        _registry.CollectAndExportAsTextAsync(output, ExpositionFormat.PrometheusText, cancellationToken);
}
