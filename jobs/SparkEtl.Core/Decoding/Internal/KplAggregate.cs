using System.Security.Cryptography;

namespace SparkEtl.Core.Decoding.Internal;

/// <summary>
/// The KPL aggregated record format (awslabs/amazon-kinesis-producer, aggregation-format.md): the
/// magic bytes <c>f3 89 9a c2</c>, a protobuf (proto2) message, then the 16-byte MD5 of the
/// protobuf bytes.
/// <code>
/// message AggregatedRecord { repeated string partition_key_table = 1; repeated string explicit_hash_key_table = 2; repeated Record records = 3; }
/// message Record { required uint64 partition_key_index = 1; optional uint64 explicit_hash_key_index = 2; required bytes data = 3; repeated Tag tags = 4; }
/// </code>
/// <see cref="Validate"/> checks everything first, so a bad aggregate yields one failure and no
/// sub-records; <see cref="TryReadNextRecord"/> then walks a validated aggregate's records.
/// </summary>
internal static class KplAggregate
{
    public const int MagicLength = 4;
    public const int DigestLength = 16;

    public static ReadOnlySpan<byte> Magic => [0xF3, 0x89, 0x9A, 0xC2];

    /// <summary>The protobuf message between the magic and the MD5 of data at least <see cref="MagicLength"/> + <see cref="DigestLength"/> long.</summary>
    public static ReadOnlySpan<byte> Body(ReadOnlySpan<byte> data) => data[MagicLength..^DigestLength];

    /// <summary>Null when <paramref name="data"/> is a well-formed aggregate of at least one record, else what is wrong.</summary>
    public static string? Validate(ReadOnlySpan<byte> data)
    {
        if (data.Length < MagicLength + DigestLength)
        {
            return $"it is {data.Length} bytes, shorter than the 4-byte magic and the 16-byte MD5";
        }

        var body = Body(data);
        Span<byte> digest = stackalloc byte[DigestLength];
        MD5.HashData(body, digest);
        if (!digest.SequenceEqual(data[^DigestLength..]))
        {
            return "the MD5 in its last 16 bytes does not match the protobuf message";
        }

        var reader = new ProtobufReader(body);
        ulong keyCount = 0;
        ulong hashKeyCount = 0;
        var records = 0;

        // The key tables may come after the records (protobuf fields come in any order), so indexes
        // are checked against the final table sizes: remember the largest of each and where it was.
        (ulong Index, int Record)? maxKey = null;
        (ulong Index, int Record)? maxHashKey = null;
        while (!reader.End)
        {
            var at = reader.Position;
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return Malformed(at, "an invalid field key");
            }

            if (field is 1 or 2 or 3 && wireType != WireType.LengthDelimited)
            {
                return $"AggregatedRecord field {field} has wire type {(int)wireType}, expected 2 (length-delimited)";
            }

            int offset = 0, length = 0;
            if (wireType == WireType.LengthDelimited ? !reader.TryReadLengthDelimited(out offset, out length) : !reader.TrySkip(wireType))
            {
                return Malformed(at, $"field {field} runs past the end or cannot be skipped");
            }

            switch (field)
            {
                case 1:
                    keyCount++;
                    break;
                case 2:
                    hashKeyCount++;
                    break;
                case 3:
                    var problem = ReadRecord(body.Slice(offset, length), out var keyIndex, out var hashKeyIndex, out _, out _);
                    if (problem is not null)
                    {
                        return $"record #{records}: {problem}";
                    }

                    if (maxKey is not { } key || keyIndex > key.Index)
                    {
                        maxKey = (keyIndex, records);
                    }

                    if (hashKeyIndex is { } hashKey && (maxHashKey is not { } max || hashKey > max.Index))
                    {
                        maxHashKey = (hashKey, records);
                    }

                    records++;
                    break;
            }
        }

        if (maxKey is not { } largestKey)
        {
            return "it holds no records";
        }

        if (largestKey.Index >= keyCount)
        {
            return $"record #{largestKey.Record} refers to partition key #{largestKey.Index}, but the partition key table has {keyCount} entries";
        }

        if (maxHashKey is { } largestHashKey && largestHashKey.Index >= hashKeyCount)
        {
            return $"record #{largestHashKey.Record} refers to explicit hash key #{largestHashKey.Index}, but the explicit hash key table has {hashKeyCount} entries";
        }

        return null;
    }

    /// <summary>
    /// The next record's data in a validated aggregate's <paramref name="body"/>: offset within the
    /// body and length. False after the last record.
    /// </summary>
    public static bool TryReadNextRecord(ref ProtobufReader reader, ReadOnlySpan<byte> body, out int dataOffset, out int dataLength)
    {
        dataOffset = 0;
        dataLength = 0;
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            if (field != 3)
            {
                reader.TrySkip(wireType);
                continue;
            }

            if (!reader.TryReadLengthDelimited(out var offset, out var length)
                || ReadRecord(body.Slice(offset, length), out _, out _, out var inner, out dataLength) is not null)
            {
                return false;
            }

            dataOffset = offset + inner;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Reads one <c>Record</c>. Proto2: a non-repeated field given twice takes its last value.
    /// Unknown fields are skipped by wire type.
    /// </summary>
    private static string? ReadRecord(ReadOnlySpan<byte> record, out ulong keyIndex, out ulong? hashKeyIndex, out int dataOffset, out int dataLength)
    {
        keyIndex = 0;
        hashKeyIndex = null;
        dataOffset = 0;
        dataLength = -1;
        var hasKeyIndex = false;
        var reader = new ProtobufReader(record);
        while (!reader.End)
        {
            var at = reader.Position;
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return $"malformed at byte {at} of the record: an invalid field key";
            }

            var expected = field switch
            {
                1 or 2 => WireType.Varint,
                3 or 4 => WireType.LengthDelimited,
                _ => wireType,
            };
            if (wireType != expected)
            {
                return $"field {field} has wire type {(int)wireType}, expected {(int)expected}";
            }

            bool ok;
            switch (field)
            {
                case 1:
                    ok = reader.TryReadVarint(out keyIndex);
                    hasKeyIndex = true;
                    break;
                case 2:
                    ok = reader.TryReadVarint(out var hashKey);
                    hashKeyIndex = hashKey;
                    break;
                case 3:
                    ok = reader.TryReadLengthDelimited(out dataOffset, out dataLength);
                    break;
                default:
                    ok = reader.TrySkip(wireType);
                    break;
            }

            if (!ok)
            {
                return $"malformed at byte {at} of the record: field {field} runs past the end or cannot be skipped";
            }
        }

        if (!hasKeyIndex)
        {
            return "the required partition_key_index (field 1) is missing";
        }

        return dataLength < 0 ? "the required data (field 3) is missing" : null;
    }

    private static string Malformed(int at, string what) => $"the protobuf message is malformed at byte {at}: {what}";
}
