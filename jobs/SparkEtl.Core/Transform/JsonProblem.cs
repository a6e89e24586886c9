using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SparkEtl.Core.Transform.Internal;

namespace SparkEtl.Core.Transform;

/// <summary>
/// Says why bytes are not one well-formed JSON value, in words an error row can carry: a <c>NaN</c> or
/// <c>Infinity</c> literal (JSON has neither), nesting deeper than <see cref="MaxDepth"/> levels, a raw control
/// character inside a string, text that ends early, data after the value, invalid UTF-8 (RFC 8259 §8.1), each with
/// the byte offset where it was found. The decoders, the transform and the capture-file reader name parse failures
/// with it, so the same input is described the same way wherever it fails.
/// </summary>
/// <remarks>Only for the failure path: it reads the bytes again from the start.</remarks>
public static class JsonProblem
{
    /// <summary>The deepest nesting a reader accepts (<see cref="JsonReaderOptions.MaxDepth"/>'s default, 64).</summary>
    public const int MaxDepth = 64;

    private static ReadOnlySpan<byte> JsonWhitespace => " \t\r\n"u8;

    /// <summary>
    /// Null when <paramref name="json"/> is exactly one JSON value (whitespace around it allowed) in valid UTF-8;
    /// otherwise the first problem found and its byte offset, e.g. <c>NaN at byte 9: JSON has no NaN or Infinity literals</c>.
    /// </summary>
    public static string? Find(ReadOnlySpan<byte> json) => Find(json, 0);

    /// <summary>As <see cref="Find(ReadOnlySpan{byte})"/>, with offsets counted from <paramref name="baseOffset"/> (where <paramref name="json"/> starts in a larger text).</summary>
    internal static string? Find(ReadOnlySpan<byte> json, int baseOffset)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        var valueRead = false;
        try
        {
            if (reader.Read())
            {
                reader.Skip();
                valueRead = true;
                reader.Read();
            }
        }
        catch (JsonException e)
        {
            return Describe(json, baseOffset, ref reader, e, valueRead);
        }

        var invalid = InvalidUtf8Offset(json);
        return invalid < 0 ? null : InvalidUtf8(json, invalid, baseOffset);
    }

    /// <summary>
    /// A found value as error messages show it: UTF-8 decoded (invalid sequences as U+FFFD), control characters as
    /// <c>\uXXXX</c>, cut to 64 characters with an ellipsis, so a message stays one short line whatever the input.
    /// </summary>
    public static string Show(ReadOnlySpan<byte> value) => ValuePreview.Text(value);

    /// <summary>The offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1.</summary>
    public static int InvalidUtf8Offset(ReadOnlySpan<byte> text)
    {
        if (System.Text.Unicode.Utf8.IsValid(text))
        {
            return -1;
        }

        var offset = 0;
        while (offset < text.Length)
        {
            if (Rune.DecodeFromUtf8(text[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }

    private static string InvalidUtf8(ReadOnlySpan<byte> json, int offset, int baseOffset) =>
        string.Create(CultureInfo.InvariantCulture, $"invalid UTF-8 at byte {baseOffset + offset} (0x{json[offset]:x2}): JSON text must be UTF-8");

    private static string Describe(ReadOnlySpan<byte> json, int baseOffset, ref Utf8JsonReader reader, JsonException e, bool valueRead)
    {
        var at = (int)Math.Min(Offset(json, e), json.Length);
        var inv = CultureInfo.InvariantCulture;
        if (valueRead)
        {
            return string.Create(inv, $"there is data after the JSON value, at byte {baseOffset + at}");
        }

        if (json.TrimEnd(JsonWhitespace).IsEmpty)
        {
            return "there is no JSON value, only whitespace or nothing";
        }

        if (at < json.Length && json[at] is (byte)'[' or (byte)'{' && reader.CurrentDepth >= MaxDepth - 1)
        {
            return string.Create(inv, $"nesting deeper than {MaxDepth} levels at byte {baseOffset + at}");
        }

        if (NonFiniteLiteral(json, at, out var literal, out var start))
        {
            return string.Create(inv, $"{literal} at byte {baseOffset + start}: JSON has no NaN or Infinity literals");
        }

        if (at < json.Length && json[at] < 0x20)
        {
            return string.Create(inv, $"a raw control character U+{json[at]:X4} inside a string at byte {baseOffset + at}: control characters must be escaped");
        }

        if (at >= json.TrimEnd(JsonWhitespace).Length)
        {
            return string.Create(inv, $"the JSON ends early, after {json.Length} bytes (truncated?)");
        }

        var invalid = InvalidUtf8Offset(json[..at]);
        if (invalid >= 0)
        {
            return InvalidUtf8(json, invalid, baseOffset);
        }

        return string.Create(inv, $"invalid JSON at byte {baseOffset + at}, at {ValuePreview.Quoted(json.Slice(at, Math.Min(16, json.Length - at)), 16)}");
    }

    // JsonException counts lines by '\n' and bytes within the line.
    private static long Offset(ReadOnlySpan<byte> json, JsonException e)
    {
        long lineStart = 0;
        for (long line = 0; line < (e.LineNumber ?? 0); line++)
        {
            var newline = json[(int)lineStart..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            lineStart += newline + 1;
        }

        return lineStart + (e.BytePositionInLine ?? 0);
    }

    // The reader stops at the letter: 'N' of NaN, 'I' of Infinity (or just after a sign).
    private static bool NonFiniteLiteral(ReadOnlySpan<byte> json, int at, out string literal, out int start)
    {
        literal = "";
        start = at;
        if (at >= json.Length)
        {
            return false;
        }

        var rest = json[at..];
        if (rest.StartsWith("NaN"u8))
        {
            literal = "NaN";
            return true;
        }

        if (!rest.StartsWith("Infinity"u8))
        {
            return false;
        }

        if (at > 0 && json[at - 1] is (byte)'-' or (byte)'+')
        {
            start = at - 1;
            literal = json[at - 1] == (byte)'-' ? "-Infinity" : "+Infinity";
        }
        else
        {
            literal = "Infinity";
        }

        return true;
    }
}
