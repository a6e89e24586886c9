using System.Buffers.Binary;
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
    /// Reads the next log event: <see cref="EnvelopeScan.Read"/> with its fields, the message unescaped into the first
    /// <paramref name="messageLength"/> bytes of <paramref name="messageBuffer"/> (at least as long as the envelope),
    /// <see cref="EnvelopeScan.End"/> once the envelope has been read to its end, or <see cref="EnvelopeScan.NotPlain"/>.
    /// </summary>
    public EnvelopeScan ReadEvent(Span<byte> messageBuffer, out ReadOnlySpan<byte> id, out long timestamp, out int messageLength)
    {
        id = default;
        timestamp = 0;
        messageLength = -1;
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
                EventMember.Message when !hasMessage => hasMessage = TryReadMessage(messageBuffer, out messageLength),
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
    /// A string whose escapes, if any, are the short ones, unescaped into <paramref name="destination"/> (at least as long
    /// as the envelope) in the same pass that finds its end. A message holds escaped JSON, a backslash every few bytes,
    /// so rather than searching for each, the loop takes sixteen bytes at a time (<see cref="ReadMessageBlocks"/>), then
    /// eight, up to the first that needs a look.
    /// </summary>
    private bool TryReadMessage(Span<byte> destination, out int length)
    {
        length = 0;
        if (!TryTake((byte)'"'))
        {
            return false;
        }

        var (i, written, end) = ReadMessageBlocks(destination);
        if (end != MessageEnd.Open)
        {
            if (end == MessageEnd.Closed)
            {
                _at = i + 1;
                length = written;
            }

            return end == MessageEnd.Closed;
        }

        var json = _json;
        while (i < json.Length)
        {
            // Eight bytes are copied at once (never more written than read, and the destination is as long as the
            // envelope, so they fit); those before the first that needs a look are kept, and that one is looked at.
            if (json.Length - i >= sizeof(ulong))
            {
                var word = BinaryPrimitives.ReadUInt64LittleEndian(json[i..]);
                BinaryPrimitives.WriteUInt64LittleEndian(destination[written..], word);
                var plain = PlainJson.PlainPrefixLength(word);
                written += plain;
                i += plain;
                if (plain == sizeof(ulong))
                {
                    continue;
                }
            }

            var b = json[i];
            if (b == (byte)'"')
            {
                _at = i + 1;
                length = written;
                return true;
            }

            if (b == (byte)'\\')
            {
                if (++i == json.Length)
                {
                    return false;
                }

                b = Unescape(json[i]);
                if (b == 0)
                {
                    return false;
                }
            }
            else if (b < 0x20)
            {
                return false;
            }

            destination[written++] = b;
            i++;
        }

        return false;
    }

    private enum MessageEnd
    {
        /// <summary>Not known yet: the rest is read eight bytes at a time.</summary>
        Open,

        /// <summary>The closing quote is at the position returned.</summary>
        Closed,

        /// <summary>Something the scan leaves to the reader (<c>\u</c>, an unknown escape, a control character).</summary>
        NotPlain,
    }

    // What a short escape stands for, by the byte after the backslash; 0 for \u and anything else, left to the reader.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Unescape(byte escaped) => escaped < Unescaped.Length ? Unescaped[escaped] : (byte)0;

    // What each short escape stands for, by the byte after the backslash (below 128); 0 for those left to the reader.
    private static ReadOnlySpan<byte> Unescaped =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, (byte)'"', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'/', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'\\', 0, 0, 0,
        0, 0, (byte)'\b', 0, 0, 0, (byte)'\f', 0, 0, 0, 0, 0, 0, 0, (byte)'\n', 0, 0, 0, (byte)'\r', 0, (byte)'\t', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>
    /// The message from <c>_at</c> sixteen bytes at a time while a block and what an escape at its end may need are
    /// there: each block is copied whole, then the bytes in it that need a look (quote, backslash, control character) are
    /// taken in order from one bit mask, and after each escape the rest of the block is copied again one byte further
    /// back. The position of the next byte to read, the bytes written, and whether the end was found.
    /// </summary>
    private readonly (int Next, int Written, MessageEnd End) ReadMessageBlocks(Span<byte> destination)
    {
        var json = _json;
        var i = _at;
        var written = 0;
        var quote = Vector128.Create((byte)'"');
        var backslash = Vector128.Create((byte)'\\');
        var space = Vector128.Create((byte)0x20);

        // A block is read at i, and again after an escape at most at i + 17: 16 more bytes must be there.
        while (json.Length - i >= (2 * Vector128<byte>.Count) + 2)
        {
            var block = Vector128.Create(json.Slice(i, Vector128<byte>.Count));
            var mask = (Vector128.Equals(block, quote) | Vector128.Equals(block, backslash) | Vector128.LessThan(block, space)).ExtractMostSignificantBits();
            block.CopyTo(destination[written..]);
            var blockEnd = i + Vector128<byte>.Count;

            // The bytes from next to the block's end are in place at written (and on): each look moves both on.
            var next = i;
            while (mask != 0)
            {
                var at = i + BitOperations.TrailingZeroCount(mask);
                written += at - next;
                var b = json[at];
                if (b == (byte)'"')
                {
                    return (at, written, MessageEnd.Closed);
                }

                var unescaped = Unescape(json[at + 1]);
                if (b != (byte)'\\' || unescaped == 0)
                {
                    return (at, written, MessageEnd.NotPlain);
                }

                destination[written++] = unescaped;
                next = at + 2;
                mask &= uint.MaxValue << (next - i);
                if (next < blockEnd)
                {
                    Vector128.Create(json.Slice(next, Vector128<byte>.Count)).CopyTo(destination[written..]);
                }
            }

            written += Math.Max(blockEnd - next, 0);
            i = Math.Max(blockEnd, next);
        }

        return (i, written, MessageEnd.Open);
    }

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
