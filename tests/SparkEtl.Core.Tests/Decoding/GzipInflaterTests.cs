using SparkEtl.Core.Decoding.Internal;

namespace SparkEtl.Core.Tests.Decoding;

public class GzipInflaterTests
{
    [Fact]
    public void Crc32_CheckValue_MatchesTheGzipPolynomial()
    {
        // The standard check value of CRC-32/ISO-HDLC (the gzip CRC) over "123456789".
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void Inflate_TwoMembers_OutputIsBothInOrder()
    {
        byte[] data = [.. Payloads.Gzip("first member, "), .. Payloads.Gzip("second member")];

        var status = GzipInflater.Inflate(data, 1024, out var output);
        using (output)
        {
            Assert.Equal(InflateStatus.Inflated, status);
            Assert.Equal("first member, second member"u8.ToArray(), output.Span.ToArray());
        }
    }

    [Fact]
    public void Inflate_FinalTrailerWithWrongCrc_Corrupt()
    {
        var data = Payloads.Gzip("some envelope bytes");
        data[^8] ^= 0x01;

        Assert.Equal(InflateStatus.Corrupt, GzipInflater.Inflate(data, 1024, out _));
    }

    [Fact]
    public void Inflate_PastTheLimit_TooLargeAndNoOutput()
    {
        var status = GzipInflater.Inflate(Payloads.Gzip(new byte[5000]), 4999, out var output);

        Assert.Equal(InflateStatus.TooLarge, status);
        Assert.Equal(0, output.Length);
    }
}
