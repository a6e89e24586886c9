using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>
/// <c>sparketl inspect</c> over the real-shaped payloads in tests/data, against golden outputs in tests/data/inspect
/// (reviewed by hand; <c>SPARKETL_REGENERATE_GOLDEN=1</c> writes them anew after a deliberate change).
/// </summary>
public class InspectTests
{
    [Theory]
    [InlineData("tests/data/inspect/mixed.jsonl", "20", false, "mixed.inspect.txt")]
    [InlineData("tests/data/inspect/mixed.jsonl", "20", true, "mixed.inspect.jsonl")]
    [InlineData("tests/data/decoding/kinesis-raw-300-seed3.jsonl", "3", false, "kinesis-raw-300-seed3.first-3.inspect.txt")]
    [InlineData("tests/data/decoding/kinesis-cwl-300-seed3.jsonl", "1", true, "kinesis-cwl-300-seed3.first-1.inspect.jsonl")]
    public async Task Inspect_GivesTheGoldenOutput(string input, string limit, bool json, string golden)
    {
        string[] args = ["inspect", "--source", $"file:{input}", "--limit", limit, .. json ? new[] { "--json" } : [], "--log-level", "warning"];

        var run = await SparkEtlChild.RunAsync(args);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal("", run.StandardError);
        var path = Path.Combine(RepositoryPaths.Root, "tests", "data", "inspect", golden);
        if (Environment.GetEnvironmentVariable("SPARKETL_REGENERATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(path, run.StandardOutput);
        }

        Assert.Equal(await File.ReadAllTextAsync(path), run.StandardOutput);
    }

    [Fact]
    public async Task Inspect_ResultsAreWhatTheRunWritesForTheSameRecords()
    {
        using var folder = new TempDirectory();
        var input = Path.Combine(RepositoryPaths.Root, "tests", "data", "inspect", "mixed.jsonl");

        var inspect = await CliRunner.RunAsync("inspect", "--source", $"file:{input}", "--json");
        var run = await CliRunner.RunAsync("run", "--source", $"file:{input}", "--warehouse", folder.Combine("w"), "--quiet", "--set", "window.watermarkDelay=1d");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var outcomes = new List<JsonElement>();
        foreach (var line in inspect.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Collect(JsonDocument.Parse(line).RootElement.GetProperty("data"), outcomes);
        }

        var trades = await NodeInterop.DuckDbQueryAsync(
            $"SELECT ticker_symbol, price, epoch_ms(event_time) AS t FROM read_parquet({NodeInterop.SqlString(folder.Combine("w", "trades") + "/*/*.parquet")}) ORDER BY ALL");
        var errors = await NodeInterop.DuckDbQueryAsync(
            $"SELECT error_type FROM read_parquet({NodeInterop.SqlString(folder.Combine("w", "errors") + "/*/*.parquet")}) ORDER BY ALL");
        Assert.Equal(
            trades.Select(t => $"{t.GetProperty("ticker_symbol").GetString()} {t.GetProperty("price").GetDouble()} {DateTimeOffset.FromUnixTimeMilliseconds(t.GetProperty("t").GetInt64()):yyyy-MM-dd'T'HH:mm:ss.fff'Z'}").Order(StringComparer.Ordinal),
            outcomes.Where(o => o.GetProperty("outcome").GetString() == "ok")
                .Select(o => $"{o.GetProperty("tickerSymbol").GetString()} {o.GetProperty("price").GetDouble()} {o.GetProperty("eventTime").GetString()}").Order(StringComparer.Ordinal));
        Assert.Equal(
            errors.Select(e => e.GetProperty("error_type").GetString()),
            outcomes.Where(o => o.GetProperty("outcome").GetString() == "failed").Select(o => o.GetProperty("errorType").GetString()).Order(StringComparer.Ordinal));
    }

    private static void Collect(JsonElement node, List<JsonElement> outcomes)
    {
        if (node.TryGetProperty("result", out var result))
        {
            outcomes.Add(result);
        }

        foreach (var e in node.TryGetProperty("logEvents", out var events) ? events.EnumerateArray() : default)
        {
            if (e.TryGetProperty("result", out var r))
            {
                outcomes.Add(r);
            }
        }

        foreach (var sub in node.TryGetProperty("subRecords", out var subs) ? subs.EnumerateArray() : default)
        {
            Collect(sub.GetProperty("data"), outcomes);
        }
    }
}
