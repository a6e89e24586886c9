using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Scripts.Tests;

/// <summary>scripts/bench.sh at a small size, from an empty data cache: it runs and its JSON has every field. No timing is asserted.</summary>
public class BenchScriptTests
{
    [Fact]
    public async Task QuickRun_WritesResultsJsonMarkdownAndChart_WithEveryField()
    {
        using var folder = new TempDirectory("bench");
        var output = folder.Combine("out");

        var run = await ChildProcess.RunAsync("bash",
            [Script.PathOf("bench.sh"), "--records", "20000", "--rounds", "3", "--b3-seconds", "4", "--out", output],
            environment: new Dictionary<string, string?> { ["SPARKETL_BENCH_CACHE"] = folder.Combine("cache") },
            timeout: TimeSpan.FromMinutes(15));

        Assert.True(run.ExitCode == 0, run.StandardError);
        var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json"))).RootElement;
        Assert.Equal(20000, results.GetProperty("records").GetInt32());
        Assert.Equal(9, results.GetProperty("runs").GetArrayLength());
        Assert.Equal(["B1 duckdb", "B1 sparketl", "B2 sparketl"],
            results.GetProperty("rows").EnumerateArray().Select(r => $"{r.GetProperty("workload").GetString()} {r.GetProperty("engine").GetString()}"));
        foreach (var row in results.GetProperty("rows").EnumerateArray())
        {
            Assert.Equal(3, row.GetProperty("rounds").GetInt32());
            Assert.True(row.GetProperty("json_bytes").GetInt64() > 0);
            foreach (var measure in new[] { "seconds", "cpu_seconds", "records_per_second", "json_mb_per_second", "peak_rss_mib" })
            {
                var spread = row.GetProperty(measure);
                Assert.True(spread.GetProperty("min").GetDouble() <= spread.GetProperty("median").GetDouble(), $"{measure}: {spread}");
                Assert.True(spread.GetProperty("median").GetDouble() <= spread.GetProperty("max").GetDouble(), $"{measure}: {spread}");
                Assert.True(spread.GetProperty("min").GetDouble() > 0, $"{measure}: {spread}");
            }
        }

        Assert.True(results.GetProperty("ratios").GetProperty("B1_peer_seconds_over_ours").GetProperty("median").GetDouble() > 0);
        Assert.True(results.GetProperty("ratios").GetProperty("B2_records_per_second_over_our_B1").GetProperty("median").GetDouble() > 0);
        var b3 = results.GetProperty("b3");
        Assert.Equal(4, b3.GetProperty("shards").GetInt32());
        Assert.True(b3.GetProperty("records_put").GetInt64() > 0);
        Assert.True(b3.GetProperty("latency_ms").GetProperty("p99").GetDouble() >= b3.GetProperty("latency_ms").GetProperty("p50").GetDouble());
        Assert.Contains(b3.GetProperty("keeps_up").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });

        Assert.Contains("| B1 ticker NDJSON", await File.ReadAllTextAsync(Path.Combine(output, "results.md")), StringComparison.Ordinal);
        var svg = System.Xml.Linq.XDocument.Load(Path.Combine(output, "chart.svg"));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.DoesNotContain("href", svg.ToString(), StringComparison.Ordinal);
        Assert.Contains("results.json", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rounds", "2")]
    [InlineData("--only", "B4")]
    [InlineData("--records", "lots")]
    public async Task BadArguments_ExitTwoBeforeAnyWork(string option, string value)
    {
        var run = await Script.RunAsync("bench.sh", [option, value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.StandardError, StringComparison.Ordinal);
    }
}
