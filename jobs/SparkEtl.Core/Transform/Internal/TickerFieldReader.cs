using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace SparkEtl.Core.Transform.Internal;

/// <summary>
/// Reads a ticker JSON object's fields into <see cref="TickerFields"/>: names match ASCII-case-insensitively, only the
/// first value of a repeated field is captured (the rest are counted), other fields and nested values are skipped.
/// </summary>
/// <remarks>
/// Almost every object on a stream is flat and plain: string values without escapes or control characters, numbers,
/// <c>true</c>, <c>false</c>, <c>null</c>. Those are read by a scan of the bytes (<see cref="TryReadFlat(ReadOnlySpan{byte}, ref TickerFields)"/>) that
/// accepts nothing <see cref="Utf8JsonReader"/> would reject and captures exactly what it would. Anything else (an
/// escape, a nested value, bad JSON) is left to <see cref="TryReadWithJsonReader"/>, which decides: the scan never
/// says an object is bad, so the outcome and every error message are the reader's.
/// </remarks>
internal static class TickerFieldReader
{
    // Longest escaped form of the longest field name (TICKER_SYMBOL, every character as \uXXXX).
    private const int MaxEscapedNameLength = 13 * 6;

    /// <summary>True when <paramref name="json"/> is one complete JSON object, then followed by nothing but whitespace.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, ref TickerFields fields)
    {
        if (TryReadFlat(json, ref fields))
        {
            return true;
        }

        // The scan may have captured some fields before it gave up: the reader starts afresh.
        fields = default;
        return TryReadWithJsonReader(json, ref fields);
    }

    /// <summary>
    /// The scan for a flat, plain object (see the remarks). True when the whole of <paramref name="json"/> is such an
    /// object, with its fields captured; false when it is anything else, which says nothing about whether it is JSON.
    /// </summary>
    internal static bool TryReadFlat(ReadOnlySpan<byte> json, ref TickerFields fields) => TryReadFlat<BareQuotes>(json, ref fields);

    /// <summary>
    /// <see cref="TryReadFlat(ReadOnlySpan{byte}, ref TickerFields)"/> with its quotes found as <typeparamref name="TQuotes"/>
    /// writes them. With <see cref="EscapedQuotes"/> it reads an object still escaped inside a JSON string (every quote
    /// written <c>\"</c>), as a CloudWatch log message holds it: true only when the object, unescaped, reads as flat and
    /// plain, with the same fields captured at the same values (<see cref="CapturedField.Raw"/> gives the same bytes); any
    /// other escape in it makes it false.
    /// </summary>
    internal static bool TryReadFlat<TQuotes>(ReadOnlySpan<byte> json, ref TickerFields fields)
        where TQuotes : struct, IQuoteStyle
    {
        var i = PlainJson.SkipWhitespace(json, 0);
        if (i >= json.Length || json[i] != (byte)'{')
        {
            return false;
        }

        i = PlainJson.SkipWhitespace(json, i + 1);
        if (i < json.Length && json[i] == (byte)'}')
        {
            return PlainJson.SkipWhitespace(json, i + 1) == json.Length;
        }

        while (true)
        {
            // A member: "name" : value
            if (i >= json.Length || !TQuotes.IsQuoteAt(json, i) || !TQuotes.TryFindStringEnd(json, i, out var nameEnd))
            {
                return false;
            }

            var name = json[(i + TQuotes.Width)..nameEnd];
            i = PlainJson.SkipWhitespace(json, nameEnd + TQuotes.Width);
            if (i >= json.Length || json[i] != (byte)':')
            {
                return false;
            }

            i = PlainJson.SkipWhitespace(json, i + 1);
            if (i >= json.Length || !TryScanScalar<TQuotes>(json, i, out var type, out var valueEnd))
            {
                return false;
            }

            var field = ClassifyName(name);
            if (field != FieldName.Other)
            {
                // A string is captured from the last byte of its opening quote, as Raw expects.
                var (start, length) = type == JsonTokenType.String ? (i + TQuotes.Width - 1, valueEnd - i - TQuotes.Width) : (i, valueEnd - i);
                FieldOf(ref fields, field).Capture(type, start, length);
            }

            i = PlainJson.SkipWhitespace(json, type == JsonTokenType.String ? valueEnd + TQuotes.Width : valueEnd);
            if (i >= json.Length)
            {
                return false;
            }

            if (json[i] == (byte)'}')
            {
                return PlainJson.SkipWhitespace(json, i + 1) == json.Length;
            }

            if (json[i] != (byte)',')
            {
                return false;
            }

            i = PlainJson.SkipWhitespace(json, i + 1);
        }
    }

    /// <summary>The general path: <see cref="Utf8JsonReader"/> over the object, escapes and nested values included.</summary>
    internal static bool TryReadWithJsonReader(ReadOnlySpan<byte> json, ref TickerFields fields)
    {
        var reader = new Utf8JsonReader(json);
        Span<byte> nameBuffer = stackalloc byte[MaxEscapedNameLength];
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = Classify(ref reader, nameBuffer);
                reader.Read();
                if (field == FieldName.Other)
                {
                    reader.Skip();
                }
                else
                {
                    FieldOf(ref fields, field).Capture(ref reader);
                }
            }

