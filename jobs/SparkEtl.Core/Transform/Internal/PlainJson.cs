using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SparkEtl.Core.Transform.Internal;

/// <summary>
/// The pieces of JSON's grammar (RFC 8259) that the byte scans of ticker objects and CloudWatch envelopes share:
/// whitespace, and strings with no escape and no control character.
/// </summary>
internal static class PlainJson
{
    /// <summary>JSON's four whitespace bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWhitespace(byte b) => b <= (byte)' ' && b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    /// <summary>
    /// The index of the first byte at or after <paramref name="i"/> that is not whitespace (the length when none is).
    /// Compact JSON has none between tokens: inlined, that case is one comparison.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
    /// closing quote. For ticker names and values, a few bytes long: one plain pass beats any setting up.
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

    /// <summary>
    /// <see cref="TryFindStringEnd"/> for strings tens of bytes long (CloudWatch event ids, log group and stream names):
    /// sixteen bytes at a time up to the first that ends a plain run (a quote, a backslash or a control character).
    /// </summary>
    public static bool TryFindLongStringEnd(ReadOnlySpan<byte> json, int quote, out int end)
    {
        var i = quote + 1;
        while (json.Length - i >= Vector128<byte>.Count)
        {
            var block = Vector128.Create(json.Slice(i, Vector128<byte>.Count));
            var ending = (Vector128.Equals(block, Vector128.Create((byte)'"')) | Vector128.Equals(block, Vector128.Create((byte)'\\'))
                | Vector128.LessThan(block, Vector128.Create((byte)0x20))).ExtractMostSignificantBits();
            if (ending != 0)
            {
                i += BitOperations.TrailingZeroCount(ending);
                break;
            }

            i += Vector128<byte>.Count;
        }

        // From the byte that ended the run (or the last few bytes), byte by byte, as if the byte before had opened the string.
        if (TryFindStringEnd(json, i - 1, out end))
        {
            return true;
        }

        end = quote;
        return false;
    }
}
