using SparkEtl.Core.Configuration;

namespace SparkEtl.Core.Tests.Configuration;

public class SettingValuesTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("1m", 60_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData(" 5m ", 300_000)]
    public void TryParseDurationMs_Units(string text, long expected)
    {
        Assert.True(SettingValues.TryParseDurationMs(text, out var ms));
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("-5s")]
    [InlineData("1.5m")]
    [InlineData("5 minutes")]
    [InlineData("99999999999999999999d")]
    public void TryParseDurationMs_Rejects(string text) => Assert.False(SettingValues.TryParseDurationMs(text, out _));

    [Theory]
    [InlineData(60_000, "1m")]
    [InlineData(90_000, "90s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(1500, "1500ms")]
    public void FormatDuration_LargestWholeUnit(long ms, string expected) => Assert.Equal(expected, SettingValues.FormatDuration(ms));

    [Theory]
    [InlineData("1024", 1024)]
    [InlineData("64KiB", 65_536)]
    [InlineData("10MiB", 10_485_760)]
    [InlineData("1GiB", 1_073_741_824)]
    [InlineData("10MB", 10_000_000)]
    [InlineData("7B", 7)]
    public void TryParseBytes_Units(string text, long expected)
    {
        Assert.True(SettingValues.TryParseBytes(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MiB")]
    [InlineData("-1")]
    [InlineData("1.5MiB")]
    [InlineData("1TiB")]
    public void TryParseBytes_Rejects(string text) => Assert.False(SettingValues.TryParseBytes(text, out _));
}
