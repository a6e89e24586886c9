using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tables;

/// <summary>The tables SparkEtl writes: <c>trades</c>, <c>ohlc_*</c> and <c>errors</c> (DESIGN.md, "Tables").</summary>
public static class SparkEtlTables
{
    /// <summary>Clean trades, partitioned by the UTC day of their event time.</summary>
    public static TableDefinition<Trade> Trades { get; } = new(
        "trades",
        "Clean stock-ticker trades with their source lineage.",
        [
            new("ticker_symbol", ParquetColumnType.String, false, "Ticker symbol, e.g. JIB or BRK.B.",
                static (w, i, in t) => w.WriteString(i, t.Symbol)),
            new("sector", ParquetColumnType.String, true, "Sector as sent, e.g. AUTOMOBILE.",
                static (w, i, in t) => w.WriteString(i, t.Sector)),
            new("price", ParquetColumnType.Double, false, "Trade price.",
                static (w, i, in t) => w.WriteDouble(i, t.Price)),
            new("event_time", ParquetColumnType.TimestampMillis, false, "Event time (EVENT_TIME, else log event time, else arrival), UTC.",
                static (w, i, in t) => w.WriteTimestampMillis(i, t.EventTimeMs)),
            new("shard_id", ParquetColumnType.String, false, "Kinesis shard the record was read from.",
                static (w, i, in t) => w.WriteString(i, t.Position.ShardId)),
            new("sequence_number", ParquetColumnType.String, false, "Kinesis sequence number of the record.",
                static (w, i, in t) => WriteSequenceNumber(w, i, t.Position)),
            new("sub_sequence", ParquetColumnType.Int64, true, "Index within a KPL aggregate, when the record was aggregated.",
                static (w, i, in t) => w.WriteInt64(i, t.Position.SubSequence < 0 ? null : t.Position.SubSequence)),
            new("log_group", ParquetColumnType.String, true, "CloudWatch Logs group, when the record came in a log envelope.",
                static (w, i, in t) => w.WriteString(i, t.LogGroup)),
            new("log_event_id", ParquetColumnType.String, true, "CloudWatch Logs event id, when the record came in a log envelope.",
                static (w, i, in t) => WriteLogEventId(w, i, t)),
        ],
        static (in t) => t.EventTimeMs);

    // A sequence number a file source numbered itself is written from its number (ASCII digits), with no string made.
    private static void WriteSequenceNumber(ParquetFileWriter writer, int column, in SourcePosition position)
    {
        Span<byte> digits = stackalloc byte[20];
        if (position.TryFormatNumericSequenceNumber(digits, out var length))
        {
            writer.WriteTrustedUtf8(column, digits[..length]);
        }
        else
        {
            writer.WriteString(column, position.SequenceNumber);
        }
    }

    // A trade kept in a TradeBuffer holds its id as UTF-8: written as it is, with no string made.
    private static void WriteLogEventId(ParquetFileWriter writer, int column, in Trade trade)
    {
        if (trade.TryGetLogEventIdUtf8(out var utf8))
        {
            writer.WriteUtf8(column, utf8);
        }
        else
        {
            writer.WriteString(column, trade.LogEventId);
        }
    }

    /// <summary>Records that failed or came late, with their raw bytes, partitioned by the UTC day of their arrival.</summary>
    public static TableDefinition<ErrorRecord> Errors { get; } = new(
        "errors",
        "Records that failed to decode or validate, or came behind the watermark; nothing is lost.",
        [
            new("error_type", ParquetColumnType.String, false, "Reason code: decompression-failed, parse-failed, validation-failed, late-record, ...",
                static (w, i, in e) => w.WriteString(i, e.Type.Code())),
            new("message", ParquetColumnType.String, false, "What was expected, what was found and where.",
                static (w, i, in e) => w.WriteString(i, e.Message)),
            new("raw_data", ParquetColumnType.String, false, "The bytes that failed, base64.",
                static (w, i, in e) => w.WriteString(i, Convert.ToBase64String(e.RawData.Span))),
            new("shard_id", ParquetColumnType.String, false, "Kinesis shard of the record.",
                static (w, i, in e) => w.WriteString(i, e.Position.ShardId)),
            new("sequence_number", ParquetColumnType.String, false, "Kinesis sequence number of the record.",
                static (w, i, in e) => WriteSequenceNumber(w, i, e.Position)),
            new("sub_sequence", ParquetColumnType.Int64, true, "Index within a KPL aggregate, when aggregated.",
                static (w, i, in e) => w.WriteInt64(i, e.Position.SubSequence < 0 ? null : e.Position.SubSequence)),
            new("log_event_id", ParquetColumnType.String, true, "CloudWatch Logs event id, when the failure is inside a log event.",
                static (w, i, in e) => w.WriteString(i, e.LogEventId)),
            new("arrival_time", ParquetColumnType.TimestampMillis, false, "Kinesis approximate arrival time of the record, UTC.",
                static (w, i, in e) => w.WriteTimestampMillis(i, e.ArrivalMs)),
        ],
        static (in e) => e.ArrivalMs);

    /// <summary>One-window OHLC bars per ticker (table <c>ohlc_1m</c> for one-minute windows), partitioned by the UTC day of the window start.</summary>
    public static TableDefinition<OhlcBar> Ohlc(string tableName) => new(
        tableName,
        "Open, high, low and close per ticker and event-time window.",
        [
            new("window_start", ParquetColumnType.TimestampMillis, false, "Window start (inclusive), UTC.",
                static (w, i, in b) => w.WriteTimestampMillis(i, b.WindowStartMs)),
            new("window_end", ParquetColumnType.TimestampMillis, false, "Window end (exclusive), UTC.",
                static (w, i, in b) => w.WriteTimestampMillis(i, b.WindowEndMs)),
            new("ticker_symbol", ParquetColumnType.String, false, "Ticker symbol.",
                static (w, i, in b) => w.WriteString(i, b.Symbol)),
            new("sector", ParquetColumnType.String, true, "Sector of the latest trade in the window that had one.",
                static (w, i, in b) => w.WriteString(i, b.Sector)),
            new("open", ParquetColumnType.Double, false, "Price of the first trade by event time (ties: source order).",
                static (w, i, in b) => w.WriteDouble(i, b.Open)),
            new("high", ParquetColumnType.Double, false, "Highest price.",
                static (w, i, in b) => w.WriteDouble(i, b.High)),
            new("low", ParquetColumnType.Double, false, "Lowest price.",
                static (w, i, in b) => w.WriteDouble(i, b.Low)),
            new("close", ParquetColumnType.Double, false, "Price of the last trade by event time (ties: source order).",
                static (w, i, in b) => w.WriteDouble(i, b.Close)),
            new("trade_count", ParquetColumnType.Int64, false, "Trades in the window.",
                static (w, i, in b) => w.WriteInt64(i, b.TradeCount)),
            new("avg_price", ParquetColumnType.Double, false, "Mean price.",
                static (w, i, in b) => w.WriteDouble(i, b.AveragePrice)),
        ],
        static (in b) => b.WindowStartMs);
}
