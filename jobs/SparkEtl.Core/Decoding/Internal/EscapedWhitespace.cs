namespace SparkEtl.Core.Decoding.Internal;

/// <summary>
/// JSON whitespace in text still escaped inside a JSON string whose escapes are all <c>\" \t \n \r</c>: a space, or one
/// of those last three escapes (every backslash in such text starts an escape, so none is mistaken for one).
/// </summary>
internal static class EscapedWhitespace
{
    /// <summary>The length of <paramref name="text"/> without the whitespace it ends with.</summary>
    public static int TrimEnd(ReadOnlySpan<byte> text)
    {
        var end = text.Length;
        while (end > 0)
        {
            if (text[end - 1] == (byte)' ')
            {
                end--;
            }
            else if (end >= 2 && text[end - 2] == (byte)'\\' && text[end - 1] is (byte)'t' or (byte)'n' or (byte)'r')
            {
                end -= 2;
            }
            else
            {
                break;
            }
        }

        return end;
    }

    /// <summary>
    /// Whether the text after a <c>{</c> opens an object: whitespace, then a member name's quote (<c>\"</c>) or <c>}</c>.
    /// </summary>
    public static bool OpensObject(ReadOnlySpan<byte> afterBrace)
    {
        var i = 0;
        while (i < afterBrace.Length)
        {
            if (afterBrace[i] == (byte)' ')
            {
                i++;
            }
            else if (afterBrace[i] == (byte)'\\' && i + 1 < afterBrace.Length && afterBrace[i + 1] is (byte)'t' or (byte)'n' or (byte)'r')
            {
                i += 2;
            }
            else
            {
                break;
            }
        }

        var rest = afterBrace[i..];
        return rest.StartsWith("\\\""u8) || rest.StartsWith("}"u8);
    }
}
