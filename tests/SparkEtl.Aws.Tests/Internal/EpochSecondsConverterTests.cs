using System.Text;
using System.Text.Json;
using SparkEtl.Aws.Internal;

namespace SparkEtl.Aws.Tests.Internal;

public sealed class EpochSecondsConverterTests
{
    [Theory]
    [InlineData("1700000000.123", 1700000000123L)]
    [InlineData("1.700000000123E9", 1700000000123L)]
    [InlineData("1.700000000123e+9", 1700000000123L)]
    [InlineData("1700000000", 1700000000000L)]
    [InlineData("1700000000.9996", 1700000001000L)]
    [InlineData("0.001", 1L)]
    public void ReadSeconds_KeepsMilliseconds(string json, long expectedMs)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        Assert.Equal(expectedMs, EpochSecondsConverter.ToUnixMilliseconds(EpochSecondsConverter.ReadSeconds(ref reader)));
    }

    [Fact]
    public void ToEpochSeconds_WritesMillisecondFraction() =>
        Assert.Equal(1700000000.123m, EpochSecondsConverter.ToEpochSeconds(1700000000123L));
}
