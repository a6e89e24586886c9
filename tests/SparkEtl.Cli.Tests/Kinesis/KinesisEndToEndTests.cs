using System.Globalization;
using System.Numerics;
using System.Text.Json;
using SparkEtl.Aws.Kinesis;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests.Kinesis;

/// <summary>
/// <c>sparketl produce</c> and <c>sparketl run --source kinesis:STREAM</c> against kinesalite, found through
/// <c>AWS_ENDPOINT_URL_KINESIS</c> as any AWS SDK finds it; the tables are read back with DuckDB.
/// </summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisEndToEndTests
{
    private const string DemoStart = "2024-03-15T14:30:00Z";
    private readonly KinesaliteFixture _kinesalite;

    public KinesisEndToEndTests(KinesaliteFixture kinesalite)
    {
        _kinesalite = kinesalite;
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("cloudwatch")]
    [InlineData("kpl")]
    public async Task Produce_ThenRun_TheTablesHoldExactlyWhatTheDemoSourceGives(string shape)
    {
        using var folder = new TempDirectory();
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 2);
        string[] demo = ["--set", "demo.seed=5", "--set", $"demo.startTime={DemoStart}", "--set", "demo.ratePerSecond=100", "--set", "demo.badRecordRate=0.01"];

        var produce = await SparkEtlProcess.RunAsync(_kinesalite.Environment(), ["produce", "--stream", stream, "--shape", shape, "--count", "1500", "--rate", "0", .. demo]);
        var run = await SparkEtlProcess.RunAsync(_kinesalite.Environment(),
            ["run", "--source", $"kinesis:{stream}", "--warehouse", folder.Combine("kinesis"), "--set", "window.watermarkDelay=1d", "--set", "batch.maxRecordsPerShard=40", "--quiet"]);
        var reference = await CliRunner.RunAsync(
            ["run", "--source", "demo", "--warehouse", folder.Combine("demo"), "--set", "demo.records=1500", "--set", $"demo.shape={shape}", "--set", "window.watermarkDelay=1d", "--quiet", .. demo]);

        Assert.True(produce.ExitCode == 0, produce.StandardError);
        Assert.Contains($"onto {stream}", produce.StandardOutput, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.True(reference.ExitCode == 0, reference.StandardError);
        const string trades = "SELECT ticker_symbol, sector, price, event_time FROM read_parquet({0}) ORDER BY ALL";
        const string errors = "SELECT error_type, raw_data FROM read_parquet({0}) ORDER BY ALL";
        var expectedTrades = await QueryAsync(trades, folder.Combine("demo", "trades"));
        Assert.Equal(1500 - expectedTrades.Count, (await QueryAsync(errors, folder.Combine("demo", "errors"))).Count);
        Assert.Equal(expectedTrades, await QueryAsync(trades, folder.Combine("kinesis", "trades")));
        Assert.Equal(await QueryAsync(errors, folder.Combine("demo", "errors")), await QueryAsync(errors, folder.Combine("kinesis", "errors")));
    }

    [Fact]
    public async Task RecordsPutByTheAwsCli_LandInTheTables_ExactlyAsSent()
    {
        using var folder = new TempDirectory();
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 2);
        var trades = Enumerable.Range(0, 25).Select(i => (Symbol: $"S{i % 5}", Price: 10 + i * 0.25, EventTime: 1_710_513_000_000L + i * 1000)).ToList();
        var texts = trades.Select(t => string.Create(CultureInfo.InvariantCulture, $"{{\"TICKER_SYMBOL\":\"{t.Symbol}\",\"SECTOR\":\"TECH\",\"PRICE\":{t.Price},\"EVENT_TIME\":{t.EventTime}}}"))
            .Append("not json at all").Append("{\"TICKER_SYMBOL\":\"BAD\",\"PRICE\":-1,\"EVENT_TIME\":1710513000000}").ToList();

        // AWS CLI v1 sends a blob given as text as that text's UTF-8 bytes; it finds kinesalite through AWS_ENDPOINT_URL_KINESIS too.
        var put = await ChildProcess.RunAsync("aws",
            ["kinesis", "put-records", "--stream-name", stream, "--output", "json", "--records", JsonSerializer.Serialize(texts.Select((t, i) => new { Data = t, PartitionKey = $"pk-{i}" }))],
            workingDirectory: folder.Path, environment: _kinesalite.Environment(), timeout: TimeSpan.FromMinutes(1));
        var run = await SparkEtlProcess.RunAsync(_kinesalite.Environment(), "run", "--source", $"kinesis:{stream}", "--warehouse", folder.Combine("warehouse"), "--quiet");

        Assert.True(put.ExitCode == 0, put.StandardError);
        Assert.Equal(0, JsonDocument.Parse(put.StandardOutput).RootElement.GetProperty("FailedRecordCount").GetInt32());
        Assert.True(run.ExitCode == 0, run.StandardError);
        var rows = await NodeInterop.DuckDbQueryAsync(
            $"SELECT ticker_symbol, price, epoch_ms(event_time) AS t FROM read_parquet({NodeInterop.SqlString(folder.Combine("warehouse", "trades") + "/*/*.parquet")}) ORDER BY t");
        Assert.Equal(
            trades.Select(t => $"{t.Symbol} {t.Price.ToString(CultureInfo.InvariantCulture)} {t.EventTime}"),
            rows.Select(r => $"{r.GetProperty("ticker_symbol").GetString()} {r.GetProperty("price").GetDouble().ToString(CultureInfo.InvariantCulture)} {r.GetProperty("t").GetInt64()}"));
        var errors = await NodeInterop.DuckDbQueryAsync(
            $"SELECT error_type FROM read_parquet({NodeInterop.SqlString(folder.Combine("warehouse", "errors") + "/*/*.parquet")}) ORDER BY 1");
        Assert.Equal(["parse-failed", "validation-failed"], errors.Select(r => r.GetProperty("error_type").GetString()));
    }

    [Fact]
    public async Task SplitAndMerge_WhileTheJobRuns_NoRecordIsLostOrDuplicated_AndEachKeyKeepsItsOrder()
    {
        using var folder = new TempDirectory();
        var warehouse = folder.Combine("warehouse");
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 1);
        using var client = _kinesalite.CreateClient();
        var counts = new int[10];
        using var job = SparkEtlProcess.Start(_kinesalite.Environment(),
            "run", "--source", $"kinesis:{stream}", "--warehouse", warehouse, "--trigger", "interval:200ms", "--progress", "json",
            "--set", "batch.maxRecordsPerShard=30", "--set", "window.watermarkDelay=1d");

        await PutAsync(client, stream, counts, 120);
        await job.WaitForInputRowsAsync(30, TimeSpan.FromSeconds(60));
        var parent = Assert.Single(await client.ListShardsAsync(stream, CancellationToken.None));
        var middle = ((BigInteger.Parse(parent.HashKeyRange.EndingHashKey, CultureInfo.InvariantCulture) + 1) / 2).ToString(CultureInfo.InvariantCulture);
        await client.SplitShardAsync(stream, parent.ShardId, middle, CancellationToken.None);
        await client.WaitForStreamActiveAsync(stream, TimeSpan.FromSeconds(30), CancellationToken.None);
        await PutAsync(client, stream, counts, 120);
        var children = (await client.ListShardsAsync(stream, CancellationToken.None)).Where(s => s.ParentShardId == parent.ShardId)
            .OrderBy(s => BigInteger.Parse(s.HashKeyRange.StartingHashKey, CultureInfo.InvariantCulture)).ToList();
        await client.MergeShardsAsync(stream, children[0].ShardId, children[1].ShardId, CancellationToken.None);
        await client.WaitForStreamActiveAsync(stream, TimeSpan.FromSeconds(30), CancellationToken.None);
        await PutAsync(client, stream, counts, 120);
        await job.WaitForInputRowsAsync(360, TimeSpan.FromSeconds(60));
        var stopped = await job.StopAsync();

        Assert.True(stopped.ExitCode == 0, stopped.StandardError);
        Assert.Equal(360, job.InputRows);
        var rows = await NodeInterop.DuckDbQueryAsync(
            $"SELECT ticker_symbol, CAST(price AS INTEGER) - 1 AS n, shard_id, filename, file_row_number FROM read_parquet({NodeInterop.SqlString(warehouse + "/trades/*/*.parquet")}, filename=true, file_row_number=true) ORDER BY filename, file_row_number");
        Assert.Equal(360, rows.Count);
        Assert.Equal(360, rows.Select(r => $"{r.GetProperty("ticker_symbol").GetString()}:{r.GetProperty("n").GetInt32()}").Distinct().Count());
        Assert.Equal(4, rows.Select(r => r.GetProperty("shard_id").GetString()).Distinct().Count());
        foreach (var key in rows.GroupBy(r => r.GetProperty("ticker_symbol").GetString()))
        {
            Assert.Equal(Enumerable.Range(0, key.Count()), key.Select(r => r.GetProperty("n").GetInt32()));
        }

        Assert.False(Directory.Exists(Path.Combine(warehouse, "errors")), "nothing may be late or fail");
    }

    /// <summary>Puts <paramref name="n"/> ticker records over the keys; each record's PRICE is 1 + the count of its key's records before it.</summary>
    private static async Task PutAsync(KinesisClient client, string stream, int[] counts, int n)
    {
        var entries = new List<PutRecordsEntry>();
        for (var i = 0; i < n; i++)
        {
            var key = $"K{i % counts.Length}";
            var count = counts[i % counts.Length]++;
            entries.Add(new PutRecordsEntry(key, System.Text.Encoding.UTF8.GetBytes(
                $"{{\"TICKER_SYMBOL\":\"{key}\",\"SECTOR\":\"TEST\",\"PRICE\":{count + 1},\"EVENT_TIME\":{1_710_513_000_000L + count}}}")));
        }

        var result = await client.PutRecordsAsync(stream, entries, CancellationToken.None);
        Assert.Equal(0, result.FailedRecordCount);
    }

    private static async Task<List<string>> QueryAsync(string sql, string table) =>
        [.. (await NodeInterop.DuckDbQueryAsync(string.Format(CultureInfo.InvariantCulture, sql, NodeInterop.SqlString(table + "/*/*.parquet")))).Select(r => r.ToString())];
}
