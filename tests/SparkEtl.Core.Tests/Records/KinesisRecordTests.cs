using System.Text;
using SparkEtl.Core.Records;
using SparkEtl.Core.Tests.Decoding;

namespace SparkEtl.Core.Tests.Records;

public class KinesisRecordTests
{
    private static KinesisRecord Record(byte[] data) => new("shardId-000000000000", "1", "k", 0, data);

    [Fact]
    public void DecodedLength_PlainData_IsTheDataLength()
    {
        Assert.Equal(11, Record(Encoding.UTF8.GetBytes("{\"PRICE\":1}")).DecodedLength);
    }

    [Fact]
    public void DecodedLength_GzipData_IsTheInflatedSizeTheTrailerStates()
    {
        var json = Encoding.UTF8.GetBytes(new string('x', 10_000));
        var gzip = Payloads.Gzip(json);

        Assert.True(gzip.Length < json.Length);
        Assert.Equal(json.Length, Record(gzip).DecodedLength);
    }

    [Fact]
    public void DecodedLength_GzipTrailerSmallerThanTheData_IsTheDataLength()
    {
        // Random bytes do not compress: the member is larger than what it inflates to, and the larger counts.
        var noise = new byte[4_000];
        new Random(7).NextBytes(noise);
        var gzip = Payloads.Gzip(noise);

        Assert.True(gzip.Length > noise.Length);
        Assert.Equal(gzip.Length, Record(gzip).DecodedLength);
    }

    [Fact]
    public void DecodedLength_GzipMagicOnTooShortData_IsTheDataLength()
    {
        Assert.Equal(3, Record([0x1f, 0x8b, 0x08]).DecodedLength);
    }
}
