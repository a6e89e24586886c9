using System.Buffers.Binary;

namespace SparkEtl.Core.Tests.Parquet;

/// <summary>
/// A minimal Thrift compact-protocol decoder for tests: reads any struct into a <see cref="ThriftStruct"/>
/// keyed by field id, without knowing the schema. Used to inspect what DuckDB and hyparquet do not show
/// (page headers, encoding_stats, nan_count, column_orders); values themselves are always checked by those
/// independent readers.
/// </summary>
internal ref struct ThriftCompactReader
{
    private readonly ReadOnlySpan<byte> _data;

    public ThriftCompactReader(ReadOnlySpan<byte> data, int position = 0)
    {
        _data = data;
        Position = position;
    }

    public int Position { get; private set; }

    public ThriftStruct ReadStruct()
    {
        var fields = new Dictionary<short, object>();
        short lastId = 0;
        while (true)
        {
            var header = _data[Position++];
            if (header == 0)
            {
                return new ThriftStruct(fields);
            }

            var type = header & 0x0F;
            var delta = header >> 4;
            var id = delta != 0 ? (short)(lastId + delta) : (short)ReadZigZag();
            fields.Add(id, type switch
            {
                1 => true,
                2 => false,
                _ => ReadValue(type),
            });
            lastId = id;
        }
    }

    private object ReadValue(int type)
    {
        switch (type)
        {
            case 3:
                return (long)(sbyte)_data[Position++];
            case 4 or 5 or 6:
                return ReadZigZag();
            case 7:
                var bits = BinaryPrimitives.ReadInt64LittleEndian(_data[Position..]);
                Position += 8;
                return BitConverter.Int64BitsToDouble(bits);
            case 8:
                var length = checked((int)ReadVarint());
                var bytes = _data.Slice(Position, length).ToArray();
                Position += length;
                return bytes;
            case 9 or 10:
                var header = _data[Position++];
                var count = header >> 4 == 15 ? checked((int)ReadVarint()) : header >> 4;
                var elementType = header & 0x0F;
                var list = new List<object>(count);
                for (var i = 0; i < count; i++)
                {
                    list.Add(elementType == 1 || elementType == 2 ? _data[Position++] == 1 : ReadValue(elementType));
                }

                return list;
            case 12:
                return ReadStruct();
            default:
                throw new InvalidDataException($"Thrift type {type} at {Position} is not expected in Parquet metadata.");
        }
    }

    private long ReadZigZag()
    {
        var raw = ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = _data[Position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
