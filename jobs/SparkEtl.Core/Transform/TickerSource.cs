using SparkEtl.Core.Records;

namespace SparkEtl.Core.Transform;

/// <summary>
/// Where a ticker JSON object came from, as <see cref="TickerTransform"/> needs it: lineage for the
/// trade, the times event time falls back on, and the location that error messages name.
/// </summary>
/// <param name="Position">The Kinesis record, KPL sub-record and log event the object came from.</param>
/// <param name="ArrivalMs">The Kinesis approximate arrival time, epoch ms UTC: the last event-time fallback, and the errors' arrival time.</param>
/// <param name="LogGroup">The CloudWatch Logs group when the object came in an envelope, else null.</param>
/// <param name="LogEventId">The CloudWatch Logs event id when the object came in an envelope, else null.</param>
/// <param name="LogEventTimestampMs">The log event's timestamp, epoch ms UTC, else null: the event time when EVENT_TIME is absent.</param>
public readonly record struct TickerSource(
    SourcePosition Position,
    long ArrivalMs,
    string? LogGroup = null,
    string? LogEventId = null,
    long? LogEventTimestampMs = null)
{
    /// <summary>The location for error messages: the position, then the log event id when there is one.</summary>
    internal string Where => LogEventId is null ? Position.ToString() : $"{Position}, log event id {LogEventId}";

    /// <summary>A failure of this source with a message that ends in <see cref="Where"/>; copies <paramref name="rawData"/>.</summary>
    internal ErrorRecord Error(ErrorType type, string message, ReadOnlySpan<byte> rawData) =>
        new(type, $"{message} ({Where})", rawData.ToArray(), Position, LogEventId, ArrivalMs);
}
