using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>
/// The whole pipeline through the CLI on tests/tools/gen_tickers.py data in all four shapes, read back with
/// DuckDB and compared with an independent Python computation over the same input.
/// </summary>
public class RunCommandEndToEndTests
{
    [Theory]
    [InlineData("ndjson")]
    [InlineData("kinesis-raw")]
    [InlineData("kinesis-cwl")]
    [InlineData("kinesis-kpl")]
    public async Task Run_GeneratedTickers_TablesEqualAnIndependentComputation(string format)
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, format, records: 12_000, seed: 11);
        var warehouse = folder.Combine("warehouse");

        // Small batches so windows close across many batches, and a delay no record is behind.
        var run = await CliRunner.RunAsync("run", "--source", $"file:{input}", "--warehouse", warehouse,
            "--set", "batch.maxRecordsPerShard=700", "--set", "window.watermarkDelay=10m", "--quiet");
        Assert.True(run.ExitCode == 0, run.StandardError);

        var expected = await TickerData.ExpectedAsync(input);
        var trades = await NodeInterop.DuckDbQueryAsync(
            $"SELECT ticker_symbol, count(*) AS n FROM read_parquet({NodeInterop.SqlString(warehouse + "/trades/*/*.parquet")}) GROUP BY ALL ORDER BY 1");
        var expectedTrades = expected.GetProperty("trades").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value.GetInt64()}");
        Assert.Equal(expectedTrades, trades.Select(r => $"{r.GetProperty("ticker_symbol").GetString()}={r.GetProperty("n").GetInt64()}"));

        var bars = await NodeInterop.DuckDbQueryAsync(
            $"SELECT * FROM read_parquet({NodeInterop.SqlString(warehouse + "/ohlc_1m/*/*.parquet")}) ORDER BY window_start, ticker_symbol");
        var expectedBars = expected.GetProperty("bars").EnumerateArray().ToList();
        Assert.Equal(expectedBars.Count, bars.Count);
        for (var i = 0; i < bars.Count; i++)
        {
            AssertBar(expectedBars[i], bars[i]);
        }

        // Every generated record is valid: nothing may land in errors.
        Assert.False(Directory.Exists(Path.Combine(warehouse, "errors")), run.StandardOutput);
    }

    internal static void AssertBar(JsonElement expected, JsonElement actual)
    {
        var where = $"bar {expected}";
        foreach (var name in new[] { "window_start", "window_end", "trade_count" })
        {
            Assert.True(expected.GetProperty(name).GetInt64() == actual.GetProperty(name).GetInt64(), $"{name} of {where}: got {actual}");
        }

        foreach (var name in new[] { "ticker_symbol", "sector" })
        {
            Assert.True(expected.GetProperty(name).GetString() == actual.GetProperty(name).GetString(), $"{name} of {where}: got {actual}");
        }

        foreach (var name in new[] { "open", "high", "low", "close" })
        {
            Assert.True(expected.GetProperty(name).GetDouble() == actual.GetProperty(name).GetDouble(), $"{name} of {where}: got {actual}");
        }

        var average = expected.GetProperty("avg_price").GetDouble();
        Assert.True(Math.Abs(average - actual.GetProperty("avg_price").GetDouble()) <= 1e-9 * average, $"avg_price of {where}: got {actual}");
    }
}
