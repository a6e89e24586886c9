using System.Globalization;
using System.Text.Json;
using SparkEtl.FaultProxy;
using SparkEtl.TestSupport;
using Xunit.Abstractions;

namespace SparkEtl.Cli.Tests;

/// <summary>
/// <c>table.format=iceberg</c> through the CLI, read back by icebird (an independent Iceberg reader) and DuckDB: the rows
/// equal an independent computation, on a local and an S3 warehouse, and a run killed at any point of its batches
/// leaves every snapshot readable and each record in the current one exactly once.
/// </summary>
public sealed class IcebergTablesTests(S3AndGlueFixture aws, ITestOutputHelper output) : IClassFixture<S3AndGlueFixture>
{
    private static readonly string[] Points =
    [
        "after-offsets", "during-put:trades/", "after-first-file", "during-put:ohlc_1m/", "during-put:errors/", "after-files",
        "after-reconcile", "during-put:commits/", "after-commit", "random",
    ];

    private static string[] Args(string input, string warehouse, params string[] more) =>
    [
        "run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "none",
        "--set", "table.format=iceberg", "--set", "window.watermarkDelay=10m", .. more,
    ];

    private static string TableUrl(string warehouse, string table) => new Uri(Path.Combine(warehouse, table)).AbsoluteUri;

    [Fact]
    public async Task LocalWarehouse_ReadByIcebird_EqualsAnIndependentComputation()
    {
        using var folder = new TempDirectory("iceberg-cli");
        var input = await TickerData.GenerateAsync(folder, "kinesis-cwl", records: 6_000, seed: 17);
        var warehouse = folder.Combine("w");

        var run = await CliRunner.RunAsync(Args(input, warehouse, "--set", "batch.maxRecordsPerShard=150"));

        Assert.True(run.ExitCode == 0, run.StandardError);
        var expected = await TickerData.ExpectedAsync(input);
        var trades = await Icebird.ReadAsync(TableUrl(warehouse, "trades"));
        Assert.Equal(
            expected.GetProperty("trades").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetInt64()}"),
            trades.Rows.GroupBy(r => r.GetProperty("ticker_symbol").GetString()!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}"));
        var bars = (await Icebird.ReadAsync(TableUrl(warehouse, "ohlc_1m"))).Rows
            .OrderBy(r => r.GetProperty("window_start").GetInt64()).ThenBy(r => r.GetProperty("ticker_symbol").GetString(), StringComparer.Ordinal).ToList();
        var expectedBars = expected.GetProperty("bars").EnumerateArray().ToList();
        Assert.Equal(expectedBars.Count, bars.Count);
        for (var i = 0; i < bars.Count; i++)
        {
            RunCommandEndToEndTests.AssertBar(expectedBars[i], bars[i]);
        }

        // DuckDB reads exactly the data files the current snapshot lists.
        var files = string.Join(", ", trades.DataFiles.Select(f => NodeInterop.SqlString(new Uri(f).LocalPath)));
        var counted = await NodeInterop.DuckDbQueryAsync($"SELECT count(*) AS n FROM read_parquet([{files}])");
        Assert.Equal(trades.Rows.Count, counted[0].GetProperty("n").GetInt64());
        Assert.True(File.Exists(Path.Combine(warehouse, "trades", "metadata", "version-hint.text")));
    }

