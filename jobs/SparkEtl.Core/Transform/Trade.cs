using SparkEtl.Core.Records;
using SparkEtl.Core.Transform.Internal;

namespace SparkEtl.Core.Transform;

/// <summary>
/// A clean ticker record: the transform's Ok result and a row of the <c>trades</c> table.
/// CHANGE is dropped by the transform, as in the seed job.
/// </summary>
/// <remarks>
/// A trade kept in a <see cref="TradeBuffer"/> holds its log event id as UTF-8 in the buffer's memory rather than as a
/// string, so keeping a trade allocates nothing; <see cref="LogEventId"/> then makes the string when read. Such a trade
/// is valid until its buffer is cleared.
/// </remarks>
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
    long ArrivalMs)
{
    private readonly string? _logEventId = LogEventId;
    private readonly Utf8Slice _logEventIdUtf8;

    /// <summary>The CloudWatch Logs event id for records that came in an envelope, else null.</summary>
    public string? LogEventId
    {
        get => _logEventId ?? _logEventIdUtf8.ToStringOrNull();
        init
        {
            _logEventId = value;
            _logEventIdUtf8 = default;
        }
    }

    /// <summary>The log event id as UTF-8 when the trade holds it so (kept in a <see cref="TradeBuffer"/>), else false.</summary>
    internal bool TryGetLogEventIdUtf8(out ReadOnlySpan<byte> utf8)
    {
        utf8 = _logEventIdUtf8.Span;
        return _logEventIdUtf8.IsSet;
    }

    /// <summary>Whether the trade holds its log event id as UTF-8 in a buffer's memory.</summary>
    internal bool HoldsLogEventIdUtf8 => _logEventIdUtf8.IsSet;

    /// <summary>This trade with its log event id held as UTF-8 in <paramref name="id"/>.</summary>
    internal Trade WithLogEventIdUtf8(Utf8Slice id) => this with { LogEventId = null, LogEventIdUtf8 = id };

    private Utf8Slice LogEventIdUtf8
    {
        init => _logEventIdUtf8 = value;
    }

    /// <summary>Equal when every value is equal, however the log event id is held.</summary>
    public bool Equals(Trade other) =>
        Symbol == other.Symbol && Sector == other.Sector && Price.Equals(other.Price) && EventTimeMs == other.EventTimeMs
        && Position == other.Position && LogGroup == other.LogGroup && ArrivalMs == other.ArrivalMs && LogEventId == other.LogEventId;

    public override int GetHashCode() => HashCode.Combine(Symbol, Sector, Price, EventTimeMs, Position, LogGroup, LogEventId, ArrivalMs);
}
