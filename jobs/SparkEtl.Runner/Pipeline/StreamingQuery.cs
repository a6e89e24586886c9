using System.Diagnostics;
using System.Globalization;
using System.Text;
using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;
using SparkEtl.Runner.Sources;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// The embedded engine's micro-batch loop: read a batch within the limits, decode and transform it,
/// aggregate trades into event-time windows, and write the batch's trades, closed bars and errors as
/// Parquet. A bounded source ends with the watermark at +infinity, so every window is emitted.
/// </summary>
public sealed class StreamingQuery
{
    private const int SampleBars = 8;

    private readonly EtlSettings _settings;
    private readonly IRecordSource _source;
    private readonly IProgressListener _progress;
    private readonly BatchDecoder _decoder;
    private readonly TableFileWriter _files;
    private readonly OhlcWindowAggregator _aggregator;
    private readonly TableDefinition<OhlcBar> _ohlc;

    public StreamingQuery(EtlSettings settings, IRecordSource source, IObjectStore warehouse, IProgressListener progress)
    {
        _settings = settings;
        _source = source;
        _progress = progress;
        _decoder = new BatchDecoder(new DecoderOptions { MaxDecompressedBytes = settings.MaxDecompressedBytes }, Environment.ProcessorCount);
        _files = new TableFileWriter(warehouse, settings.Parquet);
        _aggregator = new OhlcWindowAggregator(settings.Window.SizeMs, settings.Window.WatermarkDelayMs);
        _ohlc = SparkEtlTables.Ohlc(settings.Window.OhlcTableName);
    }

    /// <summary>The tables this query writes, in the order reports list them.</summary>
    public IReadOnlyList<TableDefinition> Tables => [SparkEtlTables.Trades, _ohlc, SparkEtlTables.Errors];

    /// <summary>Runs batches until the trigger says stop (for a bounded source: until it is drained).</summary>
    public async Task<RunSummary> RunAsync(CancellationToken cancellationToken)
    {
        var summary = new RunSummary(Tables.Select(t => t.Name));
        var clock = Stopwatch.StartNew();
        for (long batchId = 0; ; batchId++)
        {
            var phase = Stopwatch.StartNew();
            var input = await _source.ReadBatchAsync(_settings.Batch, cancellationToken).ConfigureAwait(false);
            var readTime = phase.Elapsed;
            if (input.Records.Count == 0 && !input.EndOfInput)
            {
                // Nothing available now: for a bounded trigger that is the end.
                break;
            }

            var (report, bars) = await RunBatchAsync(batchId, input, readTime, cancellationToken).ConfigureAwait(false);
            summary.Add(report, bars, SampleBars);
            _progress.BatchCompleted(report);
            if (input.EndOfInput || _settings.Trigger.Kind == TriggerKind.Once)
            {
                break;
            }
        }

        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    private async Task<(BatchReport, IReadOnlyList<OhlcBar>)> RunBatchAsync(long batchId, SourceBatch input, TimeSpan readTime, CancellationToken cancellationToken)
    {
        var phase = Stopwatch.StartNew();
        var decoded = _decoder.Decode(input.Records, cancellationToken);
        var decodeTime = phase.Elapsed;

        phase.Restart();
        var trades = new List<Trade>(decoded.Trades.Count);
        var errors = decoded.Errors;
        var watermarkInForce = _aggregator.WatermarkMs;
        for (var i = 0; i < decoded.Trades.Count; i++)
        {
            var trade = decoded.Trades[i];
            if (_aggregator.TryAdd(trade))
            {
                trades.Add(trade);
            }
            else
            {
                decoded.Counts.MarkLate();
                errors.Add(LateRecord(trade, decoded.TradeArrivalsMs[i], watermarkInForce));
            }
        }

        var bars = new List<OhlcBar>(_aggregator.EndBatch());
        if (input.EndOfInput)
        {
            bars.AddRange(_aggregator.EndInput());
        }

        var aggregateTime = phase.Elapsed;

        phase.Restart();
        var written = await Task.WhenAll(
            _files.WriteAsync(SparkEtlTables.Trades, trades, batchId, cancellationToken),
            _files.WriteAsync(_ohlc, bars, batchId, cancellationToken),
            _files.WriteAsync(SparkEtlTables.Errors, errors, batchId, cancellationToken)).ConfigureAwait(false);
        var writeTime = phase.Elapsed;

        var report = new BatchReport(
            batchId, input.Records.Count, input.DataBytes, decoded.Counts, bars.Count,
            _aggregator.WatermarkMs, _aggregator.OpenWindowCount, [.. written.SelectMany(f => f)],
            readTime, decodeTime, aggregateTime, writeTime);
        return (report, bars);
    }

    /// <summary>
    /// A trade behind the watermark, kept in <c>errors</c>. Its raw data is the trade as ticker JSON,
    /// so the record can be replayed from the errors table.
    /// </summary>
    private static ErrorRecord LateRecord(in Trade trade, long arrivalMs, long watermarkMs)
    {
        var json = string.Create(CultureInfo.InvariantCulture,
            $"{{\"TICKER_SYMBOL\":\"{trade.Symbol}\",\"SECTOR\":{(trade.Sector is null ? "null" : $"\"{trade.Sector}\"")},\"PRICE\":{trade.Price:R},\"EVENT_TIME\":{trade.EventTimeMs}}}");
        var message = string.Create(CultureInfo.InvariantCulture,
            $"EVENT_TIME {Iso(trade.EventTimeMs)} is behind the watermark {Iso(watermarkMs)} by {watermarkMs - trade.EventTimeMs} ms, so it is not aggregated ({trade.Position})");
        return new ErrorRecord(ErrorType.LateRecord, message, Encoding.UTF8.GetBytes(json), trade.Position, trade.LogEventId, arrivalMs);
    }

    private static string Iso(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
