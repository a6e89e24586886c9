using System.Globalization;
using System.Text;
using SparkEtl.Core.Records;

namespace SparkEtl.Core.Transform.Internal;

/// <summary>
/// The event-time bound both engines apply in the transform: an event time must lie in
/// <see cref="TickerTransform.MinEventTimeMs"/>..<see cref="TickerTransform.MaxEventTimeMs"/> (1970-01-01 to
/// 9999-12-31T23:59:59.999Z, the days a partition can name) and at most the allowed future skew after its
/// record's arrival time; otherwise it is an <c>event-time-out-of-range</c> error.
/// </summary>
/// <remarks>
/// An arrival time outside the same range cannot bound anything, and an error row dated by it could not be
/// partitioned: the whole record becomes one <c>event-time-out-of-range</c> error dated <see cref="UnplaceableArrivalMs"/>
/// (1970-01-01T00:00:00.000Z), its message naming the arrival time it carried. No source SparkEtl ships hands out such
/// a record (Kinesis cannot; the capture-file reader turns such a line into <c>capture-line-invalid</c>), so this is the
/// guard that keeps any other caller from writing an unpartitionable row.
/// </remarks>
internal static class EventTimeBound
{
    /// <summary>The arrival time of the error row of a record whose own arrival time is out of range: the epoch.</summary>
    public const long UnplaceableArrivalMs = 0;

    private static readonly string Range =
        $"{UtcTimestamp.FromEpochMs(TickerTransform.MinEventTimeMs)} to {UtcTimestamp.FromEpochMs(TickerTransform.MaxEventTimeMs)}";

    public static bool InRange(long epochMs) => epochMs is >= TickerTransform.MinEventTimeMs and <= TickerTransform.MaxEventTimeMs;

    /// <summary>An arrival time an error row can be dated (and partitioned) by.</summary>
    public static long RowArrivalMs(long arrivalMs) => InRange(arrivalMs) ? arrivalMs : UnplaceableArrivalMs;

    /// <summary>
    /// Whether <paramref name="eventTimeMs"/> is within range and at most <paramref name="maxFutureSkewMs"/> after
    /// <paramref name="arrivalMs"/>, which must be in range. Both in range, the difference cannot overflow.
    /// </summary>
    public static bool Allows(long eventTimeMs, long arrivalMs, long maxFutureSkewMs) =>
        InRange(eventTimeMs) && eventTimeMs - arrivalMs <= maxFutureSkewMs;

    /// <summary>
    /// The message of the error of an event time <see cref="Allows"/> refuses, naming the event time and where it
    /// came from (<paramref name="origin"/>), the arrival time and the allowed skew. Off the hot path: only failures build it.
    /// </summary>
    public static string Problem(long eventTimeMs, string origin, long arrivalMs, long maxFutureSkewMs)
    {
        if (!InRange(eventTimeMs))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Event time {Describe(eventTimeMs)} (from {origin}) is outside {Range}; the record arrived at {UtcTimestamp.FromEpochMs(arrivalMs)}, and an event time may be at most {Duration(maxFutureSkewMs)} after its arrival (event.maxFutureSkew)");
        }

        var ahead = eventTimeMs - arrivalMs;
        return string.Create(CultureInfo.InvariantCulture,
            $"Event time {UtcTimestamp.FromEpochMs(eventTimeMs)} (from {origin}) is {Duration(ahead)} after the record's arrival at {UtcTimestamp.FromEpochMs(arrivalMs)}, more than the allowed future skew of {Duration(maxFutureSkewMs)} (event.maxFutureSkew)");
    }

    /// <summary>The error of a record whose arrival time is out of range, dated <see cref="UnplaceableArrivalMs"/>.</summary>
    public static ErrorRecord ArrivalOutOfRange(SourcePosition position, long arrivalMs, long maxFutureSkewMs, ReadOnlySpan<byte> rawData)
    {
        var message = string.Create(CultureInfo.InvariantCulture,
            $"The record's arrival time {Describe(arrivalMs)} is outside {Range}, so no event time can be checked against it (allowed future skew {Duration(maxFutureSkewMs)}, event.maxFutureSkew); this row is dated {UtcTimestamp.FromEpochMs(UnplaceableArrivalMs)} instead ({position})");
        return new ErrorRecord(ErrorType.EventTimeOutOfRange, message, rawData.ToArray(), position, null, UnplaceableArrivalMs);
    }

    /// <summary>A time as ISO-8601 when it is in range, else as the epoch milliseconds it is.</summary>
    public static string Describe(long epochMs) =>
        InRange(epochMs) ? UtcTimestamp.FromEpochMs(epochMs) : string.Create(CultureInfo.InvariantCulture, $"{epochMs} ms since the epoch");

    /// <summary>A span of milliseconds as <c>15m (900000 ms)</c>, <c>1d 2h (93600000 ms)</c> or <c>250 ms</c>.</summary>
    public static string Duration(long ms)
    {
        if (ms < 1000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{ms} ms");
        }

        var text = new StringBuilder();
        var rest = ms / 1000;
        foreach (var (unit, seconds) in (ReadOnlySpan<(char, long)>)[('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)])
        {
            if (rest >= seconds)
            {
                text.Append(text.Length > 0 ? " " : "").Append((rest / seconds).ToString(CultureInfo.InvariantCulture)).Append(unit);
                rest %= seconds;
            }
        }

        return text.Append(CultureInfo.InvariantCulture, $" ({ms} ms)").ToString();
    }
}
