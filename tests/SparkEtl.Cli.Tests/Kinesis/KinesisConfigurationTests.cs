namespace SparkEtl.Cli.Tests.Kinesis;

/// <summary>A Kinesis run or produce that cannot work stops before any work, exit code 2, naming the setting.</summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisConfigurationTests
{
    private readonly KinesaliteFixture _kinesalite;

    public KinesisConfigurationTests(KinesaliteFixture kinesalite)
    {
        _kinesalite = kinesalite;
    }

    [Fact]
    public async Task Run_UnknownStream_StopsBeforeAnyWork_NamingTheSourceRegionAndEndpoint()
    {
        using var folder = new TestSupport.TempDirectory();

        var run = await SparkEtlProcess.RunAsync(_kinesalite.Environment(), "run", "--source", "kinesis:no-such-stream", "--warehouse", folder.Combine("warehouse"), "--quiet");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Invalid setting --source: got \"kinesis:no-such-stream\"", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"an existing Kinesis stream in {KinesaliteFixture.Region} at {_kinesalite.Endpoint}", run.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.Combine("warehouse", "_checkpoint", "metadata")), "a checkpoint was started");
    }

    [Fact]
    public async Task Run_NoCredentialsAnywhere_StopsBeforeAnyWork_NamingTheCredentials()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 1);
        using var folder = new TestSupport.TempDirectory();
        var environment = _kinesalite.Environment();
        environment["AWS_ACCESS_KEY_ID"] = null;
        environment["AWS_SECRET_ACCESS_KEY"] = null;

        var run = await SparkEtlProcess.RunAsync(environment, "run", "--source", $"kinesis:{stream}", "--warehouse", folder.Combine("warehouse"), "--quiet");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("No AWS credentials were found", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Invalid setting", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoRegionAnywhere_StopsNamingTheRegionSetting()
    {
        var environment = _kinesalite.Environment();
        environment["AWS_REGION"] = null;
        environment["AWS_DEFAULT_REGION"] = null;

        var run = await SparkEtlProcess.RunAsync(environment, "run", "--source", "kinesis:tickers", "--quiet");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Invalid setting aws.region: missing", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EnhancedFanOut_IsRefusedNamingTheConsumerType()
    {
        var run = await SparkEtlProcess.RunAsync(_kinesalite.Environment(), "run", "--source", "kinesis:tickers", "--set", "kinesis.consumerType=efo", "--quiet");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Invalid setting kinesis.consumerType: got \"efo\"", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Produce_UnknownStream_PutsNothing_NamingTheStreamOption()
    {
        var produce = await SparkEtlProcess.RunAsync(_kinesalite.Environment(), "produce", "--stream", "no-such-stream", "--count", "10");

        Assert.Equal(2, produce.ExitCode);
        Assert.Contains("Invalid setting --stream: got \"no-such-stream\"; an existing Kinesis stream", produce.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Produce_WithoutAStreamOrWithABadRate_IsAUsageError_AndHelpShowsTheOptions()
    {
        var noStream = await CliRunner.RunAsync("produce", "--count", "10");
        var badRate = await CliRunner.RunAsync("produce", "--stream", "s", "--rate", "fast");
        var help = await CliRunner.RunAsync("produce", "--help");

        Assert.Equal(2, noStream.ExitCode);
        Assert.Contains("--stream", noStream.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, badRate.ExitCode);
        Assert.Contains("Invalid setting --rate: got \"fast\"", badRate.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("sparketl produce [options]", help.StandardOutput, StringComparison.Ordinal);
        foreach (var option in new[] { "--stream <STREAM>", "--shape <raw|cloudwatch|kpl>", "--rate <N>", "--count <N>", "--conf <FILE>", "--set <path=value>" })
        {
            Assert.Contains(option, help.StandardOutput, StringComparison.Ordinal);
        }
    }
}
