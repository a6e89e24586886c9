namespace SparkEtl.Core.Transform.Internal;

/// <summary>
/// The pieces of JSON's grammar (RFC 8259) that the byte scans of ticker objects and CloudWatch envelopes share:
/// whitespace, and strings with no escape and no control character.
/// </summary>
internal static class PlainJson
{
    /// <summary>JSON's four whitespace bytes.</summary>
    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    /// <summary>The index of the first byte at or after <paramref name="i"/> that is not whitespace (the length when none is).</summary>
    public static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && IsWhitespace(json[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// A string opening at <paramref name="quote"/> with no escape and no control character; <paramref name="end"/> is its
    /// closing quote. Names and values are a few bytes long: one plain pass beats setting up a vectorized search.
    /// </summary>
    public static bool TryFindStringEnd(ReadOnlySpan<byte> json, int quote, out int end)
    {
        for (var i = quote + 1; i < json.Length; i++)
        {
            var b = json[i];
            if (b == (byte)'"')
            {
                end = i;
                return true;
            }

            if (b == (byte)'\\' || b < 0x20)
            {
                break;
            }
        }

        end = quote;
        return false;
    }
}
