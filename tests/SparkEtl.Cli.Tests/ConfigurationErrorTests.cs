using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>Bad arguments or configuration stop before any work with exit code 2 and a message naming the setting.</summary>
public class ConfigurationErrorTests
{
    [Theory]
    [InlineData("window.size=5x", "window.size", "5x", "a duration")]
    [InlineData("window.size=0s", "window.size", "0s", "from 1s to 1d")]
    [InlineData("parquet.compression=lz4", "parquet.compression", "lz4", "snappy, gzip or none")]
    [InlineData("batch.maxRecordsPerShard=-3", "batch.maxRecordsPerShard", "-3", "whole number")]
    [InlineData("catalog.database=My-Db", "catalog.database", "My-Db", "Glue database name")]
    [InlineData("window.watermarkDelay=later", "window.watermarkDelay", "later", "duration")]
    [InlineData("demo.shape=xml", "demo.shape", "xml", "raw, cloudwatch or kpl")]
    [InlineData("windw.size=1m", "windw.size", "1m", "known setting")]
    public async Task Run_BadSetting_ExitsWithCode2NamingTheSettingValueAndWhatIsAllowed(string set, string setting, string value, string allowed)
    {
        using var folder = new TempDirectory();

        var run = await CliRunner.RunAsync("run", "--warehouse", folder.Combine("warehouse"), "--set", set);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(setting, run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"\"{value}\"", run.StandardError, StringComparison.Ordinal);
        Assert.Contains(allowed, run.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("warehouse")), "no work may start on a bad configuration");
    }

    [Theory]
    [InlineData("--source", "ftp://somewhere", "source")]
    [InlineData("--source", "file:/no/such/file.jsonl", "source")]
    [InlineData("--trigger", "sometimes", "trigger")]
    [InlineData("--conf", "/no/such/conf.json", "--conf")]
    public async Task Run_BadOption_ExitsWithCode2NamingIt(string option, string value, string named)
    {
        using var folder = new TempDirectory();

        var run = await CliRunner.RunAsync("run", "--warehouse", folder.Combine("warehouse"), option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.StandardError, StringComparison.Ordinal);
        Assert.Contains(value, run.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("warehouse")));
    }

    [Fact]
    public async Task Run_UnknownOption_ExitsWithCode2ListingTheKnownOnes()
    {
        var run = await CliRunner.RunAsync("run", "--sauce", "demo");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--sauce", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("--source", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_ExitsWithCode2()
    {
        var run = await CliRunner.RunAsync("launch");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("launch", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ConfFileWithBadValue_NamesTheFile()
    {
        using var folder = new TempDirectory();
        var conf = folder.Combine("bad.json");
        await File.WriteAllTextAsync(conf, """{ "window": { "size": "ten minutes" } }""");

        var run = await CliRunner.RunAsync("run", "--conf", conf, "--warehouse", folder.Combine("w"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("window.size", run.StandardError, StringComparison.Ordinal);
        Assert.Contains(conf, run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EnvironmentVariableOverridesTheFile_AndIsNamedWhenBad()
    {
        using var folder = new TempDirectory();
        Environment.SetEnvironmentVariable("SPARKETL_WINDOW_WATERMARK_DELAY", "soon");
        try
        {
            var run = await CliRunner.RunAsync("run", "--warehouse", folder.Combine("w"));

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("SPARKETL_WINDOW_WATERMARK_DELAY", run.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SPARKETL_WINDOW_WATERMARK_DELAY", null);
        }
    }
}
