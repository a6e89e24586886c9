using System.Globalization;
using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests.Kinesis;

/// <summary>
/// The whole AWS path at once: records put on a stream (kinesalite) by our producer and by the aws CLI,
/// read by the job into a warehouse and checkpoint on S3 (s3rver), downloaded with aws s3 sync and read by DuckDB.
/// </summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisToS3Tests(KinesaliteFixture kinesalite, S3AndGlueFixture s3) : IClassFixture<S3AndGlueFixture>
{
    [Fact]
    public async Task ProducedAndCliPutRecords_LandInTheS3Warehouse_ExactlyOnce()
    {
        using var folder = new TempDirectory();
        var stream = await kinesalite.CreateStreamAsync(shardCount: 2);
        var bucket = await s3.NewBucketAsync();

        // Both stand-ins are found the standard way: AWS_ENDPOINT_URL_KINESIS and AWS_ENDPOINT_URL_S3.
        var environment = kinesalite.Environment();
        foreach (var (key, value) in s3.Environment)
        {
            environment[key] = value;
        }

        var produce = await SparkEtlProcess.RunAsync(environment,
            ["produce", "--stream", stream, "--shape", "cloudwatch", "--count", "800", "--rate", "0", "--set", "demo.badRecordRate=0", "--set", "demo.startTime=2024-03-15T14:30:00Z"]);
        Assert.True(produce.ExitCode == 0, produce.StandardError);
        var texts = Enumerable.Range(0, 10).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{{\"TICKER_SYMBOL\":\"CLI{i}\",\"PRICE\":{i + 1}.5,\"EVENT_TIME\":1710513000000}}")).ToList();
        var put = await ChildProcess.RunAsync("aws",
            ["kinesis", "put-records", "--stream-name", stream, "--output", "json", "--records", JsonSerializer.Serialize(texts.Select((t, i) => new { Data = t, PartitionKey = $"cli-{i}" }))],
            workingDirectory: folder.Path, environment: environment, timeout: TimeSpan.FromMinutes(1));
        Assert.True(put.ExitCode == 0, put.StandardError);

        var run = await SparkEtlProcess.RunAsync(environment,
            ["run", "--source", $"kinesis:{stream}", "--warehouse", $"s3://{bucket}/wh", "--set", "batch.maxRecordsPerShard=10", "--set", "window.watermarkDelay=1d", "--quiet"]);
        Assert.True(run.ExitCode == 0, run.StandardError);

        var downloaded = folder.Combine("downloaded");
        (await s3.AwsAsync("s3", "sync", $"s3://{bucket}/wh", downloaded, "--endpoint-url", s3.S3Endpoint.ToString())).EnsureSuccess("aws s3 sync");
        var rows = Assert.Single(await NodeInterop.DuckDbQueryAsync($"""
            SELECT count(*) AS n,
                   count(DISTINCT (shard_id, sequence_number, log_event_id)) AS distinct_sources,
                   count(*) FILTER (WHERE ticker_symbol LIKE 'CLI%') AS from_cli
            FROM read_parquet({NodeInterop.SqlString(downloaded + "/trades/*/*.parquet")})
            """));
        Assert.Equal(810, rows.GetProperty("n").GetInt64());
        Assert.Equal(810, rows.GetProperty("distinct_sources").GetInt64());
        Assert.Equal(10, rows.GetProperty("from_cli").GetInt64());
        Assert.True(File.Exists(Path.Combine(downloaded, "_checkpoint", "metadata")));
    }
}
