using System.Text.Json;

namespace SparkEtl.Core.Transform.Internal;

/// <summary>
/// Where one field's value sits in a ticker JSON object: captured while reading, judged only once
/// the whole object has been read (fields come in any order, and a field may repeat).
/// </summary>
internal struct CapturedField
{
    /// <summary>How many times the field appeared (any spelling); only the first is captured.</summary>
    public int Count;

    /// <summary>The first value's token type (StartObject / StartArray for nested values).</summary>
    public JsonTokenType Type;

    /// <summary>Offset of the value's token (a string's opening quote) in the object's bytes.</summary>
    public int Start;

    /// <summary>Length of the value as the reader gives it (a string without its quotes, still escaped).</summary>
    public int Length;

    /// <summary>Whether the string value holds escapes.</summary>
    public bool Escaped;

    public void Capture(ref Utf8JsonReader reader)
    {
        Count++;
        if (Count > 1)
        {
            reader.Skip();
            return;
        }

        Type = reader.TokenType;
        Start = checked((int)reader.TokenStartIndex);
        if (Type is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        Length = reader.ValueSpan.Length;
        Escaped = reader.ValueIsEscaped;
    }

    /// <summary>Captures a plain value found by a scan of the bytes: a string without escapes, a number or a literal.</summary>
    public void Capture(JsonTokenType type, int start, int length)
    {
        Count++;
        if (Count == 1)
        {
            Type = type;
            Start = start;
            Length = length;
        }
    }

    /// <summary>The value's bytes as written: a string's content without quotes (escapes kept), or a number's text.</summary>
    public readonly ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> json) =>
        Type == JsonTokenType.String ? json.Slice(Start + 1, Length) : json.Slice(Start, Length);

    /// <summary>
    /// Copies a string value, unescaped, into <paramref name="destination"/>. False when it does not
    /// fit (unescaping never lengthens a string, so a raw value longer than the destination never
    /// fits) or holds an escaped lone surrogate.
    /// </summary>
    public readonly bool TryUnescape(ReadOnlySpan<byte> json, Span<byte> destination, out int length)
    {
        length = 0;
        var raw = Raw(json);
        if (raw.Length > destination.Length)
        {
            return false;
        }

        if (!Escaped)
        {
            raw.CopyTo(destination);
            length = raw.Length;
            return true;
        }

        var reader = new Utf8JsonReader(json.Slice(Start, Length + 2));
        try
        {
            reader.Read();
            length = reader.CopyString(destination);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The value as an error message shows it: strings quoted as written, numbers as written, else the kind.</summary>
    public readonly string Describe(ReadOnlySpan<byte> json) => Type switch
    {
        JsonTokenType.String => ValuePreview.Quoted(Raw(json)),
        JsonTokenType.Number => ValuePreview.Text(Raw(json)),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => "nothing",
    };
}
