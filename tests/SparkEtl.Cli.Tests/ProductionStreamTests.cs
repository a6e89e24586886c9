using System.Globalization;
using System.Text;
using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>What production streams do to a job: shards that lag, inputs touched between attempts, settings changed on a checkpoint, damaged files.</summary>
public class ProductionStreamTests
{
    private const long Start = 1_700_000_000_000;

    private static string CaptureLine(string shard, long sequence, long arrivalMs, string json) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["ShardId"] = shard,
            ["SequenceNumber"] = sequence.ToString("D20", CultureInfo.InvariantCulture),
            ["ApproximateArrivalTimestamp"] = arrivalMs / 1000.0,
            ["PartitionKey"] = "k",
            ["Data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)),
        });

    private static string Ticker(string symbol, double price, long? eventTimeMs = null) =>
        eventTimeMs is { } t
            ? string.Create(CultureInfo.InvariantCulture, $$"""{"TICKER_SYMBOL":"{{symbol}}","SECTOR":"TECH","PRICE":{{price}},"EVENT_TIME":{{t}}}""")
            : string.Create(CultureInfo.InvariantCulture, $$"""{"TICKER_SYMBOL":"{{symbol}}","SECTOR":"TECH","PRICE":{{price}}}""");

    private static async Task<long> CountAsync(string warehouse, string table, string where = "true") =>
        !Directory.Exists(Path.Combine(warehouse, table)) ? 0 : (await NodeInterop.DuckDbQueryAsync(
            $"SELECT count(*) AS n FROM read_parquet({NodeInterop.SqlString($"{warehouse}/{table}/*/*.parquet")}) WHERE {where}"))[0].GetProperty("n").GetInt64();

    private static async Task<long> BarTradesAsync(string warehouse) =>
        (await NodeInterop.DuckDbQueryAsync(
            $"SELECT coalesce(sum(trade_count), 0) AS n FROM read_parquet({NodeInterop.SqlString($"{warehouse}/ohlc_1m/*/*.parquet")})"))[0].GetProperty("n").GetInt64();

    [Fact]
    public async Task LaggingShard_TenMinutesBehind_LosesNoTradeToTheWatermark()
    {
        using var folder = new TempDirectory();
        var input = folder.Combine("lagging.jsonl");

        // Two shards, each in order, one ten minutes behind the other; read 100 records per shard per batch.
        var lines = new List<string>();
        for (var i = 0; i < 2_400; i++)
        {
            lines.Add(CaptureLine("shardId-000000000000", i, Start + (i * 250), Ticker("AHEAD", 10 + (i % 7), Start + (i * 250))));
            lines.Add(CaptureLine("shardId-000000000001", i, Start + (i * 250), Ticker("BEHIND", 20 + (i % 5), Start - 600_000 + (i * 250))));
        }

        await File.WriteAllLinesAsync(input, lines);
        var warehouse = folder.Combine("w");

        var run = await CliRunner.RunAsync("run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "none",
            "--set", "batch.maxRecordsPerShard=100", "--set", "window.watermarkDelay=5s");

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(4_800, await CountAsync(warehouse, "trades"));
        Assert.Equal(4_800, await BarTradesAsync(warehouse));
        Assert.Equal(0, await CountAsync(warehouse, "errors", "error_type = 'late-record'"));
    }

    [Fact]
    public async Task LateTrades_StayInTrades_AndBarsPlusLateRecordsReconcileWithTrades()
    {
        using var folder = new TempDirectory();
        var input = folder.Combine("disordered.jsonl");

        // One shard whose clock jumps back five minutes every 100 records: those trades are late for their windows.
        var lines = Enumerable.Range(0, 1_000).Select(i =>
        {
            var time = Start + (i * 1_000) - (i % 100 == 99 ? 300_000 : 0);
            return CaptureLine("shardId-000000000000", i, Start + (i * 1_000), Ticker("JIB", 10 + (i % 3), time));
        });
        await File.WriteAllLinesAsync(input, lines);
        var warehouse = folder.Combine("w");

        var run = await CliRunner.RunAsync("run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "none",
            "--set", "batch.maxRecordsPerShard=50", "--set", "window.watermarkDelay=10s");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var trades = await CountAsync(warehouse, "trades");
        var late = await CountAsync(warehouse, "errors", "error_type = 'late-record'");
        Assert.Equal(1_000, trades);
        Assert.Equal(10, late);
        Assert.Equal(trades, await BarTradesAsync(warehouse) + late);
        Assert.Contains("late                   10", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayAfterTheInputWasTouched_WritesEveryLineOnce()
    {
        using var folder = new TempDirectory();
        var input = folder.Combine("ticks.ndjson");

        // NDJSON without EVENT_TIME: each line's event time is its arrival time, which a file source takes from the file.
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 3_000).Select(i => Ticker("S" + (i % 9).ToString(CultureInfo.InvariantCulture), 1 + (i % 50))));
        File.SetLastWriteTimeUtc(input, new DateTime(2024, 3, 15, 12, 0, 0, DateTimeKind.Utc));
        var warehouse = folder.Combine("w");
        string[] args = ["run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "none", "--set", "batch.maxRecordsPerShard=1000"];

        var crashed = await SparkEtlChild.RunAsync(args, new Dictionary<string, string?> { ["SPARKETL_FAULT"] = "after-files:1" });
        Assert.Equal(137, crashed.ExitCode);

        // Touched to another day: the batch left uncommitted would land in another partition if replayed with the new time.
        File.SetLastWriteTimeUtc(input, new DateTime(2024, 3, 20, 12, 0, 0, DateTimeKind.Utc));
        var resumed = await SparkEtlChild.RunAsync(args);

        Assert.True(resumed.ExitCode == 0, resumed.StandardError);
        Assert.Equal(3_000, await CountAsync(warehouse, "trades"));
        Assert.Equal(3_000, (await NodeInterop.DuckDbQueryAsync(
            $"SELECT count(DISTINCT sequence_number) AS n FROM read_parquet({NodeInterop.SqlString(warehouse + "/trades/*/*.parquet")})"))[0].GetProperty("n").GetInt64());
    }

    [Theory]
    [InlineData("demo.seed=7", "demo.seed", "\"42\"")]
    [InlineData("demo.records=600", "demo.records", "\"500\"")]
    public async Task Restart_OfTheDemoWithOtherDemoSettings_IsRefusedNamingTheSetting(string set, string setting, string was)
    {
        using var folder = new TempDirectory();
        var warehouse = folder.Combine("w");
        string[] args = ["run", "--source", "demo", "--warehouse", warehouse, "--progress", "none", "--set", "demo.records=500"];
        Assert.Equal(0, (await CliRunner.RunAsync(args)).ExitCode);

        var run = await CliRunner.RunAsync([.. args, "--set", set]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"Invalid setting {setting}", run.StandardError, StringComparison.Ordinal);
        Assert.Contains(was, run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptCatalogFile_ExitsOneWithOneLineNamingTheFile()
    {
        using var folder = new TempDirectory();
        var warehouse = folder.Combine("w");
        string[] args = ["run", "--source", "demo", "--warehouse", warehouse, "--quiet", "--set", "demo.records=300"];
        Assert.Equal(0, (await SparkEtlChild.RunAsync(args)).ExitCode);
        var catalogFile = Path.Combine(warehouse, "_catalog", "sparketl", "trades.json");
        await File.WriteAllTextAsync(catalogFile, "{\"name\": \"trades\", \"partitions\": [");

        var run = await SparkEtlChild.RunAsync(args);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(catalogFile, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
    }
}
