using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>The run's log: readable lines, or JSON lines with stable event ids, and the end-of-run notes.</summary>
public class LoggingTests
{
    [Fact]
    public async Task JsonLog_EveryLineIsAnEntry_WithTheRunsEventsInOrder_AndTheProgressInEachBatchEntry()
    {
        using var folder = new TempDirectory();

        var run = await CliRunner.RunAsync("run", "--warehouse", folder.Combine("w"), "--log-format", "json",
            "--set", "demo.records=600", "--set", "demo.shape=raw", "--set", "batch.maxRecordsPerShard=100");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var entries = run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var ids = entries.Select(e => e.GetProperty("eventId").GetInt32()).ToList();
        Assert.Equal(1000, ids[0]);
        Assert.Equal(1001, ids[1]);
        Assert.Equal(1008, ids[^1]);
        var batches = entries.Where(e => e.GetProperty("event").GetString() == "BatchCommitted").ToList();
        Assert.True(batches.Count > 1, $"{batches.Count} batches");
        Assert.Equal(Enumerable.Range(0, batches.Count).Select(i => (long)i), batches.Select(b => b.GetProperty("batchId").GetInt64()));
        Assert.Equal(Enumerable.Range(0, batches.Count).Select(i => (long)i), batches.Select(b => b.GetProperty("progress").GetProperty("batchId").GetInt64()));
        Assert.Equal("+infinity", batches[^1].GetProperty("progress").GetProperty("eventTime").GetProperty("watermark").GetString());
        Assert.All(entries, e =>
        {
            Assert.True(DateTimeOffset.TryParse(e.GetProperty("timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString()));
        });
        var finished = entries[^1];
        Assert.Equal(600L, finished.GetProperty("trades").GetInt64() + finished.GetProperty("failed").GetInt64());
    }

    [Fact]
    public async Task TextLog_SaysWhenWindowsAreStillOpen_AndUntilWhatWatermark()
    {
        using var folder = new TempDirectory();

        var run = await CliRunner.RunAsync("run", "--warehouse", folder.Combine("w"), "--progress", "none", "--trigger", "once",
            "--set", "demo.records=2000", "--set", "batch.maxRecordsPerShard=10");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var line = Assert.Single(run.StandardError.Split('\n'), l => l.Contains("windows are still open", StringComparison.Ordinal));
        Assert.Matches(@"^\d\d:\d\d:\d\d info  \d+ windows are still open: each is written once the watermark \(now 2024-03-15T14:\d\d:\d\d\.\d{3}Z\) passes its end$", line);
        Assert.Contains("windows are still open", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resumed_ReplayedAndCleanedUp_AreLogged()
    {
        using var folder = new TempDirectory();
        var warehouse = folder.Combine("w");
        string[] args = ["run", "--warehouse", warehouse, "--progress", "none", "--set", "demo.records=1000", "--set", "demo.shape=raw", "--set", "batch.maxRecordsPerShard=50"];
        var crashed = await SparkEtlChild.RunAsync([.. args], new Dictionary<string, string?> { ["SPARKETL_FAULT"] = "after-files:1" });
        Assert.Equal(137, crashed.ExitCode);

        var resumed = await SparkEtlChild.RunAsync(args);

        Assert.True(resumed.ExitCode == 0, resumed.StandardError);
        Assert.Contains("info  Resuming query", resumed.StandardError, StringComparison.Ordinal);
        Assert.Contains("warn  Batch 1 was planned by an earlier run that stopped before committing it", resumed.StandardError, StringComparison.Ordinal);
    }
}
