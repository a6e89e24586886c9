using System.Buffers.Binary;
using System.Text;

namespace SparkEtl.Iceberg.Avro.Internal;

/// <summary>Reads Avro's binary encoding from memory; every read checks the bounds and names the file when they are broken.</summary>
internal sealed class AvroDecoder(ReadOnlyMemory<byte> data, string description)
{
    private int _position;

    public int Position => _position;

    public bool AtEnd => _position >= data.Length;

    public void Skip(int count)
    {
        Need(count);
        _position += count;
    }

    public long ReadLong()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            Need(1);
            var b = data.Span[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (long)(value >> 1) ^ -(long)(value & 1);
            }
        }

        throw Corrupt("a variable-length integer runs past 10 bytes");
    }

    public int ReadInt() => checked((int)ReadLong());

    public bool ReadBoolean()
    {
        Need(1);
        return data.Span[_position++] != 0;
    }

    public double ReadDouble()
    {
        Need(8);
        var value = BinaryPrimitives.ReadDoubleLittleEndian(data.Span[_position..]);
        _position += 8;
        return value;
    }

    public float ReadFloat()
    {
        Need(4);
        var value = BinaryPrimitives.ReadSingleLittleEndian(data.Span[_position..]);
        _position += 4;
        return value;
    }

    public ReadOnlyMemory<byte> ReadBytes()
    {
        var length = ReadLong();
        if (length < 0 || length > int.MaxValue)
        {
            throw Corrupt($"a length of {length}");
        }

        return ReadFixed((int)length);
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes().Span);

    public ReadOnlyMemory<byte> ReadFixed(int length)
    {
        Need(length);
        var slice = data.Slice(_position, length);
        _position += length;
        return slice;
    }

    private void Need(int count)
    {
        if (count < 0 || _position + count > data.Length)
        {
            throw Corrupt($"{count} more bytes are needed at offset {_position} but the data ends at {data.Length}");
        }
    }

    private InvalidDataException Corrupt(string what) => new($"{description} is not valid Avro: {what}.");
}
