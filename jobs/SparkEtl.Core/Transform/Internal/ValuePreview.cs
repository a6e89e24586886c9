using System.Globalization;
using System.Text;

namespace SparkEtl.Core.Transform.Internal;

/// <summary>
/// Renders found values for error messages: UTF-8 decoded (invalid sequences become U+FFFD),
/// control characters written as <c>\uXXXX</c> so a message stays one readable line, and cut to
/// <see cref="MaxChars"/> characters with a trailing ellipsis.
/// </summary>
internal static class ValuePreview
{
    /// <summary>The longest rendering of a found value, in characters, before the ellipsis.</summary>
    public const int MaxChars = 64;

    public static string Text(ReadOnlySpan<byte> utf8, int maxChars = MaxChars)
    {
        // Four bytes per character is the most UTF-8 needs, so this prefix holds maxChars characters.
        var take = Math.Min(utf8.Length, maxChars * 4);
        var decoded = System.Text.Encoding.UTF8.GetString(utf8[..take]);
        var builder = new StringBuilder(Math.Min(decoded.Length, maxChars) + 8);
        var truncated = take < utf8.Length;
        var count = 0;
        foreach (var c in decoded)
        {
            if (count == maxChars)
            {
                truncated = true;
                break;
            }

            if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }

            count++;
        }

        if (truncated)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    public static string Quoted(ReadOnlySpan<byte> utf8, int maxChars = MaxChars) => "\"" + Text(utf8, maxChars) + "\"";
}
