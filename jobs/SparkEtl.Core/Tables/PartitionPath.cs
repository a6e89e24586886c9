using System.Globalization;
using System.Text;

namespace SparkEtl.Core.Tables;

/// <summary>
/// Hive-style partition folders (<c>dt=2023-11-14</c>). Values are validated and escaped the way Hive's
/// <c>FileUtils.escapePathName</c> does, so no value can add a path segment or leave its table's prefix.
/// </summary>
public static class PartitionPath
{
    // Characters Hive escapes as %XX in partition path names (besides control characters).
    private const string HiveEscaped = "\"#%'*/:=?\\{[]^\u007f";

    /// <summary>The UTC day of an epoch-ms time as <c>YYYY-MM-DD</c>; throws outside years 0001-9999.</summary>
    public static string DayOf(long epochMs)
    {
        if (epochMs < -62_135_596_800_000L || epochMs > 253_402_300_799_999L)
        {
            throw new ArgumentOutOfRangeException(nameof(epochMs), epochMs, "Partition times must fall in the years 0001 to 9999.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Escapes a partition value as Hive does: the characters Hive reserves and control characters become <c>%XX</c>.</summary>
    public static string Escape(string value)
    {
        if (value.Length == 0)
        {
            throw new ArgumentException("A partition value cannot be empty (Hive writes __HIVE_DEFAULT_PARTITION__ for that).", nameof(value));
        }

        StringBuilder? escaped = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x20 || HiveEscaped.Contains(c, StringComparison.Ordinal))
            {
                escaped ??= new StringBuilder(value, 0, i, value.Length + 8);
                escaped.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped?.Append(c);
            }
        }

        var result = escaped?.ToString() ?? value;

        // '.' and '..' are the only escaped values that could still name another folder.
        return result is "." or ".." ? result.Replace(".", "%2E", StringComparison.Ordinal) : result;
    }

    /// <summary>The folder name of one partition: <c>column=escaped value</c>.</summary>
    public static string Segment(string column, string value) => $"{column}={Escape(value)}";
}
