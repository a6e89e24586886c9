using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SparkEtl.Core.Transform.Internal;

namespace SparkEtl.Core.Decoding.Internal;

/// <summary>
/// A scan of a CloudWatch Logs subscription envelope as CloudWatch writes it: a <c>DATA_MESSAGE</c> whose
/// <c>messageType</c> and <c>logGroup</c> come before <c>logEvents</c>, whose other members are <c>owner</c>,
/// <c>logStream</c> and <c>subscriptionFilters</c>, and whose events are <c>{id, timestamp, message}</c> objects; names,
/// ids and the log group without escapes, messages with the short escapes (<c>\" \\ \/ \b \f \n \r \t</c>) only.
/// </summary>
/// <remarks>
/// A shortcut for <see cref="CloudWatchEnvelopeDecoder"/>'s reader: a part the scan does not know ends it with
/// <see cref="EnvelopeScan.NotPlain"/>, which says nothing about the envelope, and the reader then decides. It accepts
/// nothing the reader rejects, so the caller must first check that the whole envelope is valid UTF-8, as the reader does.
/// </remarks>
internal ref struct PlainEnvelopeScanner
{
    private readonly ReadOnlySpan<byte> _json;
    private int _at;
    private bool _inEvents;
    private bool _firstEvent;

    public PlainEnvelopeScanner(ReadOnlySpan<byte> json)
    {
        _json = json;
    }

    /// <summary>Reads up to the first log event; <paramref name="logGroup"/> is the log group's bytes.</summary>
    public EnvelopeScan ReadHeader(out ReadOnlySpan<byte> logGroup)
    {
        logGroup = default;
        bool data = false, group = false;
        if (!TryTake((byte)'{'))
        {
            return EnvelopeScan.NotPlain;
        }

        while (TryReadPlainString(out var name) && TryTake((byte)':'))
        {
            if (name.SequenceEqual("messageType"u8))
            {
                if (data || !TryReadPlainString(out var kind) || !kind.SequenceEqual("DATA_MESSAGE"u8))
                {
                    return EnvelopeScan.NotPlain;
                }

                data = true;
            }
            else if (name.SequenceEqual("logGroup"u8))
            {
                if (group || !TryReadPlainString(out logGroup))
                {
                    return EnvelopeScan.NotPlain;
                }

                group = true;
            }
            else if (name.SequenceEqual("logEvents"u8))
            {
                _inEvents = _firstEvent = true;
                return data && group && TryTake((byte)'[') ? EnvelopeScan.Read : EnvelopeScan.NotPlain;
            }
            else if (!TrySkipOtherMember(name))
            {
                return EnvelopeScan.NotPlain;
            }

            if (!TryTake((byte)','))
            {
                return EnvelopeScan.NotPlain;
            }
        }

        return EnvelopeScan.NotPlain;
    }

    /// <summary>
    /// Reads the next log event: <see cref="EnvelopeScan.Read"/> with its fields, the message as it stands in the envelope
    /// (still escaped: <see cref="Unescape"/> gives its text) and which escapes it holds; <see cref="EnvelopeScan.End"/>
    /// once the envelope has been read to its end, or <see cref="EnvelopeScan.NotPlain"/>.
    /// </summary>
    public EnvelopeScan ReadEvent(out ReadOnlySpan<byte> id, out long timestamp, out ReadOnlySpan<byte> message, out MessageEscapes escapes)
    {
        id = default;
        timestamp = 0;
        message = default;
        escapes = MessageEscapes.None;
        if (!_inEvents)
        {
            return EnvelopeScan.NotPlain;
        }

        if (TryTake((byte)']'))
        {
            _inEvents = false;
            return ReadEnd();
        }

        if ((!_firstEvent && !TryTake((byte)',')) || !TryTake((byte)'{'))
        {
            return EnvelopeScan.NotPlain;
        }

        _firstEvent = false;

        // CloudWatch writes every event compact, its members in this order: that shape is read straight through, any
        // other by the loop below, from the same place.
        var start = _at;
        if (TryReadCompactEvent(out id, out timestamp, out message, out escapes))
        {
            return EnvelopeScan.Read;
        }

        _at = start;
        bool hasId = false, hasTimestamp = false, hasMessage = false;
        do
        {
            var member = TakeEventMemberName();
            if (!TryTake((byte)':'))
            {
                return EnvelopeScan.NotPlain;
            }

            var read = member switch
            {
                EventMember.Id when !hasId => hasId = TryReadPlainString(out id),
                EventMember.Timestamp when !hasTimestamp => hasTimestamp = TryReadWholeNumber(out timestamp),
                EventMember.Message when !hasMessage => hasMessage = TryReadMessage(out message, out escapes),
                _ => false,
            };
            if (!read)
            {
                return EnvelopeScan.NotPlain;
            }
        }
        while (TryTake((byte)','));

        return hasId && hasTimestamp && hasMessage && TryTake((byte)'}') ? EnvelopeScan.Read : EnvelopeScan.NotPlain;
    }

    // {"id":"…","timestamp":…,"message":"…"} after its opening brace, as the loop would read it.
    private bool TryReadCompactEvent(out ReadOnlySpan<byte> id, out long timestamp, out ReadOnlySpan<byte> message, out MessageEscapes escapes)
    {
        id = default;
        timestamp = 0;
        message = default;
        escapes = MessageEscapes.None;
        return TakeLiteral("\"id\":"u8) && TryReadPlainString(out id)
            && TakeLiteral(",\"timestamp\":"u8) && TryReadWholeNumber(out timestamp)
            && TakeLiteral(",\"message\":"u8) && TryReadMessage(out message, out escapes)
            && TakeLiteral("}"u8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TakeLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_json[_at..].StartsWith(literal))
        {
            return false;
        }

        _at += literal.Length;
        return true;
    }

    private enum EventMember
    {
        Other,
        Id,
        Timestamp,
        Message,
    }

    // A log event's member name, compared whole with its quotes where it lies (a plain string is exactly its bytes between
    // them); Other for any other name, and for one that is not a plain string. The names are not read as strings first:
    // three of them a log event, that search cost more than the comparison.
    private EventMember TakeEventMemberName()
    {
        SkipWhitespace();
        var rest = _json[_at..];
        var (member, length) = rest.StartsWith("\"id\""u8) ? (EventMember.Id, 4)
            : rest.StartsWith("\"timestamp\""u8) ? (EventMember.Timestamp, 11)
            : rest.StartsWith("\"message\""u8) ? (EventMember.Message, 9)
            : (EventMember.Other, 0);
        _at += length;
        return member;
    }

    // After the events: more of the members the scan knows, the envelope's closing brace, then only whitespace.
    private EnvelopeScan ReadEnd()
    {
        while (TryTake((byte)','))
        {
            if (!TryReadPlainString(out var name) || !TryTake((byte)':') || !TrySkipOtherMember(name))
            {
                return EnvelopeScan.NotPlain;
            }
        }

        if (!TryTake((byte)'}'))
        {
            return EnvelopeScan.NotPlain;
        }

        SkipWhitespace();
        return _at == _json.Length ? EnvelopeScan.End : EnvelopeScan.NotPlain;
    }

    // owner and logStream are strings, subscriptionFilters an array of strings.
    private bool TrySkipOtherMember(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("owner"u8) || name.SequenceEqual("logStream"u8))
        {
            return TryReadPlainString(out _);
        }

        if (!name.SequenceEqual("subscriptionFilters"u8) || !TryTake((byte)'['))
        {
            return false;
        }

        if (TryTake((byte)']'))
        {
            return true;
        }

        do
        {
            if (!TryReadPlainString(out _))
            {
                return false;
            }
        }
        while (TryTake((byte)','));

        return TryTake((byte)']');
    }

    /// <summary>A string with no escape and no control character; <paramref name="value"/> is its content.</summary>
    private bool TryReadPlainString(out ReadOnlySpan<byte> value)
    {
        value = default;
        SkipWhitespace();
        if (_at >= _json.Length || _json[_at] != (byte)'"' || !PlainJson.TryFindLongStringEnd(_json, _at, out var end))
        {
            return false;
        }

        value = _json[(_at + 1)..end];
        _at = end + 1;
        return true;
    }

    /// <summary>
    /// A string whose escapes, if any, are the short ones: <paramref name="message"/> is its content as it stands, found in
    /// one pass that also tells which escapes it holds. A message holds escaped JSON, a backslash every few bytes, so the
    /// pass takes sixteen bytes at a time and works on bit masks of the quotes, backslashes and control characters in them
    /// (<see cref="EscapedBytes"/>); the envelope's last few bytes make a block padded with zeros (<see cref="PaddedBlock"/>).
    /// </summary>
    private bool TryReadMessage(out ReadOnlySpan<byte> message, out MessageEscapes escapes)
    {
        message = default;
        escapes = MessageEscapes.None;
        if (!TryTake((byte)'"'))
        {
            return false;
        }

        var json = _json;
        var start = _at;
        var i = start;

        // Bit 0 of carry: the block's first byte is escaped (the block before ended with a backslash that starts an
        // escape). bare and other: whether escapes of \" \t \n \r, and of \\ \/ \b \f, were met.
        uint carry = 0, bare = 0, other = 0;
        while (true)
        {
            var left = json.Length - i;
            var block = left >= Vector128<byte>.Count ? Vector128.Create(json.Slice(i, Vector128<byte>.Count)) : PaddedBlock(json[i..]);
            var quotes = Vector128.Equals(block, Vector128.Create((byte)'"')).ExtractMostSignificantBits();
            var backslashes = Vector128.Equals(block, Vector128.Create((byte)'\\')).ExtractMostSignificantBits();
            var controls = Vector128.LessThan(block, Vector128.Create((byte)0x20)).ExtractMostSignificantBits();
            var escaped = EscapedBytes(backslashes, carry);
            var inBlock = escaped & 0xFFFF;

            // The closing quote, or a byte the scan leaves to the reader: a control character, an escape of another kind.
            var closing = quotes & ~escaped;
            var stop = closing | controls;
            uint bareHere = 0, otherHere = 0;
            if (inBlock != 0)
            {
                bareHere = inBlock & (quotes | (Vector128.Equals(block, Vector128.Create((byte)'t')) | Vector128.Equals(block, Vector128.Create((byte)'n'))
                    | Vector128.Equals(block, Vector128.Create((byte)'r'))).ExtractMostSignificantBits());
                var rest = inBlock & ~bareHere;
                if (rest != 0)
                {
                    otherHere = rest & (backslashes | (Vector128.Equals(block, Vector128.Create((byte)'/')) | Vector128.Equals(block, Vector128.Create((byte)'b'))
                        | Vector128.Equals(block, Vector128.Create((byte)'f'))).ExtractMostSignificantBits());
                    stop |= rest & ~otherHere;
                }
            }

            if (stop != 0)
            {
                var at = BitOperations.TrailingZeroCount(stop);
                if ((closing & (1u << at)) == 0)
                {
                    return false;
                }

                var before = (1u << at) - 1;
                return Close(start, i + at, bare | (bareHere & before), other | (otherHere & before), out message, out escapes);
            }

            if (left <= Vector128<byte>.Count)
            {
                // The envelope ends before the message does.
                return false;
            }

            bare |= bareHere;
            other |= otherHere;
            carry = escaped >> Vector128<byte>.Count;
            i += Vector128<byte>.Count;
        }
    }

    // The envelope's last bytes, fewer than a block, padded with zeros: a zero is a control character, so a scan that gets
    // past the bytes stops there.
    private static Vector128<byte> PaddedBlock(ReadOnlySpan<byte> last)
    {
        Span<byte> block = stackalloc byte[Vector128<byte>.Count];
        block.Clear();
        last.CopyTo(block);
        return Vector128.Create(block);
    }

    // The message ends at its closing quote, at end: the scan goes on after it.
    private bool Close(int start, int end, uint bare, uint other, out ReadOnlySpan<byte> message, out MessageEscapes escapes)
    {
        message = _json[start..end];
        escapes = other != 0 ? MessageEscapes.Short : bare != 0 ? MessageEscapes.QuotesAndWhitespace : MessageEscapes.None;
        _at = end + 1;
        return true;
    }

    /// <summary>
    /// The bytes of a block that its escapes escape (bit 16: the next block's first), from its backslashes and whether its
    /// first byte is escaped (<paramref name="carry"/>): a backslash starts an escape unless it is escaped itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint EscapedBytes(uint backslashes, uint carry)
    {
        // Almost always no backslash follows one that starts an escape, and then each one does.
        var escaped = (backslashes << 1) | carry;
        if ((backslashes & escaped) == 0)
        {
            return escaped;
        }

        escaped = carry;
        for (var rest = backslashes; rest != 0; rest &= rest - 1)
        {
            var lowest = rest & (0u - rest);
            if ((escaped & lowest) == 0)
            {
                escaped |= lowest << 1;
            }
        }

        return escaped;
    }

    /// <summary>
    /// The text of a message <see cref="ReadEvent"/> read, unescaped into <paramref name="destination"/> (at least as long):
    /// its length.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        var written = 0;
        while (true)
        {
            var run = message.IndexOf((byte)'\\');
            if (run < 0)
            {
                message.CopyTo(destination[written..]);
                return written + message.Length;
            }

            message[..run].CopyTo(destination[written..]);
            written += run;
            destination[written++] = Unescaped[message[run + 1]];
            message = message[(run + 2)..];
        }
    }

    // What each short escape stands for, by the byte after the backslash (below 128).
    private static ReadOnlySpan<byte> Unescaped =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, (byte)'"', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'/', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'\\', 0, 0, 0,
        0, 0, (byte)'\b', 0, 0, 0, (byte)'\f', 0, 0, 0, 0, 0, 0, 0, (byte)'\n', 0, 0, 0, (byte)'\r', 0, (byte)'\t', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary><c>-? (0 | [1-9][0-9]*)</c> with at most 18 digits, so it fits a long; a fraction or exponent is not plain.</summary>
    private bool TryReadWholeNumber(out long value)
    {
        value = 0;
        SkipWhitespace();
        var json = _json;
        var i = _at;
        var negative = i < json.Length && json[i] == (byte)'-';
        if (negative)
        {
            i++;
        }

        var start = i;
        while (i < json.Length && (uint)(json[i] - '0') <= 9)
        {
            value = (value * 10) + (json[i] - '0');
            i++;
        }

        var digits = i - start;
        if (digits == 0 || digits > 18 || (json[start] == (byte)'0' && digits > 1)
            || (i < json.Length && !PlainJson.IsWhitespace(json[i]) && json[i] is not ((byte)',' or (byte)'}' or (byte)']')))
        {
            return false;
        }

        value = negative ? -value : value;
        _at = i;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryTake(byte expected)
    {
        SkipWhitespace();
        if (_at < _json.Length && _json[_at] == expected)
        {
            _at++;
            return true;
        }

        return false;
    }

    private void SkipWhitespace() => _at = PlainJson.SkipWhitespace(_json, _at);
}
