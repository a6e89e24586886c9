namespace SparkEtl.Soak.Internal;

/// <summary>
/// One unit of a produced Kinesis record and what it must become. Its identity in the tables is the record's shard and
/// sequence number (known once it is on the stream) plus <see cref="SubSequence"/> and <see cref="LogEventId"/>.
/// </summary>
/// <param name="Kind">What the unit must become.</param>
/// <param name="SubSequence">The index in a KPL aggregate, or null.</param>
/// <param name="LogEventId">The CloudWatch log event id, or null.</param>
/// <param name="ExpectedError">For <see cref="UnitKind.Error"/>: the error type the soak expects (reported, not required).</param>
/// <param name="Symbol">The ticker symbol (empty for a whole record that is not a ticker).</param>
/// <param name="Sector">The sector sent.</param>
/// <param name="EventTimeMs">The event time the trade must have, epoch ms.</param>
/// <param name="PriceCents">The price in cents.</param>
internal sealed record ProducedUnit(
    UnitKind Kind,
    long? SubSequence,
    string? LogEventId,
    string? ExpectedError,
    string Symbol,
    string Sector,
    long EventTimeMs,
    long PriceCents);
