using SparkEtl.TestSupport;
using SparkEtl.Warehouse.Checkpoint;

namespace SparkEtl.Cli.Tests;

/// <summary>Messages name a setting as the user wrote it, and each kind of problem has its own wording.</summary>
public class MessageTests
{
    [Theory]
    [InlineData("--warehouse", "s3://Bad_Bucket/wh", "Invalid setting --warehouse: got \"s3://Bad_Bucket/wh\"")]
    [InlineData("--checkpoint", "s3://x/../y", "Invalid setting --checkpoint: got \"s3://x/../y\"")]
    [InlineData("--trigger", "interval:soon", "Invalid setting --trigger: got \"interval:soon\"")]
    [InlineData("--source", "file:/no/such/input.jsonl", "Invalid setting --source: got \"file:/no/such/input.jsonl\"")]
    public async Task Option_IsNamedAsTheOption(string option, string value, string expected)
    {
        using var folder = new TempDirectory();
        string[] args = option == "--warehouse" ? ["run", option, value] : ["run", "--warehouse", folder.Combine("w"), option, value];

        var run = await CliRunner.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("storage.root", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_IsNamedByItsPath_TheEnvironmentByItsVariable_TheFileByItsEntry()
    {
        using var folder = new TempDirectory();
        var conf = folder.Combine("mine.json");
        await File.WriteAllTextAsync(conf, """{ "warehouse": "s3://Bad_Bucket/wh" }""");

        var set = await CliRunner.RunAsync("run", "--set", "warehouse=s3://Bad_Bucket/wh");
        var file = await CliRunner.RunAsync("run", "--conf", conf);
        Environment.SetEnvironmentVariable("SPARKETL_WAREHOUSE", "s3://Bad_Bucket/wh");
        ProcessResultPair environment;
        try
        {
            environment = new(await CliRunner.RunAsync("run"), await CliRunner.RunAsync("status"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("SPARKETL_WAREHOUSE", null);
        }

        Assert.Contains("Invalid setting warehouse: got \"s3://Bad_Bucket/wh\"", set.StandardError, StringComparison.Ordinal);
        Assert.Contains($"Invalid setting warehouse in {conf}: got \"s3://Bad_Bucket/wh\"", file.StandardError, StringComparison.Ordinal);
        Assert.Contains("Invalid setting SPARKETL_WAREHOUSE: got \"s3://Bad_Bucket/wh\"", environment.Run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Invalid setting SPARKETL_WAREHOUSE: got \"s3://Bad_Bucket/wh", environment.Status.StandardError, StringComparison.Ordinal);
        Assert.All([set, file, environment.Run], r => Assert.Equal(2, r.ExitCode));
    }

    [Fact]
    public async Task CheckpointInUse_AndInvalidSetting_AreWordedEachAsWhatItIs()
    {
        using var folder = new TempDirectory();
        var warehouse = folder.Combine("w");
        ProcessResult inUse;
        using (CheckpointLock.Acquire(Path.Combine(warehouse, "_checkpoint")))
        {
            inUse = await SparkEtlChild.RunAsync(["run", "--warehouse", warehouse, "--set", "demo.records=10", "--quiet"]);
        }

        var invalid = await CliRunner.RunAsync("run", "--warehouse", warehouse, "--set", "window.size=5x");

        Assert.Equal(2, inUse.ExitCode);
        Assert.Contains("sparketl run: The checkpoint at", inUse.StandardError, StringComparison.Ordinal);
        Assert.Contains("is in use by another run", inUse.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Invalid setting", inUse.StandardError, StringComparison.Ordinal);
        Assert.Contains("sparketl run: Invalid setting window.size: got \"5x\"", invalid.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLog_ReportsAConfigurationErrorAsAnEntryWithItsEventId()
    {
        var run = await CliRunner.RunAsync("run", "--log-format", "json", "--set", "window.size=5x");

        Assert.Equal(2, run.ExitCode);
        var entry = System.Text.Json.JsonDocument.Parse(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last()).RootElement;
        Assert.Equal(9000, entry.GetProperty("eventId").GetInt32());
        Assert.Equal("Error", entry.GetProperty("level").GetString());
        Assert.Contains("Invalid setting window.size", entry.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndpointThatDoesNotAnswer_IsNamedByTheAwsVariableItCameFrom()
    {
        using var folder = new TempDirectory();
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_KINESIS"] = "http://127.0.0.1:1",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };

        var run = await SparkEtlChild.RunAsync(["run", "--source", "kinesis:tickers", "--warehouse", folder.Combine("w"), "--quiet"], environment);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Invalid setting AWS_ENDPOINT_URL_KINESIS: got \"http://127.0.0.1:1/\"", run.StandardError, StringComparison.Ordinal);
    }

    private sealed record ProcessResultPair(ProcessResult Run, ProcessResult Status);
}
