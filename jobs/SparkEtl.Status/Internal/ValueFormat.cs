using System.Globalization;

namespace SparkEtl.Status.Internal;

/// <summary>How the page writes numbers, durations and times: short, invariant, UTC.</summary>
internal static class ValueFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A whole count with thousands separators: <c>12,345</c>.</summary>
    public static string Count(long value) => value.ToString("#,0", Invariant);

    /// <summary>A number in at most three significant digits with a k/M/G suffix: <c>0.25</c>, <c>12.5</c>, <c>1.2k</c>, <c>3.4M</c>.</summary>
    public static string Compact(double value)
    {
        var magnitude = Math.Abs(value);
        return magnitude switch
        {
            >= 1e9 => Significant(value / 1e9) + "G",
            >= 1e6 => Significant(value / 1e6) + "M",
            >= 1e3 => Significant(value / 1e3) + "k",
            _ => Significant(value),
        };
    }

    /// <summary>A rate in records per second: <c>1.2k/s</c>.</summary>
    public static string Rate(double perSecond) => Compact(perSecond) + "/s";

    /// <summary>Milliseconds in the largest unit that keeps them readable: <c>350 ms</c>, <c>1.5 s</c>, <c>2.5 min</c>, <c>1.2 h</c>.</summary>
    public static string Duration(double ms)
    {
        var magnitude = Math.Abs(ms);
        return magnitude switch
        {
            < 1000 => Significant(ms) + " ms",
            < 60_000 => Significant(ms / 1000) + " s",
            < 3_600_000 => Significant(ms / 60_000) + " min",
            < 86_400_000 => Significant(ms / 3_600_000) + " h",
            _ => Significant(ms / 86_400_000) + " d",
        };
    }

    /// <summary>An epoch-millisecond time as <c>2024-03-15 14:30:05</c> UTC, or <c>+∞</c> / <c>−∞</c> past either end.</summary>
    public static string Time(double epochMs) => epochMs switch
    {
        double.PositiveInfinity => "+∞",
        double.NegativeInfinity => "−∞",
        _ => DateTimeOffset.FromUnixTimeMilliseconds((long)epochMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant),
    };

    /// <summary>The time of day of an epoch-millisecond time, <c>14:30:05</c> UTC, or <c>+∞</c> / <c>−∞</c>.</summary>
    public static string TimeOfDay(double epochMs) => epochMs switch
    {
        double.PositiveInfinity => "+∞",
        double.NegativeInfinity => "−∞",
        _ => DateTimeOffset.FromUnixTimeMilliseconds((long)epochMs).UtcDateTime.ToString("HH:mm:ss", Invariant),
    };

    /// <summary>How long ago, in words: <c>just now</c>, <c>12 s ago</c>, <c>3 min ago</c>.</summary>
    public static string Age(TimeSpan age) => age.TotalSeconds switch
    {
        < 1 => "just now",
        < 120 => ((long)age.TotalSeconds).ToString(Invariant) + " s ago",
        < 7200 => ((long)age.TotalMinutes).ToString(Invariant) + " min ago",
        < 172_800 => ((long)age.TotalHours).ToString(Invariant) + " h ago",
        _ => ((long)age.TotalDays).ToString(Invariant) + " d ago",
    };

    /// <summary>A number for an attribute or a coordinate: invariant, round-trippable, no exponent for ordinary values.</summary>
    public static string Plain(double value) => value.ToString("0.###", Invariant);

    private static string Significant(double value)
    {
        var magnitude = Math.Abs(value);
        var format = magnitude switch
        {
            0 => "0",
            >= 100 => "0",
            >= 10 => "0.#",
            >= 1 => "0.##",
            _ => "0.###",
        };
        return value.ToString(format, Invariant);
    }
}
