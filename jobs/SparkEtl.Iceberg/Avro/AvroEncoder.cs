using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace SparkEtl.Iceberg.Avro;

/// <summary>
/// Avro's binary encoding (Avro 1.12 specification, "Binary Encoding") into a growing buffer: zig-zag varints for
/// int and long, length-prefixed bytes and strings, little-endian IEEE doubles, and the pieces of unions, arrays
/// and maps. The caller writes values in schema order; nothing here knows the schema.
/// </summary>
public sealed class AvroEncoder
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>How many bytes have been written.</summary>
    public int Length => _buffer.WrittenCount;

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt(int value) => WriteLong(value);

    /// <summary>A long as a zig-zag variable-length integer.</summary>
    public void WriteLong(long value)
    {
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (zigzag >= 0x80)
        {
            span[i++] = (byte)(zigzag | 0x80);
            zigzag >>= 7;
        }

        span[i++] = (byte)zigzag;
        _buffer.Advance(i);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>Bytes: their length as a long, then the bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        WriteRaw(value);
    }

    /// <summary>A string: its UTF-8 length as a long, then the UTF-8 bytes.</summary>
    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteLong(length);
        var span = _buffer.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        _buffer.Advance(length);
    }

    /// <summary>The branch of a union about to be written (0-based position in the union's schema).</summary>
    public void WriteUnionIndex(int index) => WriteLong(index);

    /// <summary>
    /// Starts one block of an array or map with <paramref name="count"/> items; after the items, a block of zero
    /// (<see cref="WriteEndOfBlocks"/>) ends it. A count of zero writes only the end.
    /// </summary>
    public void WriteBlockCount(long count) => WriteLong(count);

    /// <summary>The zero count that ends an array or map.</summary>
    public void WriteEndOfBlocks() => WriteLong(0);

    /// <summary>Bytes as they are (a fixed value, or an already encoded record).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    private void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