            // The loop ends on the root's EndObject. Anything but whitespace after it makes Read throw.
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ref CapturedField FieldOf(ref TickerFields fields, FieldName field)
    {
        switch (field)
        {
            case FieldName.TickerSymbol:
                return ref fields.Symbol;
            case FieldName.Sector:
                return ref fields.Sector;
            case FieldName.Price:
                return ref fields.Price;
            case FieldName.EventTime:
                return ref fields.EventTime;
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field, "Only the four ticker fields are captured.");
        }
    }

    private static FieldName Classify(ref Utf8JsonReader reader, scoped Span<byte> buffer)
    {
        scoped ReadOnlySpan<byte> name = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            if (name.Length > buffer.Length)
            {
                return FieldName.Other;
            }

            try
            {
                name = buffer[..reader.CopyString(buffer)];
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate: not one of our names.
                return FieldName.Other;
            }
        }

        return ClassifyName(name);
    }

    // The first letter rules most names out before a comparison: OR 0x20 folds an ASCII letter to lower case. Names come
    // upper case as the producers write them, so an exact comparison goes first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldName ClassifyName(ReadOnlySpan<byte> name) => (name.Length, name.IsEmpty ? 0 : name[0] | 0x20) switch
    {
        (13, 't') when Named(name, "TICKER_SYMBOL"u8) => FieldName.TickerSymbol,
        (6, 's') when Named(name, "SECTOR"u8) => FieldName.Sector,
        (5, 'p') when Named(name, "PRICE"u8) => FieldName.Price,
        (10, 'e') when Named(name, "EVENT_TIME"u8) => FieldName.EventTime,
        _ => FieldName.Other,
    };

    private static bool Named(ReadOnlySpan<byte> name, ReadOnlySpan<byte> upperCase) =>
        name.SequenceEqual(upperCase) || Ascii.EqualsIgnoreCase(name, upperCase);

    /// <summary>
    /// A plain string, a number in JSON's grammar, <c>true</c>, <c>false</c> or <c>null</c> at <paramref name="start"/>.
    /// <paramref name="end"/> is where a string's closing quote starts, else the index just past the value.
    /// </summary>
    private static bool TryScanScalar<TQuotes>(ReadOnlySpan<byte> json, int start, out JsonTokenType type, out int end)
        where TQuotes : struct, IQuoteStyle
    {
        end = start;
        if (TQuotes.IsQuoteAt(json, start))
        {
            type = JsonTokenType.String;
            return TQuotes.TryFindStringEnd(json, start, out end);
        }

        switch (json[start])
        {
            case (byte)'t':
                type = JsonTokenType.True;
                return TryScanLiteral(json, start, "true"u8, out end);
            case (byte)'f':
                type = JsonTokenType.False;
                return TryScanLiteral(json, start, "false"u8, out end);
            case (byte)'n':
                type = JsonTokenType.Null;
                return TryScanLiteral(json, start, "null"u8, out end);
            default:
                type = JsonTokenType.Number;
                return TryScanNumber(json, start, out end);
        }
    }

    // A literal must end at a delimiter, as the reader requires ("nullx" is not null).
    private static bool TryScanLiteral(ReadOnlySpan<byte> json, int start, ReadOnlySpan<byte> literal, out int end)
    {
        end = start + literal.Length;
        return json[start..].StartsWith(literal) && (end == json.Length || IsDelimiter(json[end]));
    }

    /// <summary><c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>, ending at a delimiter.</summary>
    private static bool TryScanNumber(ReadOnlySpan<byte> json, int start, out int end)
    {
        var i = start;
        if (json[i] == (byte)'-')
        {
            i++;
        }

        if (i >= json.Length || !char.IsAsciiDigit((char)json[i]))
        {
            end = i;
            return false;
        }

        i = json[i] == (byte)'0' ? i + 1 : SkipDigits(json, i);
        if (i < json.Length && json[i] == (byte)'.')
        {
            var fraction = SkipDigits(json, i + 1);
            if (fraction == i + 1)
            {
                end = i;
                return false;
            }

            i = fraction;
        }

        if (i < json.Length && json[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < json.Length && json[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var exponent = SkipDigits(json, i);
            if (exponent == i)
            {
                end = i;
                return false;
            }

            i = exponent;
        }

        end = i;
        return i == json.Length || IsDelimiter(json[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipDigits(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && char.IsAsciiDigit((char)json[i]))
        {
            i++;
        }

        return i;
    }

    // What may follow a number or a literal inside an object: whitespace, a comma or the closing brace.
    private static bool IsDelimiter(byte b) => PlainJson.IsWhitespace(b) || b is (byte)',' or (byte)'}';

    private enum FieldName
    {
        Other,
        TickerSymbol,
        Sector,
        Price,
        EventTime,
    }
}
