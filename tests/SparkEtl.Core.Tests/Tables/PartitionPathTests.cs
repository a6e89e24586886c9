using SparkEtl.Core.Tables;

namespace SparkEtl.Core.Tests.Tables;

public class PartitionPathTests
{
    [Theory]
    [InlineData(0, "1970-01-01")]
    [InlineData(1_700_000_000_123, "2023-11-14")]
    [InlineData(-1, "1969-12-31")]
    [InlineData(253_402_300_799_999, "9999-12-31")]
    public void DayOf_IsTheUtcDay(long epochMs, string day) => Assert.Equal(day, PartitionPath.DayOf(epochMs));

    [Fact]
    public void DayOf_OutsideYears1To9999_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PartitionPath.DayOf(253_402_300_800_000));

    [Theory]
    [InlineData("2023-11-14", "2023-11-14")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("..", "%2E%2E")]
    [InlineData(".", "%2E")]
    [InlineData("x=y", "x%3Dy")]
    [InlineData("100%", "100%25")]
    [InlineData("a\\b:c", "a%5Cb%3Ac")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("über", "über")]
    public void Escape_EscapesWhatHiveEscapes(string value, string escaped) => Assert.Equal(escaped, PartitionPath.Escape(value));

    [Fact]
    public void Escape_NoEscapedValueContainsASlashOrIsADotSegment()
    {
        for (var c = 0; c < 256; c++)
        {
            foreach (var value in new[] { $"{(char)c}", $"{(char)c}{(char)c}", $"a{(char)c}b" })
            {
                var escaped = PartitionPath.Escape(value);
                Assert.DoesNotContain('/', escaped);
                Assert.DoesNotContain('\\', escaped);
                Assert.NotEqual(".", escaped);
                Assert.NotEqual("..", escaped);
            }
        }
    }
}
