using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary><c>sparketl status</c> reads a query's state from its checkpoint, local or on S3.</summary>
public class StatusTests(S3AndGlueFixture aws) : IClassFixture<S3AndGlueFixture>
{
    [Fact]
    public async Task Status_OfAQueryPartWayThrough_ShowsItsBatchPositionsWatermarksOpenWindowsAndErrors()
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "kinesis-raw", records: 1_200, seed: 7, symbols: 6, shards: 2);
        var warehouse = folder.Combine("w");
        string[] run = ["run", "--source", $"file:{input}", "--warehouse", warehouse, "--quiet", "--set", "batch.maxRecordsPerShard=100", "--trigger", "once"];
        Assert.Equal(0, (await CliRunner.RunAsync(run)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(run)).ExitCode);

        var status = await CliRunner.RunAsync("status", "--warehouse", warehouse);

        Assert.True(status.ExitCode == 0, status.StandardError);
        var text = status.StandardOutput;
        Assert.Contains($"source          file:{input}", text, StringComparison.Ordinal);
        Assert.Contains("Last batch      1 committed at ", text, StringComparison.Ordinal);
        Assert.Matches(@"Source position sequence \d+@\d+", text);
        Assert.Matches(@"shardId-000000000000 +- +\d{4}-\d\d-\d\dT[\d:.]+Z +\d{4}-\d\d-\d\dT[\d:.]+Z +active", text);
        Assert.Matches(@"Open windows    \d+ of \d+ tickers, from 20", text);
        Assert.Matches(@"\n +0 \S+ +\d+ ", text);
        Assert.Matches(@"\n +1 \S+ +\d+ ", text);
        Assert.Contains("Errors by type  none in the batches kept", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_AfterACrash_SaysWhichBatchTheNextRunReplays_AndAfterTheEndThatTheInputEnded()
    {
        using var folder = new TempDirectory();
        var warehouse = folder.Combine("w");
        string[] run = ["run", "--warehouse", warehouse, "--quiet", "--set", "demo.records=800", "--set", "demo.shape=raw", "--set", "demo.badRecordRate=0.01", "--set", "batch.maxRecordsPerShard=100"];
        Assert.Equal(137, (await SparkEtlChild.RunAsync(run, new Dictionary<string, string?> { ["SPARKETL_FAULT"] = "after-files:2" })).ExitCode);

        var crashed = await CliRunner.RunAsync("status", "--checkpoint", Path.Combine(warehouse, "_checkpoint"));
        Assert.Equal(0, (await CliRunner.RunAsync(run)).ExitCode);
        var ended = await CliRunner.RunAsync("status", "--warehouse", warehouse);

        Assert.Contains("Last batch      1 committed", crashed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("batch 2 was planned and not committed: the next run replays it", crashed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("the input ended with it", ended.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Watermark       +infinity", ended.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Open windows    none", ended.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"Errors by type  (parse-failed|validation-failed) \d", ended.StandardOutput);
        Assert.Contains("replayed", ended.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_OfACheckpointOnS3_ReadsItThere()
    {
        using var folder = new TempDirectory();
        var bucket = await aws.NewBucketAsync();
        var input = await TickerData.GenerateAsync(folder, "ndjson", records: 300, seed: 4);
        var run = await SparkEtlChild.RunAsync(
            ["run", "--source", $"file:{input}", "--warehouse", $"s3://{bucket}/wh", "--quiet", "--set", "catalog.mode=none", "--set", "batch.maxRecordsPerShard=100"], aws.Environment);
        Assert.True(run.ExitCode == 0, run.StandardError);

        var status = await SparkEtlChild.RunAsync(["status", "--warehouse", $"s3://{bucket}/wh"], aws.Environment);
        var none = await SparkEtlChild.RunAsync(["status", "--checkpoint", $"s3://{bucket}/elsewhere"], aws.Environment);

        Assert.True(status.ExitCode == 0, status.StandardError);
        Assert.Contains($"checkpoint s3://{bucket}/wh/_checkpoint", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Last batch      2 committed", status.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("Invalid setting --checkpoint", none.StandardError, StringComparison.Ordinal);
    }
}
