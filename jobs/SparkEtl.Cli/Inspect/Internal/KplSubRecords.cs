namespace SparkEtl.Cli.Inspect.Internal;

/// <summary>
/// Lists the sub-records of a KPL aggregate for display: the magic <c>f3 89 9a c2</c>, then the protobuf
/// <c>AggregatedRecord</c> (1: partition key table, 2: explicit hash key table, 3: records of 1: key index, 3: data),
/// then a 16-byte MD5. Whether the aggregate is valid is the decoder's to say; this only shows what is inside.
/// </summary>
internal static class KplSubRecords
{
    public static ReadOnlySpan<byte> Magic => [0xF3, 0x89, 0x9A, 0xC2];

    /// <summary>The partition keys and the records (key index, data), or false when the bytes are not such a message.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out List<string> keys, out List<(ulong KeyIndex, byte[] Data)> records)
    {
        keys = [];
        records = [];
        if (data.Length < Magic.Length + 16 || !data.StartsWith(Magic))
        {
            return false;
        }

        var body = data[Magic.Length..^16];
        var position = 0;
        while (position < body.Length)
        {
            if (!TryVarint(body, ref position, out var tag))
            {
                return false;
            }

            var (field, wire) = (tag >> 3, (int)(tag & 7));
            if (wire == 2)
            {
                if (!TryBytes(body, ref position, out var bytes))
                {
                    return false;
                }

                if (field == 1)
                {
                    keys.Add(System.Text.Encoding.UTF8.GetString(bytes));
                }
                else if (field == 3)
                {
                    if (!TryRecord(bytes, out var record))
                    {
                        return false;
                    }

                    records.Add(record);
                }
            }
            else if (!Skip(body, ref position, wire))
            {
                return false;
            }
        }

        return records.Count > 0;
    }

    private static bool TryRecord(ReadOnlySpan<byte> message, out (ulong KeyIndex, byte[] Data) record)
    {
        record = default;
        var position = 0;
        ulong key = 0;
        byte[]? data = null;
        while (position < message.Length)
        {
            if (!TryVarint(message, ref position, out var tag))
            {
                return false;
            }

            var (field, wire) = (tag >> 3, (int)(tag & 7));
            if (field == 1 && wire == 0)
            {
                if (!TryVarint(message, ref position, out key))
                {
                    return false;
                }
            }
            else if (field == 3 && wire == 2)
            {
                if (!TryBytes(message, ref position, out var bytes))
                {
                    return false;
                }

                data = bytes.ToArray();
            }
            else if (!Skip(message, ref position, wire))
            {
                return false;
            }
        }

        record = (key, data ?? []);
        return data is not null;
    }

    private static bool Skip(ReadOnlySpan<byte> span, ref int position, int wire)
    {
        switch (wire)
        {
            case 0:
                return TryVarint(span, ref position, out _);
            case 1:
                position += 8;
                return position <= span.Length;
            case 2:
                return TryBytes(span, ref position, out _);
            case 5:
                position += 4;
                return position <= span.Length;
            default:
                return false;
        }
    }

    private static bool TryBytes(ReadOnlySpan<byte> span, ref int position, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (!TryVarint(span, ref position, out var length) || length > (ulong)(span.Length - position))
        {
            return false;
        }

        bytes = span.Slice(position, (int)length);
        position += (int)length;
        return true;
    }

    private static bool TryVarint(ReadOnlySpan<byte> span, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && position < span.Length; shift += 7)
        {
            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
