using System.Globalization;

namespace SparkEtl.Status.Internal;

/// <summary>Reads the times of a progress record (<c>2024-03-15T14:30:00.123Z</c>, <c>+infinity</c>, <c>-infinity</c>) as epoch milliseconds.</summary>
internal static class ProgressTime
{
    /// <summary>The time in epoch milliseconds, ±infinity for a watermark past either end, or null when absent or unreadable.</summary>
    public static double? ToEpochMs(string? text)
    {
        switch (text)
        {
            case null or "":
                return null;
            case "+infinity":
                return double.PositiveInfinity;
            case "-infinity":
                return double.NegativeInfinity;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time.ToUnixTimeMilliseconds()
            : null;
    }

    /// <summary>A finite epoch-millisecond time as a <see cref="DateTimeOffset"/>, else null.</summary>
    public static DateTimeOffset? ToTime(double? epochMs) =>
        epochMs is { } ms && double.IsFinite(ms) ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null;
}
