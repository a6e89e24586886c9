namespace SparkEtl.Core.Transform.Internal;

/// <summary>
/// The TICKER_SYMBOL contract: 1 to <see cref="MaxLength"/> ASCII characters from letters, digits
/// and <c>. - _ ^ =</c>, starting with a letter, digit or <c>^</c>, holding at least one letter or
/// digit and no <c>..</c>. Real symbols pass (<c>BRK.B</c>, <c>BF-B</c>, <c>^GSPC</c>, <c>ES=F</c>);
/// anything path-like, spaced, percent-encoded or made of punctuation alone does not.
/// </summary>
internal static class TickerSymbol
{
    public const int MaxLength = 16;

    public static bool IsValid(ReadOnlySpan<byte> symbol)
    {
        if (symbol.IsEmpty || symbol.Length > MaxLength || !(char.IsAsciiLetterOrDigit((char)symbol[0]) || symbol[0] == '^'))
        {
            return false;
        }

        var hasLetterOrDigit = false;
        for (var i = 0; i < symbol.Length; i++)
        {
            var c = (char)symbol[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                hasLetterOrDigit = true;
            }
            else if (c is not ('.' or '-' or '_' or '^' or '='))
            {
                return false;
            }
            else if (c == '.' && i > 0 && symbol[i - 1] == '.')
            {
                return false;
            }
        }

        return hasLetterOrDigit;
    }
}
