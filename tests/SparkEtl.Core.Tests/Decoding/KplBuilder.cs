using System.Security.Cryptography;
using System.Text;

namespace SparkEtl.Core.Tests.Decoding;

/// <summary>
/// A tiny protobuf writer for KPL aggregates (magic, AggregatedRecord, MD5), able to write the
/// unusual and the broken: explicit hash keys, tags, unknown fields, tables after records, fields
/// missing or with the wrong wire type.
/// </summary>
public sealed class KplBuilder
{
    private static readonly byte[] Magic = [0xF3, 0x89, 0x9A, 0xC2];

    private readonly List<byte[]> _fields = [];
    private int _keys;
    private int _hashKeys;

    /// <summary>Adds a partition key table entry (field 1) and returns its index.</summary>
    public int Key(string key)
    {
        _fields.Add(LengthDelimited(1, Encoding.UTF8.GetBytes(key)));
        return _keys++;
    }

    /// <summary>Adds an explicit hash key table entry (field 2) and returns its index.</summary>
    public int HashKey(string key)
    {
        _fields.Add(LengthDelimited(2, Encoding.UTF8.GetBytes(key)));
        return _hashKeys++;
    }

    /// <summary>Adds a record (field 3) with the usual fields; <paramref name="extra"/> is appended inside it.</summary>
    public KplBuilder Record(long keyIndex, byte[] data, long? hashKeyIndex = null, byte[]? extra = null)
    {
        var body = new List<byte>();
        body.AddRange(Varint(1, (ulong)keyIndex));
        if (hashKeyIndex is { } h)
        {
            body.AddRange(Varint(2, (ulong)h));
        }

        body.AddRange(LengthDelimited(3, data));
        body.AddRange(extra ?? []);
        return RawRecord([.. body]);
    }

    /// <summary>Adds a record (field 3) whose message bytes are given as they are.</summary>
    public KplBuilder RawRecord(byte[] recordMessage)
    {
        _fields.Add(LengthDelimited(3, recordMessage));
        return this;
    }

    /// <summary>Adds raw bytes to the AggregatedRecord message (unknown fields, broken fields).</summary>
    public KplBuilder RawField(byte[] bytes)
    {
        _fields.Add(bytes);
        return this;
    }

    /// <summary>Magic, protobuf, MD5 of the protobuf (or <paramref name="digest"/> when given).</summary>
    public byte[] Build(byte[]? digest = null)
    {
        var body = _fields.SelectMany(f => f).ToArray();
        return [.. Magic, .. body, .. digest ?? MD5.HashData(body)];
    }

    /// <summary>Wraps a protobuf body as an aggregate with a correct MD5.</summary>
    public static byte[] FromBody(byte[] body) => [.. Magic, .. body, .. MD5.HashData(body)];

    public static byte[] Tag(int field, int wireType) => EncodeVarint((ulong)((field << 3) | wireType));

    public static byte[] Varint(int field, ulong value) => [.. Tag(field, 0), .. EncodeVarint(value)];

    public static byte[] LengthDelimited(int field, byte[] value) => [.. Tag(field, 2), .. EncodeVarint((ulong)value.Length), .. value];

    /// <summary>A KPL Tag message { key = 1; value = 2 } as field 4 of a record.</summary>
    public static byte[] TagField(string key, string value) =>
        LengthDelimited(4, [.. LengthDelimited(1, Encoding.UTF8.GetBytes(key)), .. LengthDelimited(2, Encoding.UTF8.GetBytes(value))]);

    public static byte[] EncodeVarint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
