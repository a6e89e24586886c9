using System.Globalization;
using System.Text;
using SparkEtl.Core.Transform.Internal;

namespace SparkEtl.Core.Tests.Transform;

public class JsonNumbersTests
{
    [Theory]
    [InlineData("44.89")]
    [InlineData("-0.15")]
    [InlineData("-0")]
    [InlineData("0.1")]
    [InlineData("007.50")]
    [InlineData("123456789012345")]
    [InlineData("1234567890.12345")]
    [InlineData("0.000000000000001")]
    [InlineData("9007199254740993")]
    [InlineData("1.5e3")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("NaN")]
    public void TryParseDouble_GivesWhatTheFrameworkParserGives(string text)
    {
        var expectedOk = double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var expected);

        var ok = JsonNumbers.TryParseDouble(Encoding.UTF8.GetBytes(text), out var value);

        Assert.Equal(expectedOk, ok);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
    }

    [Fact]
    public void TryParseDouble_RandomPrices_GiveTheFrameworkParsersBits()
    {
        var random = new Random(5);
        for (var i = 0; i < 200_000; i++)
        {
            var digits = random.Next(1, 16);
            var whole = random.NextInt64((long)Math.Pow(10, digits));
            var point = random.Next(0, digits + 1);
            var text = whole.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
            if (point > 0 && point < text.Length)
            {
                text = text[..^point] + "." + text[^point..];
            }

            if (random.Next(4) == 0)
            {
                text = "-" + text;
            }

            var expected = double.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            Assert.True(JsonNumbers.TryParseDouble(Encoding.UTF8.GetBytes(text), out var value));
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), $"{text}: expected {expected:R}, got {value:R}");
        }
    }

    [Fact]
    public void TryParseWholeInt64_Integers_GiveWhatTheFrameworkParserGives()
    {
        // Wherever long.TryParse reads an integer (signs, leading zeros, 1 to 19 digits), the value is the same.
        var random = new Random(9);
        for (var i = 0; i < 100_000; i++)
        {
            var text = (random.Next(4) == 0 ? "-" : "") + new string('0', random.Next(3) == 0 ? random.Next(1, 4) : 0)
                + string.Concat(Enumerable.Range(0, random.Next(1, 20)).Select(_ => (char)('0' + random.Next(10))));
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expected))
            {
                continue; // past a long: the double path's saturation, tested below
            }

            Assert.True(JsonNumbers.TryParseWholeInt64(Encoding.UTF8.GetBytes(text), out var value), text);
            Assert.Equal(expected, value);
        }
    }

    [Theory]
    [InlineData("1710513000060", 1710513000060L)]
    [InlineData("-0", 0L)]
    [InlineData("999999999999999999", 999999999999999999L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("99999999999999999999", long.MaxValue)]
    [InlineData("9999999999999999999", long.MaxValue)]
    [InlineData("-9999999999999999999", long.MinValue)]
    [InlineData("1700000000123.0", 1700000000123L)]
    [InlineData("1.7e12", 1700000000000L)]
    public void TryParseWholeInt64_WholeNumbers_AreRead(string text, long expected)
    {
        Assert.True(JsonNumbers.TryParseWholeInt64(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("--1")]
    [InlineData("1-")]
    [InlineData("1.5")]
    [InlineData("12a")]
    public void TryParseWholeInt64_OtherText_IsRefused(string text) =>
        Assert.False(JsonNumbers.TryParseWholeInt64(Encoding.UTF8.GetBytes(text), out _));
}