    [Fact]
    public async Task S3Warehouse_ReadByIcebird_HoldsEveryTradeOnce()
    {
        using var folder = new TempDirectory("iceberg-s3");
        var input = await TickerData.GenerateAsync(folder, "kinesis-raw", records: 2_000, seed: 19, symbols: 8);
        var bucket = await aws.NewBucketAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = aws.S3Endpoint, Faults = FaultPlan.Parse("none") }, CancellationToken.None);
        var environment = aws.Environment;
        environment["AWS_ENDPOINT_URL_S3"] = proxy.Endpoint.ToString();

        var run = await SparkEtlChild.RunAsync(Args(input, $"s3://{bucket}/w", "--set", "batch.maxRecordsPerShard=100", "--set", "catalog.mode=none"), environment);

        Assert.True(run.ExitCode == 0, run.StandardError);
        var trades = await Icebird.ReadAsync($"s3://{bucket}/w/trades", s3Endpoint: aws.S3Endpoint);
        Assert.Equal(2_000, trades.Rows.Count);
        Assert.Equal(2_000, trades.Rows.Select(r => r.GetProperty("sequence_number").GetString()).Distinct(StringComparer.Ordinal).Count());
        Assert.True(proxy.GetStats().ConditionalWrites.Passed > 0, "the metadata versions are created with conditional puts");
    }

    [Fact]
    public async Task KilledAtManyPoints_EverySnapshotReadsAndTheCurrentOneHoldsEachRecordOnce()
    {
        var kills = Math.Max(6, int.Parse(Environment.GetEnvironmentVariable("SPARKETL_CRASH_KILLS") ?? "20", CultureInfo.InvariantCulture) / 2);
        using var folder = new TempDirectory("iceberg-crash");
        var input = await TickerData.GenerateAsync(folder, "kinesis-raw", records: 1_500, seed: 23, symbols: 6);
        var reference = folder.Combine("reference");
        Assert.Equal(0, (await SparkEtlChild.RunAsync(Args(input, reference, "--set", "batch.maxRecordsPerShard=25"))).ExitCode);
        var referenceBars = Canonical((await Icebird.ReadAsync(TableUrl(reference, "ohlc_1m"))).Rows);

        var crashed = folder.Combine("crashed");
        var random = new Random(kills);
        var killed = 0;
        var completed = 0;
        while (killed < kills)
        {
            var point = Points[random.Next(Points.Length)];
            int exit;
            if (point == "random")
            {
                using var child = SparkEtlChild.Start(Args(input, crashed, "--set", "batch.maxRecordsPerShard=25"));
                var drain = Task.WhenAll(child.StandardOutput.ReadToEndAsync(), child.StandardError.ReadToEndAsync());
                var exited = child.WaitForExitAsync();
                if (await Task.WhenAny(exited, Task.Delay(random.Next(100, 1_500))) != exited)
                {
                    child.Kill();
                }

                await exited;
                await drain;
                exit = child.ExitCode;
            }
            else
            {
                var fault = point.StartsWith("during-put", StringComparison.Ordinal) ? point : $"{point}:{LatestCommitted(crashed) + 1 + random.Next(3)}";
                exit = (await SparkEtlChild.RunAsync(Args(input, crashed, "--set", "batch.maxRecordsPerShard=25"), new Dictionary<string, string?> { ["SPARKETL_FAULT"] = fault })).ExitCode;
            }

            Assert.True(exit is 0 or 137, $"a run with {point} exited {exit}");
            killed += exit == 137 ? 1 : 0;
            await AssertCurrentSnapshotHoldsEachRecordOnceAsync(crashed);
            if (exit == 0 && killed < kills)
            {
                // The input is done: check it, then start over on a fresh warehouse so the kills go on.
                completed += await AssertCompleteAsync(crashed, referenceBars);
                Directory.Delete(crashed, recursive: true);
            }
        }

        var final = await SparkEtlChild.RunAsync(Args(input, crashed, "--set", "batch.maxRecordsPerShard=25"));
        Assert.True(final.ExitCode == 0, final.StandardError);
        var versions = await AssertCompleteAsync(crashed, referenceBars);
        output.WriteLine($"{killed} kills; {completed + versions} metadata versions of trades, each read by icebird");
    }

    // The whole input once in the current snapshot, the bars of an uninterrupted run, and every snapshot readable.
    private static async Task<int> AssertCompleteAsync(string warehouse, List<string> referenceBars)
    {
        Assert.Equal(1_500, await AssertCurrentSnapshotHoldsEachRecordOnceAsync(warehouse));
        Assert.Equal(referenceBars, Canonical((await Icebird.ReadAsync(TableUrl(warehouse, "ohlc_1m"))).Rows));
        var versions = Directory.GetFiles(Path.Combine(warehouse, "trades", "metadata"), "v*.metadata.json");
        foreach (var version in versions)
        {
            await Icebird.ReadAsync(TableUrl(warehouse, "trades"), Path.GetFileName(version));
        }

        return versions.Length;
    }

    // Every record once: no two rows of the current trades snapshot from the same Kinesis record. Returns the rows.
    private static async Task<int> AssertCurrentSnapshotHoldsEachRecordOnceAsync(string warehouse)
    {
        if (!File.Exists(Path.Combine(warehouse, "trades", "metadata", "version-hint.text")))
        {
            return 0;
        }

        var rows = (await Icebird.ReadAsync(TableUrl(warehouse, "trades"))).Rows;
        var keys = rows.Select(r => $"{r.GetProperty("shard_id").GetString()}/{r.GetProperty("sequence_number").GetString()}").ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        return rows.Count;
    }

    private static List<string> Canonical(IReadOnlyList<JsonElement> rows) =>
        [.. rows.Select(r => r.GetRawText()).Order(StringComparer.Ordinal)];

    private static long LatestCommitted(string warehouse)
    {
        var commits = Path.Combine(warehouse, "_checkpoint", "commits");
        return Directory.Exists(commits)
            ? Directory.EnumerateFiles(commits).Select(f => long.TryParse(Path.GetFileName(f), out var n) ? n : -1).DefaultIfEmpty(-1).Max()
            : -1;
    }
}
