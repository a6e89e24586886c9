using System.Diagnostics;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Writes Thrift structs in the compact protocol, the encoding of Parquet's footer and page headers.
/// Callers write fields in ascending id order, open and close every struct (including the outermost),
/// and write exactly as many list elements as they announced. Allocation-free.
/// </summary>
/// <remarks>
/// Wire format (thrift-compact-protocol.md): i16/i32/i64 are zigzag-encoded ULEB128 varints; binary and
/// strings are a varint length then the bytes; a field header is one byte <c>delta &lt;&lt; 4 | type</c>
/// when the id is 1..15 above the previous field's id in the same struct, else the type byte then the id
/// as a zigzag varint; a struct ends with a 0 byte; a list header is <c>size &lt;&lt; 4 | elementType</c>
/// for sizes 0..14, else <c>0xF0 | elementType</c> then the size as a varint.
/// </remarks>
internal sealed class ThriftCompactWriter
{
    private const int MaxDepth = 16;

    private readonly PooledByteBuffer _output;
    private readonly short[] _enclosingLastFieldIds = new short[MaxDepth];
    private int _depth;
    private short _lastFieldId;

    public ThriftCompactWriter(PooledByteBuffer output)
    {
        _output = output;
    }

    /// <summary>Starts a struct that is not a field: the outermost one, or a list element.</summary>
    public void BeginStruct()
    {
        if (_depth == MaxDepth)
        {
            throw new InvalidOperationException($"Thrift structs nest deeper than {MaxDepth}.");
        }

        _enclosingLastFieldIds[_depth++] = _lastFieldId;
        _lastFieldId = 0;
    }

    /// <summary>Writes the stop byte and returns to the enclosing struct.</summary>
    public void EndStruct()
    {
        Debug.Assert(_depth > 0, "EndStruct without BeginStruct.");
        _output.WriteByte((byte)ThriftCompactType.Stop);
        _lastFieldId = _enclosingLastFieldIds[--_depth];
    }

    /// <summary>Starts a struct-valued (or union-valued) field; close it with <see cref="EndStruct"/>.</summary>
    public void BeginStructField(short fieldId)
    {
        WriteFieldHeader(fieldId, ThriftCompactType.Struct);
        BeginStruct();
    }

    /// <summary>A field holding an empty struct, such as the members of Parquet's TimeUnit or ColumnOrder unions.</summary>
    public void WriteEmptyStructField(short fieldId)
    {
        BeginStructField(fieldId);
        EndStruct();
    }

    public void WriteBoolField(short fieldId, bool value) =>
        WriteFieldHeader(fieldId, value ? ThriftCompactType.BooleanTrue : ThriftCompactType.BooleanFalse);

    public void WriteI16Field(short fieldId, short value)
    {
        WriteFieldHeader(fieldId, ThriftCompactType.I16);
        WriteZigZag(value);
    }

    public void WriteI32Field(short fieldId, int value)
    {
        WriteFieldHeader(fieldId, ThriftCompactType.I32);
        WriteZigZag(value);
    }

    public void WriteI64Field(short fieldId, long value)
    {
        WriteFieldHeader(fieldId, ThriftCompactType.I64);
        WriteZigZag(value);
    }

    public void WriteBinaryField(short fieldId, ReadOnlySpan<byte> value)
    {
        WriteFieldHeader(fieldId, ThriftCompactType.Binary);
        WriteBinary(value);
    }

    public void WriteStringField(short fieldId, string value)
    {
        WriteFieldHeader(fieldId, ThriftCompactType.Binary);
        WriteString(value);
    }

    /// <summary>Starts a list-valued field; follow with exactly <paramref name="count"/> elements.</summary>
    public void BeginListField(short fieldId, ThriftCompactType elementType, int count)
    {
        WriteFieldHeader(fieldId, ThriftCompactType.List);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count < 15)
        {
            _output.WriteByte((byte)((count << 4) | (byte)elementType));
        }
        else
        {
            _output.WriteByte((byte)(0xF0 | (byte)elementType));
            WriteVarint((uint)count);
        }
    }

    public void WriteI32Element(int value) => WriteZigZag(value);

    public void WriteI64Element(long value) => WriteZigZag(value);

    public void WriteStringElement(string value) => WriteString(value);

    private void WriteFieldHeader(short fieldId, ThriftCompactType type)
    {
        Debug.Assert(fieldId > _lastFieldId, "Fields must be written in ascending id order.");
        var delta = fieldId - _lastFieldId;
        if (delta is > 0 and <= 15)
        {
            _output.WriteByte((byte)((delta << 4) | (byte)type));
        }
        else
        {
            _output.WriteByte((byte)type);
            WriteZigZag(fieldId);
        }

        _lastFieldId = fieldId;
    }

    private void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteVarint((uint)value.Length);
        _output.Write(value);
    }

    private void WriteString(string value)
    {
        var length = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteVarint((uint)length);
        var written = System.Text.Encoding.UTF8.GetBytes(value, _output.GetSpan(length));
        _output.Advance(written);
    }

    private void WriteZigZag(int value) => WriteVarint((uint)((value << 1) ^ (value >> 31)));

    private void WriteZigZag(long value) => WriteVarint((ulong)((value << 1) ^ (value >> 63)));

    private void WriteVarint(ulong value)
    {
        var span = _output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _output.Advance(i);
    }
}
