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
}
