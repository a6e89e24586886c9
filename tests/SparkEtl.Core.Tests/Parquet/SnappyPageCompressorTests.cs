using System.Text;
using IronSnappy;
using SparkEtl.Core.Parquet.Internal;

namespace SparkEtl.Core.Tests.Parquet;

/// <summary>The SNAPPY page compressor (Snappier), checked against an independent decoder (IronSnappy's).</summary>
public sealed class SnappyPageCompressorTests
{
    public static TheoryData<string, int> Inputs => new()
    {
        { "empty", 0 },
        { "one byte", 1 },
        { "too short to search", 16 },
        { "shortest searched", 17 },
        { "random", 1000 },
        { "text", 5000 },
        { "zeros", 100_000 },
        { "block edge", (1 << 16) - 1 },
        { "block edge", 1 << 16 },
        { "block edge", (1 << 16) + 1 },
        { "random", 200_000 },
        { "text", 300_000 },
        { "doubles", 1 << 20 },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Compress_Input_DecompressesToTheSameBytes(string kind, int length)
    {
        var input = Make(kind, length);

        var compressed = Compress(input);

        Assert.Equal(input, Snappy.Decode(compressed));
    }

    [Fact]
    public void Compress_RepetitiveInput_IsMuchSmaller()
    {
        var input = Make("text", 100_000);

        Assert.True(Compress(input).Length < input.Length / 4);
    }

    [Fact]
    public void Compress_EveryLengthUpTo300_DecompressesToTheSameBytes()
    {
        var source = Make("text", 300);
        for (var length = 0; length <= source.Length; length++)
        {
            var input = source[..length];
            Assert.Equal(input, Snappy.Decode(Compress(input)));
        }
    }

    private static byte[] Compress(byte[] input)
    {
        using var scratch = new PooledByteBuffer();
        return new SnappyPageCompressor().Compress(input, scratch).ToArray();
    }

    private static byte[] Make(string kind, int length)
    {
        var random = new Random(length);
        var bytes = new byte[length];
        switch (kind)
        {
            case "random":
                random.NextBytes(bytes);
                break;
            case "text":
                var words = new[] { "JIB ", "AUTOMOBILE ", "price ", "44.89 ", "sector ", "TECHNOLOGY ", "\n" };
                var text = new StringBuilder();
                while (text.Length < length)
                {
                    text.Append(words[random.Next(words.Length)]);
                }

                Encoding.ASCII.GetBytes(text.ToString(0, length), bytes);
                break;
            case "doubles":
                for (var i = 0; i + 8 <= length; i += 8)
                {
                    BitConverter.TryWriteBytes(bytes.AsSpan(i), Math.Round(random.NextDouble() * 100, 2));
                }

                break;
            case "block edge":
                for (var i = 0; i < length; i++)
                {
                    bytes[i] = (byte)(i % 251 < 100 ? i % 7 : random.Next(256));
                }

                break;
        }

        return bytes;
    }
}
