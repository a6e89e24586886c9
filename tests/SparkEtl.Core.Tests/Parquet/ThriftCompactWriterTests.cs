using SparkEtl.Core.Parquet.Internal;

namespace SparkEtl.Core.Tests.Parquet;

public sealed class ThriftCompactWriterTests
{
    [Fact]
    public void WriteI32Field_SmallDelta_UsesOneByteHeaderAndZigZagVarint()
    {
        var bytes = Encode(w =>
        {
            w.WriteI32Field(1, 1);
            w.WriteI64Field(2, -1);
            w.WriteI32Field(3, 150);
        });

        // 0x15 = delta 1, type i32; zigzag(1) = 2. 0x16 = delta 1, type i64; zigzag(-1) = 1.
        // zigzag(150) = 300 = varint AC 02.
        Assert.Equal([0x15, 0x02, 0x16, 0x01, 0x15, 0xAC, 0x02, 0x00], bytes);
    }

    [Fact]
    public void WriteField_DeltaAbove15_UsesLongFormHeader()
    {
        var bytes = Encode(w =>
        {
            w.WriteI32Field(1, 0);
            w.WriteI32Field(17, 0);
            w.WriteI32Field(32, 0);
        });

        // Delta 16 and 15: the first needs the type byte then zigzag(17) = 34; the second fits a short header.
        Assert.Equal([0x15, 0x00, 0x05, 0x22, 0x00, 0xF5, 0x00, 0x00], bytes);
    }

    [Fact]
    public void WriteI64Field_Extremes_UseTenByteVarints()
    {
        var bytes = Encode(w =>
        {
            w.WriteI64Field(1, long.MinValue);
            w.WriteI64Field(2, long.MaxValue);
        });

        Assert.Equal(
            [
                0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01,
                0x16, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01,
                0x00,
            ],
            bytes);
    }

    [Fact]
    public void WriteBoolField_EncodesValueInTheFieldType()
    {
        var bytes = Encode(w =>
        {
            w.WriteBoolField(1, true);
            w.WriteBoolField(2, false);
        });

        Assert.Equal([0x11, 0x12, 0x00], bytes);
    }

    [Fact]
    public void BeginListField_ShortAndLongLists_UseTheirHeaderForms()
    {
        var bytes = Encode(w =>
        {
            w.BeginListField(1, ThriftCompactType.I32, 3);
            w.WriteI32Element(1);
            w.WriteI32Element(2);
            w.WriteI32Element(-3);
            w.BeginListField(2, ThriftCompactType.Binary, 20);
            for (var i = 0; i < 20; i++)
            {
                w.WriteStringElement("a");
            }
        });

        byte[] expected =
        [
            0x19, 0x35, 0x02, 0x04, 0x05,
            0x19, 0xF8, 0x14, .. Enumerable.Repeat<byte[]>([0x01, 0x61], 20).SelectMany(b => b),
            0x00,
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void BeginStructField_Nested_RestartsAndRestoresFieldIds()
    {
        var bytes = Encode(w =>
        {
            w.BeginStructField(1);
            w.WriteI32Field(1, 5);
            w.EndStruct();
            w.WriteI32Field(2, 7);
            w.WriteEmptyStructField(3);
        });

        Assert.Equal([0x1C, 0x15, 0x0A, 0x00, 0x15, 0x0E, 0x1C, 0x00, 0x00], bytes);
    }

    [Fact]
    public void WriteStringField_NonAscii_WritesUtf8LengthAndBytes()
    {
        var bytes = Encode(w => w.WriteStringField(4, "é"));

        Assert.Equal([0x48, 0x02, 0xC3, 0xA9, 0x00], bytes);
    }

    private static byte[] Encode(Action<ThriftCompactWriter> write)
    {
        using var buffer = new PooledByteBuffer(16);
        var writer = new ThriftCompactWriter(buffer);
        writer.BeginStruct();
        write(writer);
        writer.EndStruct();
        return buffer.WrittenSpan.ToArray();
    }
}
