using System.Globalization;

namespace SparkEtl.Core;

/// <summary>The one text form SparkEtl gives times in messages, progress and demo data: ISO-8601 UTC with milliseconds.</summary>
public static class UtcTimestamp
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>An epoch-millisecond time as <c>2024-03-15T14:30:00.123Z</c>.</summary>
    public static string FromEpochMs(long epochMs) => Of(DateTimeOffset.FromUnixTimeMilliseconds(epochMs));

    /// <summary>A time as <c>2024-03-15T14:30:00.123Z</c>.</summary>
    public static string Of(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
