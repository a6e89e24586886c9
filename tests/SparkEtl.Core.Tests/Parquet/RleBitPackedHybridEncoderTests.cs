using SparkEtl.Core.Parquet.Internal;

namespace SparkEtl.Core.Tests.Parquet;

public sealed class RleBitPackedHybridEncoderTests
{
    [Fact]
    public void Encode_EightEqualValues_WritesOneRleRun()
    {
        // Header varint(8 << 1) = 0x10, then the value in one byte.
        Assert.Equal([0x10, 0x01], Encode(1, Enumerable.Repeat(1, 8)));
    }

    [Fact]
    public void Encode_SpecExampleZeroToSeven_BitPacksLeastSignificantBitFirst()
    {
        // Encodings.md: 0..7 at bit width 3 pack to 10001000 11000110 11111010.
        Assert.Equal([0x03, 0x88, 0xC6, 0xFA], Encode(3, Enumerable.Range(0, 8)));
    }

    [Fact]
    public void Encode_PartialGroup_PadsWithZeros()
    {
        Assert.Equal([0x03, 0b101], Encode(1, [1, 0, 1]));
    }

    [Fact]
    public void Encode_RunThenShortTail_WritesRleRunThenPaddedGroup()
    {
        // varint(100 << 1) = C8 01.
        Assert.Equal([0xC8, 0x01, 0x01, 0x03, 0x00], Encode(1, [.. Enumerable.Repeat(1, 100), 0, 0, 0]));
    }

    [Fact]
    public void Encode_MoreThan63Groups_StartsASecondBitPackedRun()
    {
        var alternating = Enumerable.Range(0, 64 * 8).Select(i => i % 2);

        byte[] expected = [0x7F, .. Enumerable.Repeat((byte)0xAA, 63), 0x03, 0xAA];
        Assert.Equal(expected, Encode(1, alternating));
    }

    [Fact]
    public void Encode_WideRunValue_UsesCeilingOfWidthInBytes()
    {
        Assert.Equal([0x14, 0x34, 0x02], Encode(10, Enumerable.Repeat(0x234, 10)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(32)]
    public void Encode_MixedRunsAndNoise_DecodesToTheSameValues(int bitWidth)
    {
        var random = new Random(bitWidth);
        var max = bitWidth == 32 ? int.MaxValue : (1 << bitWidth) - 1;
        var values = new List<int>();
        while (values.Count < 5000)
        {
            var value = random.Next(0, max) + (random.Next(2) == 0 ? 0 : 1);
            var repeat = random.Next(4) == 0 ? random.Next(1, 40) : 1;
            values.AddRange(Enumerable.Repeat(Math.Min(value, max), repeat));
        }

        var encoded = Encode(bitWidth, values);

        Assert.Equal(values, Decode(encoded, bitWidth, values.Count));
    }

    private static byte[] Encode(int bitWidth, IEnumerable<int> values)
    {
        using var buffer = new PooledByteBuffer(16);
        var encoder = new RleBitPackedHybridEncoder();
        encoder.Begin(buffer, bitWidth);
        foreach (var value in values)
        {
            encoder.Write(value);
        }

        encoder.End();
        return buffer.WrittenSpan.ToArray();
    }

    // A straightforward decoder of the hybrid grammar in Encodings.md, for round trips.
    private static List<int> Decode(byte[] data, int bitWidth, int count)
    {
        var values = new List<int>(count);
        var position = 0;
        while (values.Count < count)
        {
            ulong header = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = data[position++];
                header |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }

            if ((header & 1) == 0)
            {
                var run = (int)(header >> 1);
                long value = 0;
                for (var i = 0; i < (bitWidth + 7) / 8; i++)
                {
                    value |= (long)data[position++] << (8 * i);
                }

                values.AddRange(Enumerable.Repeat((int)value, run));
            }
            else
            {
                var groups = (int)(header >> 1);
                var bitPosition = (long)position * 8;
                for (var i = 0; i < groups * 8; i++)
                {
                    long value = 0;
                    for (var bit = 0; bit < bitWidth; bit++, bitPosition++)
                    {
                        value |= (long)((data[bitPosition / 8] >> (int)(bitPosition % 8)) & 1) << bit;
                    }

                    values.Add((int)value);
                }

                position += groups * bitWidth;
            }
        }

        return values.Take(count).ToList();
    }
}
