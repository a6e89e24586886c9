using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Aggregation;

/// <summary>
/// The <c>late-record</c> error of a trade behind the watermark: its raw data is the trade as ticker JSON
/// (so it can be replayed from the errors table) and its message names the event time, the watermark and
/// the gap. Both engines build late errors with it: the embedded loop and the Spark job's decode UDF.
/// </summary>
public static class LateTradeErrors
{
    /// <summary>True when a trade at <paramref name="eventTimeMs"/> is behind <paramref name="watermarkMs"/> (the watermark in force for the batch).</summary>
    public static bool IsLate(long eventTimeMs, long watermarkMs) => eventTimeMs < watermarkMs;

    /// <summary>
    /// The error row for <paramref name="trade"/>, late for the window of <paramref name="windowSizeMs"/> starting at
    /// <paramref name="windowStartMs"/> under <paramref name="watermarkMs"/>. Its arrival time is the trade's.
    /// </summary>
    public static ErrorRecord Create(in Trade trade, long windowStartMs, long windowSizeMs, long watermarkMs)
    {
        var sector = trade.Sector is null
            ? "null"
            : "\"" + JsonEncodedText.Encode(trade.Sector, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value + "\"";
        var json = string.Create(CultureInfo.InvariantCulture,
            $"{{\"TICKER_SYMBOL\":\"{trade.Symbol}\",\"SECTOR\":{sector},\"PRICE\":{trade.Price:R},\"EVENT_TIME\":{trade.EventTimeMs}}}");
        var windowEnd = windowStartMs > long.MaxValue - windowSizeMs ? long.MaxValue : windowStartMs + windowSizeMs;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"EVENT_TIME {UtcTimestamp.FromEpochMs(trade.EventTimeMs)} is behind the watermark {UtcTimestamp.FromEpochMs(watermarkMs)} by {watermarkMs - trade.EventTimeMs} ms, so window [{UtcTimestamp.FromEpochMs(windowStartMs)}, {UtcTimestamp.FromEpochMs(windowEnd)}) of {trade.Symbol} leaves it out; the trade itself is in trades ({trade.Position})");
        return new ErrorRecord(ErrorType.LateRecord, message, Encoding.UTF8.GetBytes(json), trade.Position, trade.LogEventId, trade.ArrivalMs);
    }
}
