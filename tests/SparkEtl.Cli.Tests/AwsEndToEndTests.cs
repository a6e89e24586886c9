using System.IO.Compression;
using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>
/// The job writing its warehouse and checkpoint to S3 (s3rver) and registering tables in Glue (a stand-in
/// that checks every request against the official Glue model), read back with the real aws CLI and DuckDB.
/// </summary>
public class AwsEndToEndTests(S3AndGlueFixture aws) : IClassFixture<S3AndGlueFixture>
{
    private static string[] Args(string input, string warehouse, params string[] more) =>
    [
        "run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "none",
        "--set", "batch.maxRecordsPerShard=60", "--set", "window.watermarkDelay=5s", .. more,
    ];

    [Fact]
    public async Task S3Warehouse_HoldsByteForByteTheFilesOfALocalRun_AndItsRawBackupReplaysToTheSameTrades()
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "kinesis-cwl", records: 3_000, seed: 21, symbols: 10);
        var local = folder.Combine("local");
        Assert.Equal(0, (await SparkEtlChild.RunAsync(Args(input, local, "--set", "catalog.mode=none", "--set", "batch.maxRecordsPerShard=2"))).ExitCode);
        var bucket = await aws.NewBucketAsync();

        // The endpoint comes from AWS_ENDPOINT_URL_S3, as for any AWS SDK or the aws CLI.
        var run = await SparkEtlChild.RunAsync(
            Args(input, $"s3://{bucket}/warehouse", "--set", "catalog.mode=none", "--set", "batch.maxRecordsPerShard=2", "--set", "backup.enabled=true"), aws.Environment);
        Assert.True(run.ExitCode == 0, run.StandardError);

        var downloaded = folder.Combine("downloaded");
        (await aws.AwsAsync("s3", "sync", $"s3://{bucket}/warehouse", downloaded, "--endpoint-url", aws.S3Endpoint.ToString())).EnsureSuccess("aws s3 sync");
        var expected = SparkEtlChild.VisibleDataFiles(local);
        var actual = SparkEtlChild.VisibleDataFiles(downloaded);
        Assert.True(expected.Count >= 5, $"only {expected.Count} files");
        Assert.Equal(expected, new SortedDictionary<string, string>(actual.Where(f => !f.Key.StartsWith("raw_backup/", StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(downloaded, "_checkpoint", "metadata")), "the checkpoint goes to S3 beside the tables");

        var rows = await NodeInterop.DuckDbQueryAsync(
            $"SELECT count(*) AS n FROM read_parquet({NodeInterop.SqlString(downloaded + "/trades/*/*.parquet")})");
        Assert.Equal(3_000, rows[0].GetProperty("n").GetInt64());

        // The raw backup is a capture of every record: read it back as a source and the trades come out the same.
        var capture = folder.Combine("from-backup.jsonl");
        await using (var output = File.Create(capture))
        {
            foreach (var part in Directory.EnumerateFiles(Path.Combine(downloaded, "raw_backup"), "*.jsonl.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                await using var gzip = new GZipStream(File.OpenRead(part), CompressionMode.Decompress);
                await gzip.CopyToAsync(output);
            }
        }

        var replay = folder.Combine("replay");
        Assert.Equal(0, (await SparkEtlChild.RunAsync(Args(capture, replay, "--set", "catalog.mode=none"))).ExitCode);
        Assert.Equal(
            await TradesAsync(local),
            await TradesAsync(replay));
    }

    [Fact]
    public async Task GlueMode_RegistersTablesAndEveryPartitionWrittenInTheOfficialShape()
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "ndjson", records: 500, seed: 2);
        var bucket = await aws.NewBucketAsync();
        var before = aws.Glue.Operations.Count;

        var run = await SparkEtlChild.RunAsync(
            Args(input, $"s3://{bucket}/wh", "--set", "catalog.mode=glue", "--set", $"aws.glueEndpoint={aws.Glue.Endpoint}", "--set", $"catalog.database=db_{bucket[9..17]}"),
            aws.Environment);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Empty(aws.Glue.RequestValidationErrors);
        Assert.Empty(aws.Glue.ResponseValidationErrors);
        var table = JsonDocument.Parse((await aws.AwsAsync("glue", "get-table", "--endpoint-url", aws.Glue.Endpoint.ToString(),
            "--database-name", $"db_{bucket[9..17]}", "--name", "trades")).EnsureSuccess("aws glue get-table").StandardOutput).RootElement.GetProperty("Table");
        Assert.Equal($"s3://{bucket}/wh/trades/", table.GetProperty("StorageDescriptor").GetProperty("Location").GetString());
        Assert.Equal("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", table.GetProperty("StorageDescriptor").GetProperty("SerdeInfo").GetProperty("SerializationLibrary").GetString());
        Assert.Equal("dt", table.GetProperty("PartitionKeys")[0].GetProperty("Name").GetString());

        var partitions = JsonDocument.Parse((await aws.AwsAsync("glue", "get-partitions", "--endpoint-url", aws.Glue.Endpoint.ToString(),
            "--database-name", $"db_{bucket[9..17]}", "--table-name", "trades")).EnsureSuccess("aws glue get-partitions").StandardOutput).RootElement.GetProperty("Partitions");
        var listed = (await aws.AwsAsync("s3", "ls", $"s3://{bucket}/wh/trades/", "--endpoint-url", aws.S3Endpoint.ToString())).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Replace("PRE ", "", StringComparison.Ordinal).TrimEnd('/')).Order(StringComparer.Ordinal);
        Assert.Equal(listed, partitions.EnumerateArray().Select(p => "dt=" + p.GetProperty("Values")[0].GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(aws.Glue.Operations.Skip(before), op => op.Contains("BatchCreatePartition", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProjectionMode_PutsPartitionProjectionOnTheTablesAndRegistersNoPartition()
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "ndjson", records: 200, seed: 3);
        var bucket = await aws.NewBucketAsync();
        var database = $"db_{bucket[9..17]}";

        var run = await SparkEtlChild.RunAsync(
            Args(input, $"s3://{bucket}/wh", "--set", "catalog.mode=projection", "--set", $"aws.glueEndpoint={aws.Glue.Endpoint}", "--set", $"catalog.database={database}"),
            aws.Environment);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Empty(aws.Glue.RequestValidationErrors);
        var parameters = JsonDocument.Parse((await aws.AwsAsync("glue", "get-table", "--endpoint-url", aws.Glue.Endpoint.ToString(),
            "--database-name", database, "--name", "ohlc_1m")).EnsureSuccess("aws glue get-table").StandardOutput).RootElement.GetProperty("Table").GetProperty("Parameters");
        Assert.Equal("true", parameters.GetProperty("projection.enabled").GetString());
        Assert.Equal("date", parameters.GetProperty("projection.dt.type").GetString());
        Assert.Equal($"s3://{bucket}/wh/ohlc_1m/dt=${{dt}}/", parameters.GetProperty("storage.location.template").GetString());
        var partitions = JsonDocument.Parse((await aws.AwsAsync("glue", "get-partitions", "--endpoint-url", aws.Glue.Endpoint.ToString(),
            "--database-name", database, "--table-name", "ohlc_1m")).EnsureSuccess("aws glue get-partitions").StandardOutput).RootElement.GetProperty("Partitions");
        Assert.Equal(0, partitions.GetArrayLength());
    }

    [Fact]
    public async Task MissingBucket_StopsBeforeAnyWorkNamingTheWarehouse()
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "ndjson", records: 10, seed: 3);

        var run = await SparkEtlChild.RunAsync(Args(input, "s3://no-such-bucket-here/wh"), aws.Environment);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("warehouse", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("NoSuchBucket", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCredentials_StopsBeforeAnyWorkNamingThem()
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "ndjson", records: 10, seed: 3);
        var bucket = await aws.NewBucketAsync();
        var environment = aws.Environment;
        environment.Remove("AWS_ACCESS_KEY_ID");
        environment.Remove("AWS_SECRET_ACCESS_KEY");
        environment["AWS_SHARED_CREDENTIALS_FILE"] = folder.Combine("none");
        environment["AWS_CONFIG_FILE"] = folder.Combine("none");

        var run = await SparkEtlChild.RunAsync(Args(input, $"s3://{bucket}/wh"), environment);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("AWS credentials", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlueModeWithALocalWarehouse_IsRefusedNamingTheCatalogMode()
    {
        var run = await CliRunner.RunAsync("run", "--warehouse", Path.GetTempPath(), "--set", "catalog.mode=glue");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("catalog.mode", run.StandardError, StringComparison.Ordinal);
    }

    private static async Task<List<string>> TradesAsync(string warehouse) =>
        [.. (await NodeInterop.DuckDbQueryAsync(
            $"SELECT ticker_symbol, price, event_time, shard_id, sequence_number, log_event_id FROM read_parquet({NodeInterop.SqlString(warehouse + "/trades/*/*.parquet")}) ORDER BY ALL"))
            .Select(r => r.ToString())];
}
