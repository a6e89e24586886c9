using System.Buffers;
using System.Security.Cryptography;

namespace SparkEtl.Core.Producing;

/// <summary>
/// Writes KPL aggregated records (the Kinesis Producer Library's aggregation format): the magic
/// bytes <c>f3 89 9a c2</c>, a protobuf <c>AggregatedRecord</c>, and the MD5 of the protobuf bytes.
/// </summary>
public static class KplAggregateWriter
{
    /// <summary>The four bytes every KPL aggregate starts with.</summary>
    public static ReadOnlySpan<byte> Magic => [0xF3, 0x89, 0x9A, 0xC2];

    /// <summary>Aggregates <paramref name="records"/> (partition key, data) into one Kinesis record's data.</summary>
    public static byte[] Aggregate(IReadOnlyList<(string PartitionKey, byte[] Data)> records)
    {
        var keys = new List<string>();
        var keyIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var body = new ArrayBufferWriter<byte>();
        foreach (var (partitionKey, _) in records)
        {
            if (keyIndex.TryAdd(partitionKey, keys.Count))
            {
                keys.Add(partitionKey);
            }
        }

        // AggregatedRecord: repeated string partition_key_table = 1; repeated Record records = 3.
        foreach (var key in keys)
        {
            WriteTag(body, 1, 2);
            WriteBytes(body, System.Text.Encoding.UTF8.GetBytes(key));
        }

        foreach (var (partitionKey, data) in records)
        {
            // Record: required uint64 partition_key_index = 1; required bytes data = 3.
            var record = new ArrayBufferWriter<byte>();
            WriteTag(record, 1, 0);
            WriteVarint(record, (ulong)keyIndex[partitionKey]);
            WriteTag(record, 3, 2);
            WriteBytes(record, data);
            WriteTag(body, 3, 2);
            WriteBytes(body, record.WrittenSpan);
        }

        var output = new byte[Magic.Length + body.WrittenCount + MD5.HashSizeInBytes];
        Magic.CopyTo(output);
        body.WrittenSpan.CopyTo(output.AsSpan(Magic.Length));
        MD5.HashData(body.WrittenSpan, output.AsSpan(Magic.Length + body.WrittenCount));
        return output;
    }

    private static void WriteTag(IBufferWriter<byte> output, int field, int wireType) =>
        WriteVarint(output, (ulong)((field << 3) | wireType));

    private static void WriteBytes(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        WriteVarint(output, (ulong)bytes.Length);
        output.Write(bytes);
    }

    private static void WriteVarint(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        output.Advance(n);
    }
}
