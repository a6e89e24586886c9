using SparkEtl.Core.Records;

namespace SparkEtl.Core.Transform;

/// <summary>
/// A clean ticker record: the transform's Ok result and a row of the <c>trades</c> table.
/// CHANGE is dropped by the transform, as in the seed job.
/// </summary>
/// <param name="Symbol">TICKER_SYMBOL, validated (e.g. <c>JIB</c>, <c>BRK.B</c>); interned.</param>
/// <param name="Sector">SECTOR as sent, or null when absent; interned.</param>
/// <param name="Price">PRICE, finite and positive.</param>
/// <param name="EventTimeMs">EVENT_TIME, else the log event timestamp, else the arrival time; epoch ms UTC.</param>
/// <param name="Position">Where the record came from; also the tie-break for equal event times.</param>
/// <param name="LogGroup">The CloudWatch Logs group for records that came in an envelope, else null.</param>
/// <param name="LogEventId">The CloudWatch Logs event id for records that came in an envelope, else null.</param>
/// <param name="ArrivalMs">When Kinesis accepted the record the trade came in, epoch ms UTC: bounds the event time, and dates the trade's late-record error.</param>
public readonly record struct Trade(
    string Symbol,
    string? Sector,
    double Price,
    long EventTimeMs,
    SourcePosition Position,
    string? LogGroup,
    string? LogEventId,
    long ArrivalMs);
