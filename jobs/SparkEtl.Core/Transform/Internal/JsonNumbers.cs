using System.Globalization;

namespace SparkEtl.Core.Transform.Internal;

/// <summary>Number parsing over UTF-8 text, invariant culture, no surrounding whitespace.</summary>
internal static class JsonNumbers
{
    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>A decimal number such as <c>44.89</c>, <c>-1e3</c>; <c>NaN</c> and <c>Infinity</c> parse and are left to the caller's finiteness check.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, Style, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// A whole number: an integer, or a decimal with no fractional part (<c>1700000000123.0</c>,
    /// <c>1.7e12</c>). A whole number beyond the range of <see cref="long"/> saturates to
    /// <see cref="long.MinValue"/> or <see cref="long.MaxValue"/>, so a range check still rejects it.
    /// </summary>
    public static bool TryParseWholeInt64(ReadOnlySpan<byte> text, out long value)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (!TryParseDouble(text, out var number) || !double.IsFinite(number) || Math.Floor(number) != number)
        {
            value = 0;
            return false;
        }

        // 2^63 is exactly representable; anything at or past it does not fit a long.
        value = number >= 9223372036854775808.0 ? long.MaxValue
            : number < -9223372036854775808.0 ? long.MinValue
            : (long)number;
        return true;
    }
}
