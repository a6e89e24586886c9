namespace SparkEtl.Core.Transform.Internal;

/// <summary>
/// Parses ISO-8601 / RFC 3339 date-times with a zone over UTF-8 bytes:
/// <c>yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:mm|±HHmm)</c>. The separator may be <c>T</c>, <c>t</c>
/// or a space; the fraction has 1 to 9 digits and is truncated to milliseconds; a leap second
/// (<c>:60</c>) and times without a zone are rejected, since their instant is not defined.
/// </summary>
internal static class IsoTimestamp
{
    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>The instant as milliseconds since the Unix epoch (may be negative or past year 9999 after the offset).</summary>
    public static bool TryParseEpochMs(ReadOnlySpan<byte> text, out long epochMs)
    {
        epochMs = 0;
        if (text.Length < 20
            || !TryDigits(text[0..4], out var year) || text[4] != '-'
            || !TryDigits(text[5..7], out var month) || text[7] != '-'
            || !TryDigits(text[8..10], out var day)
            || text[10] is not ((byte)'T' or (byte)'t' or (byte)' ')
            || !TryDigits(text[11..13], out var hour) || text[13] != ':'
            || !TryDigits(text[14..16], out var minute) || text[16] != ':'
            || !TryDigits(text[17..19], out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var rest = text[19..];
        var millis = 0;
        if (rest.Length > 0 && rest[0] is (byte)'.' or (byte)',')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit((char)rest[digits]))
            {
                if (digits <= 3)
                {
                    millis = (millis * 10) + (rest[digits] - '0');
                }

                digits++;
            }

            var fractionDigits = digits - 1;
            if (fractionDigits is < 1 or > 9)
            {
                return false;
            }

            for (var i = fractionDigits; i < 3; i++)
            {
                millis *= 10;
            }

            rest = rest[digits..];
        }

        if (!TryZone(rest, out var offsetMinutes))
        {
            return false;
        }

        long days = new DateOnly(year, month, day).DayNumber - UnixEpochDay;
        epochMs = (((((days * 24) + hour) * 60) + minute - offsetMinutes) * 60 + second) * 1000 + millis;
        return true;
    }

    private static bool TryZone(ReadOnlySpan<byte> zone, out int offsetMinutes)
    {
        offsetMinutes = 0;
        if (zone.Length == 1 && zone[0] is (byte)'Z' or (byte)'z')
        {
            return true;
        }

        if (zone.Length is not (5 or 6) || zone[0] is not ((byte)'+' or (byte)'-'))
        {
            return false;
        }

        var minutesAt = zone.Length == 6 ? 4 : 3;
        if (!TryDigits(zone[1..3], out var hours) || (zone.Length == 6 && zone[3] != ':')
            || !TryDigits(zone.Slice(minutesAt, 2), out var minutes) || hours > 23 || minutes > 59)
        {
            return false;
        }

        offsetMinutes = (zone[0] == '-' ? -1 : 1) * ((hours * 60) + minutes);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var b in digits)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
