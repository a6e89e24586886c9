using System.Globalization;

namespace SparkEtl.Core.Configuration;

/// <summary>Parsers for the text forms settings take: durations, byte sizes, numbers, choices.</summary>
public static class SettingValues
{
    private static readonly (string Suffix, long Ms)[] DurationUnits =
        [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];

    private static readonly (string Suffix, long Bytes)[] SizeUnits =
        [("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1)];

    /// <summary>Parses <c>500ms</c>, <c>30s</c>, <c>1m</c>, <c>2h</c>, <c>1d</c> (one unit) into milliseconds.</summary>
    public static bool TryParseDurationMs(string text, out long milliseconds)
    {
        milliseconds = 0;
        var value = text.Trim();
        foreach (var (suffix, unitMs) in DurationUnits)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal)
                && long.TryParse(value.AsSpan(0, value.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count <= long.MaxValue / unitMs)
            {
                milliseconds = count * unitMs;
                return true;
            }
        }

        return false;
    }

    /// <summary>Formats milliseconds in the largest unit that divides them: 60000 → <c>1m</c>.</summary>
    public static string FormatDuration(long milliseconds)
    {
        for (var i = DurationUnits.Length - 1; i >= 0; i--)
        {
            var (suffix, unitMs) = DurationUnits[i];
            if (milliseconds != 0 && milliseconds % unitMs == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{milliseconds / unitMs}{suffix}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{milliseconds}ms");
    }

    /// <summary>Parses a byte count: a plain number or one with a unit (<c>KiB MiB GiB KB MB GB B</c>).</summary>
    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        var value = text.Trim();
        foreach (var (suffix, unit) in SizeUnits)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal))
            {
                var number = value.AsSpan(0, value.Length - suffix.Length).Trim();
                if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= long.MaxValue / unit)
                {
                    bytes = count * unit;
                    return true;
                }

                return false;
            }
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out bytes);
    }
}
