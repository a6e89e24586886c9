using System.Buffers.Text;
using System.Text;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;
using SparkEtl.Runner.Sources.Internal;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// A capture line as the capture tools write it (<c>sparketl capture</c>, the raw backup, the bench's generator), read
/// straight from its bytes: one flat object of GetRecords members, each once, strings printable ASCII without escapes,
/// the arrival time a plain decimal number. Any other line, and any value the general reading would call a problem, is
/// declined and read by <see cref="ParseRecord"/> instead, which gives the same record for every line read here.
/// </summary>
public static partial class CaptureFileReader
{
    [Flags]
    private enum Members
    {
        None = 0,
        Data = 1,
        SequenceNumber = 2,
        ApproximateArrivalTimestamp = 4,
        PartitionKey = 8,
        ShardId = 16,
    }

    /// <summary>
    /// The record a plainly written capture line stands for, its data decoded into <paramref name="memory"/>; null when
    /// the line is not written that way, or holds anything but a valid record.
    /// </summary>
    internal static KinesisRecord? TryReadPlainLine(
        ReadOnlySpan<byte> line, long arrivalFallbackMs, RepeatedStrings shards, RepeatedStrings partitionKeys, BatchMemory memory)
    {
        var at = SkipJsonWhitespace(line, 0);
        if (at == line.Length || line[at] != (byte)'{')
        {
            return null;
        }

        var seen = Members.None;
        ReadOnlySpan<byte> data = default, sequence = default, partitionKey = default, shardId = default;
        var arrivalMs = arrivalFallbackMs;
        at++;
        while (true)
        {
            at = SkipJsonWhitespace(line, at);
            if (!TryTakeString(line, ref at, out var name))
            {
                return null;
            }

            at = SkipJsonWhitespace(line, at);
            if (at == line.Length || line[at] != (byte)':')
            {
                return null;
            }

            at = SkipJsonWhitespace(line, at + 1);
            var member = MemberNamed(name);
            if (member == Members.None || (seen & member) != 0)
            {
                return null;
            }

            seen |= member;
            var read = member switch
            {
                Members.Data => TryTakeString(line, ref at, out data),
                Members.SequenceNumber => TryTakeString(line, ref at, out sequence)
                    && sequence.Length is > 0 and <= MaxSequenceNumberDigits && !sequence.ContainsAnyExceptInRange((byte)'0', (byte)'9'),
                Members.ApproximateArrivalTimestamp => TryTakeArrival(line, ref at, out arrivalMs),
                Members.PartitionKey => TryTakeString(line, ref at, out partitionKey)
                    && partitionKey.Length <= MaxPartitionKeyLength && !partitionKey.ContainsAnyExceptInRange((byte)' ', (byte)'~'),
                _ => TryTakeString(line, ref at, out shardId)
                    && shardId.Length is > 0 and <= MaxShardIdLength && !shardId.ContainsAnyExcept(ShardIdBytes),
            };
            if (!read)
            {
                return null;
            }

            at = SkipJsonWhitespace(line, at);
            if (at == line.Length)
            {
                return null;
            }

            if (line[at] == (byte)'}')
            {
                break;
            }

            if (line[at++] != (byte)',')
            {
                return null;
            }
        }

        if (SkipJsonWhitespace(line, at + 1) != line.Length || (seen & (Members.Data | Members.SequenceNumber)) != (Members.Data | Members.SequenceNumber))
        {
            return null;
        }

        // Last, once the line is known good: base64 whose every character counts (none skipped as whitespace, which
        // JSON allows in a string only as a space, and the general reading would take).
        if (!TryDecodeBase64(data, memory, everyCharacter: true, out var decoded))
        {
            return null;
        }

        return memory.Record(
            shardId.IsEmpty ? DefaultShardId : shards.Intern(shardId),
            Encoding.ASCII.GetString(sequence),
            partitionKey.IsEmpty ? "" : partitionKeys.Intern(partitionKey),
            arrivalMs,
            decoded);
    }

    private static Members MemberNamed(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("Data"u8) => Members.Data,
        7 when name.SequenceEqual("ShardId"u8) => Members.ShardId,
        12 when name.SequenceEqual("PartitionKey"u8) => Members.PartitionKey,
        14 when name.SequenceEqual("SequenceNumber"u8) => Members.SequenceNumber,
        27 when name.SequenceEqual("ApproximateArrivalTimestamp"u8) => Members.ApproximateArrivalTimestamp,
        _ => Members.None,
    };

    private static int SkipJsonWhitespace(ReadOnlySpan<byte> line, int at)
    {
        while (at < line.Length && line[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            at++;
        }

        return at;
    }

    /// <summary>A string's text when it has no escape (its checks, per member, keep out what JSON forbids in a string).</summary>
    private static bool TryTakeString(ReadOnlySpan<byte> line, scoped ref int at, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (at == line.Length || line[at] != (byte)'"')
        {
            return false;
        }

        var rest = line[(at + 1)..];
        var end = rest.IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0 || rest[end] != (byte)'"')
        {
            return false;
        }

        text = rest[..end];
        at += end + 2;
        return true;
    }

    /// <summary>
    /// Epoch seconds written as JSON writes a plain decimal (digits, no leading zero, an optional fraction), within the
    /// dates a row may carry, read as the general reading reads any number: the nearest double, in rounded milliseconds.
    /// </summary>
    private static bool TryTakeArrival(ReadOnlySpan<byte> line, ref int at, out long arrivalMs)
    {
        arrivalMs = 0;
        var rest = line[at..];
        var whole = rest.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        var length = whole < 0 ? rest.Length : whole;
        if (length == 0 || (rest[0] == (byte)'0' && length > 1))
        {
            return false;
        }

        if (length < rest.Length && rest[length] == (byte)'.')
        {
            var fraction = rest[(length + 1)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            var digits = fraction < 0 ? rest.Length - length - 1 : fraction;
            if (digits == 0)
            {
                return false;
            }

            length += 1 + digits;
        }

        if (length < rest.Length && rest[length] is (byte)'e' or (byte)'E')
        {
            return false;
        }

        if (!Utf8Parser.TryParse(rest[..length], out double seconds, out var consumed) || consumed != length)
        {
            return false;
        }

        var ms = Math.Round(seconds * 1000);
        if (ms is < TickerTransform.MinEventTimeMs or > TickerTransform.MaxEventTimeMs)
        {
            return false;
        }

        arrivalMs = (long)ms;
        at += length;
        return true;
    }
}
