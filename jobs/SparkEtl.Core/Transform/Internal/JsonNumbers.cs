using System.Globalization;

namespace SparkEtl.Core.Transform.Internal;

/// <summary>Number parsing over UTF-8 text, invariant culture, no surrounding whitespace.</summary>
internal static class JsonNumbers
{
    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>A decimal number such as <c>44.89</c>, <c>-1e3</c>; <c>NaN</c> and <c>Infinity</c> parse and are left to the caller's finiteness check.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value) =>
        TryParseShortDecimal(text, out value) || double.TryParse(text, Style, CultureInfo.InvariantCulture, out value);

    // Powers of ten that a double holds exactly.
    private static ReadOnlySpan<double> ExactPowersOfTen =>
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// The common shape of a price, <c>-?digits(.digits)?</c> with at most 15 digits: the digits as a whole number and
    /// the power of ten are both exact doubles, so their IEEE quotient is the correctly rounded value, the same double
    /// <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/> gives (Clinger's
    /// fast path). Anything else is left to the general parser.
    /// </summary>
    private static bool TryParseShortDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (!text.IsEmpty && text[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        long digits = 0;
        var count = 0;
        var fraction = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if ((uint)(c - '0') <= 9)
            {
                if (++count > 15)
                {
                    return false;
                }

                digits = (digits * 10) + (c - '0');
                if (fraction >= 0)
                {
                    fraction++;
                }
            }
            else if (c == (byte)'.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }

        // At least one digit, and a point only between digits (".5" and "5." are the general parser's to judge).
        if (count == 0 || text[^1] == (byte)'.' || text[negative ? 1 : 0] == (byte)'.')
        {
            return false;
        }

        var result = fraction > 0 ? digits / ExactPowersOfTen[fraction] : digits;
        value = negative ? -result : result;
        return true;
    }

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
