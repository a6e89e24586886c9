using System.Runtime.CompilerServices;

namespace SparkEtl.Core.Transform.Internal;

/// <summary>How the byte scan of a ticker object (<see cref="TickerFieldReader"/>) finds the quotes around its strings.</summary>
internal interface IQuoteStyle
{
    /// <summary>How many bytes one quote takes.</summary>
    static abstract int Width { get; }

    /// <summary>Whether a quote starts at <paramref name="i"/>.</summary>
    static abstract bool IsQuoteAt(ReadOnlySpan<byte> json, int i);

    /// <summary>
    /// A string whose opening quote starts at <paramref name="quote"/>, with no escape and no control character in it;
    /// <paramref name="end"/> is where its closing quote starts.
    /// </summary>
    static abstract bool TryFindStringEnd(ReadOnlySpan<byte> json, int quote, out int end);
}

/// <summary>Quotes as JSON text writes them: <c>"</c>.</summary>
internal readonly struct BareQuotes : IQuoteStyle
{
    public static int Width => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsQuoteAt(ReadOnlySpan<byte> json, int i) => json[i] == (byte)'"';

    public static bool TryFindStringEnd(ReadOnlySpan<byte> json, int quote, out int end) => PlainJson.TryFindStringEnd(json, quote, out end);
}

/// <summary>
/// Quotes of JSON text that is itself the content of a JSON string, still escaped: <c>\"</c>. A string between two of
/// them holds no other backslash (which would be another escape, or one of its own unescaped) and no control character.
/// </summary>
internal readonly struct EscapedQuotes : IQuoteStyle
{
    public static int Width => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsQuoteAt(ReadOnlySpan<byte> json, int i) => json[i] == (byte)'\\' && i + 1 < json.Length && json[i + 1] == (byte)'"';

    public static bool TryFindStringEnd(ReadOnlySpan<byte> json, int quote, out int end)
    {
        for (var i = quote + 2; i < json.Length; i++)
        {
            var b = json[i];
            if (b == (byte)'\\')
            {
                end = i;
                return IsQuoteAt(json, i);
            }

            if (b == (byte)'"' || b < 0x20)
            {
                break;
            }
        }

        end = quote;
        return false;
    }
}
