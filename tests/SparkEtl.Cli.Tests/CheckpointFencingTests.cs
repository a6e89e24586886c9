using SparkEtl.FaultProxy;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>
/// Two runs on one S3 checkpoint. s3rver ignores conditional writes, so the job reaches it through the fault proxy,
/// which honours them as S3 does: the conditional creation of <c>offsets/N</c> and <c>commits/N</c> must fence the
/// second writer, loudly, and no record may be lost or doubled.
/// </summary>
public sealed class CheckpointFencingTests(S3AndGlueFixture aws) : IClassFixture<S3AndGlueFixture>, IAsyncLifetime
{
    private readonly TempDirectory _folder = new("fencing");
    private FaultInjectingProxy _proxy = null!;

    public async Task InitializeAsync() =>
        _proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = aws.S3Endpoint, Faults = FaultPlan.Parse("none") }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        _folder.Dispose();
    }

    private Dictionary<string, string?> Environment(string? pauseAt = null, string? release = null)
    {
        var environment = aws.Environment;
        environment["AWS_ENDPOINT_URL_S3"] = _proxy.Endpoint.ToString();
        environment["SPARKETL_PAUSE"] = pauseAt;
        environment["SPARKETL_PAUSE_UNTIL"] = release;
        return environment;
    }

    private static string[] Args(string input, string warehouse) =>
    [
        "run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "none",
        "--set", "catalog.mode=none", "--set", "batch.maxRecordsPerShard=100",
    ];

    private static async Task WaitForAsync(string path)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (!File.Exists(path))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{path} never appeared");
            await Task.Delay(50);
        }
    }

    private async Task<long> TradesAsync(string bucket)
    {
        var downloaded = _folder.Combine(bucket);
        (await aws.AwsAsync("s3", "sync", $"s3://{bucket}/w", downloaded, "--endpoint-url", aws.S3Endpoint.ToString())).EnsureSuccess("aws s3 sync");
        var rows = await NodeInterop.DuckDbQueryAsync(
            $"SELECT count(*) AS n, count(DISTINCT (shard_id, sequence_number)) AS d FROM read_parquet({NodeInterop.SqlString(downloaded + "/trades/*/*.parquet")})");
        Assert.Equal(rows[0].GetProperty("n").GetInt64(), rows[0].GetProperty("d").GetInt64());
        return rows[0].GetProperty("n").GetInt64();
    }

    [Fact]
    public async Task SecondRun_PlanningABatchTheFirstAlreadyPlanned_FencesTheFirstOut()
    {
        var input = await TickerData.GenerateAsync(_folder, "kinesis-raw", records: 1_200, seed: 4, symbols: 6);
        var bucket = await aws.NewBucketAsync();
        var release = _folder.Combine("release-a");

        // Run A commits batch 0 and holds still; run B takes over and plans batch 1 (and the rest) itself.
        var first = SparkEtlChild.Start(Args(input, $"s3://{bucket}/w"), Environment("after-commit:0", release));
        var firstOutput = first.StandardOutput.ReadToEndAsync();
        var firstErrors = first.StandardError.ReadToEndAsync();
        var firstExit = first.WaitForExitAsync();
        await WaitForAsync(release + ".paused");
        var second = await SparkEtlChild.RunAsync(Args(input, $"s3://{bucket}/w"), Environment());
        Assert.True(second.ExitCode == 0, second.StandardError);

        await File.WriteAllTextAsync(release, "go");
        await firstExit;
        await firstOutput;
        var stderr = await firstErrors;

        Assert.Equal(2, first.ExitCode);
        Assert.Contains("is in use by another run", stderr, StringComparison.Ordinal);
        Assert.Contains("planned batch 1 first", stderr, StringComparison.Ordinal);
        Assert.Equal(1_200, await TradesAsync(bucket));
    }

    [Fact]
    public async Task SecondRun_ReplayingABatchTheFirstHasNotCommitted_OnlyOneCommitsIt()
    {
        var input = await TickerData.GenerateAsync(_folder, "kinesis-raw", records: 1_200, seed: 5, symbols: 6);
        var bucket = await aws.NewBucketAsync();
        var release = _folder.Combine("release-b");

        // Run A has written batch 1's files and holds before its commit; run B sees batch 1 planned and uncommitted.
        var first = SparkEtlChild.Start(Args(input, $"s3://{bucket}/w"), Environment("after-files:1", release));
        var firstOutput = first.StandardOutput.ReadToEndAsync();
        var firstErrors = first.StandardError.ReadToEndAsync();
        var firstExit = first.WaitForExitAsync();
        await WaitForAsync(release + ".paused");
        var second = await SparkEtlChild.RunAsync(Args(input, $"s3://{bucket}/w"), Environment());
        Assert.True(second.ExitCode == 0, second.StandardError);

        await File.WriteAllTextAsync(release, "go");
        await firstExit;
        await firstOutput;
        var stderr = await firstErrors;

        Assert.Equal(2, first.ExitCode);
        Assert.Contains("committed batch 1 first", stderr, StringComparison.Ordinal);
        Assert.Equal(1_200, await TradesAsync(bucket));
    }
}
