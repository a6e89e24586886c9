using System.Globalization;

namespace SparkEtl.Core;

/// <summary>The one text form SparkEtl gives times in messages, progress and demo data: ISO-8601 UTC with milliseconds.</summary>
public static class UtcTimestamp
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The earliest epoch-millisecond time that has a text form (0001-01-01T00:00:00.000Z).</summary>
    public const long MinEpochMs = -62_135_596_800_000L;

    /// <summary>The latest epoch-millisecond time that has a text form (9999-12-31T23:59:59.999Z).</summary>
    public const long MaxEpochMs = 253_402_300_799_999L;

    /// <summary>
    /// An epoch-millisecond time as <c>2024-03-15T14:30:00.123Z</c>. Times past either end of the calendar (a watermark
    /// at ±infinity) read <c>+infinity</c> or <c>-infinity</c>, so a message can never fail to be written.
    /// </summary>
    public static string FromEpochMs(long epochMs) => epochMs switch
    {
        > MaxEpochMs => "+infinity",
        < MinEpochMs => "-infinity",
        _ => Of(DateTimeOffset.FromUnixTimeMilliseconds(epochMs)),
    };

    /// <summary>A time as <c>2024-03-15T14:30:00.123Z</c>.</summary>
    public static string Of(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
