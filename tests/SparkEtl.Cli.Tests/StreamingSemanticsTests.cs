using System.Text.Json;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>Checkpoints, restarts, triggers, signals, progress and late data, through the CLI.</summary>
public class StreamingSemanticsTests
{
    private static string[] Run(string input, string warehouse, params string[] more) =>
    [
        "run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "none",
        "--set", "batch.maxRecordsPerShard=40", "--set", "window.watermarkDelay=5s", .. more,
    ];

    [Fact]
    public async Task OnceTriggerRunRepeatedly_ResumesExactlyWhereEachStopped()
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "kinesis-raw", records: 1_200, seed: 3, symbols: 8);
        var reference = folder.Combine("reference");
        Assert.Equal(0, (await CliRunner.RunAsync(Run(input, reference))).ExitCode);

        var stepped = folder.Combine("stepped");
        var runs = 0;
        while (true)
        {
            var run = await CliRunner.RunAsync(Run(input, stepped, "--trigger", "once"));
            Assert.True(run.ExitCode == 0, run.StandardError);
            runs++;
            if (run.StandardOutput.Contains("Nothing new", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(runs < 200, "the once trigger never finished the input");
        }

        Assert.True(runs > 5, $"expected many one-batch runs, got {runs}");
        Assert.Equal(SparkEtlChild.VisibleDataFiles(reference), SparkEtlChild.VisibleDataFiles(stepped));
    }

    [Theory]
    [InlineData("window.size=5m", "window.size", "\"1m\"")]
    [InlineData("parquet.compression=gzip", "parquet.compression", "\"snappy\"")]
    [InlineData("window.watermarkDelay=1m", "window.watermarkDelay", "\"5s\"")]
    [InlineData("decode.maxDecompressedBytes=2MiB", "decode.maxDecompressedBytes", "\"10485760\"")]
    [InlineData("event.maxFutureSkew=1h", "event.maxFutureSkew", "\"15m\"")]
    [InlineData("window.idleTimeout=5m", "window.idleTimeout", "\"1m\"")]
    public async Task Restart_WithSettingsTheCheckpointWasNotMadeWith_IsRefusedNamingTheSetting(string set, string setting, string was)
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "ndjson", records: 200, seed: 1);
        var warehouse = folder.Combine("w");
        Assert.Equal(0, (await CliRunner.RunAsync(Run(input, warehouse, "--trigger", "once"))).ExitCode);
        var before = SparkEtlChild.VisibleDataFiles(warehouse);

        var run = await CliRunner.RunAsync(Run(input, warehouse, "--set", set));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(setting, run.StandardError, StringComparison.Ordinal);
        Assert.Contains(was, run.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, SparkEtlChild.VisibleDataFiles(warehouse));
    }

    [Fact]
    public async Task Restart_OnAnotherSource_IsRefused()
    {
        using var folder = new TempDirectory();
        var first = await TickerData.GenerateAsync(folder, "ndjson", records: 100, seed: 1);
        var second = await TickerData.GenerateAsync(folder, "ndjson", records: 100, seed: 2);
        var warehouse = folder.Combine("w");
        Assert.Equal(0, (await CliRunner.RunAsync(Run(first, warehouse))).ExitCode);

        var run = await CliRunner.RunAsync(Run(second, warehouse));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("source", run.StandardError, StringComparison.Ordinal);
        Assert.Contains(first, run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondRunOnACheckpointInUse_IsRefusedBeforeAnyWork()
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "ndjson", records: 100, seed: 1);
        var warehouse = folder.Combine("w");
        using (CheckpointLock.Acquire(Path.Combine(warehouse, "_checkpoint")))
        {
            var run = await SparkEtlChild.RunAsync(Run(input, warehouse));

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("checkpoint", run.StandardError, StringComparison.Ordinal);
            Assert.Contains($"pid {Environment.ProcessId}", run.StandardError, StringComparison.Ordinal);
            Assert.Empty(SparkEtlChild.VisibleDataFiles(warehouse));
        }

        Assert.Equal(0, (await SparkEtlChild.RunAsync(Run(input, warehouse))).ExitCode);
    }

    [Fact]
    public async Task Sigterm_LetsTheBatchInFlightCommitThenExitsZero_AndTheRestartFinishesTheJob()
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "kinesis-raw", records: 2_000, seed: 9, symbols: 8);
        var reference = folder.Combine("reference");
        Assert.Equal(0, (await SparkEtlChild.RunAsync(Run(input, reference))).ExitCode);

        var warehouse = folder.Combine("w");
        string[] args = ["run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "json",
            "--set", "batch.maxRecordsPerShard=40", "--set", "window.watermarkDelay=5s", "--trigger", "interval:300ms"];
        using (var child = SparkEtlChild.Start(args))
        {
            var stdout = child.StandardOutput.ReadToEndAsync();

            // Wait (with a deadline) for the first committed batch's progress line, past the log lines, then ask the job to stop.
            string? firstProgress;
            do
            {
                firstProgress = await child.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            }
            while (firstProgress is not null && !firstProgress.StartsWith('{'));

            Assert.NotNull(firstProgress);
            SparkEtlChild.Signal(child, 15);
            var rest = await child.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

            Assert.True(child.ExitCode == 0, rest);
            Assert.Contains("SIGTERM", rest, StringComparison.Ordinal);
            await stdout;
        }

        var log = new CheckpointLog(new SparkEtl.Warehouse.Storage.LocalObjectStore(Path.Combine(warehouse, "_checkpoint")));
        Assert.Equal(await log.LatestPlannedAsync(CancellationToken.None), await log.LatestCommittedAsync(CancellationToken.None));
        Assert.True(await log.LatestCommittedAsync(CancellationToken.None) < await new CheckpointLog(
            new SparkEtl.Warehouse.Storage.LocalObjectStore(Path.Combine(reference, "_checkpoint"))).LatestCommittedAsync(CancellationToken.None), "the stop came before the input ended");

        var restart = await SparkEtlChild.RunAsync(Run(input, warehouse));
        Assert.True(restart.ExitCode == 0, restart.StandardError);
        Assert.Equal(SparkEtlChild.VisibleDataFiles(reference), SparkEtlChild.VisibleDataFiles(warehouse));
    }

    [Fact]
    public async Task JsonProgress_IsOneStreamingQueryProgressLinePerBatch_KeptInTheCheckpointWithinRetention()
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "kinesis-cwl", records: 3_000, seed: 4, symbols: 8);
        var warehouse = folder.Combine("w");

        var run = await CliRunner.RunAsync("run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "json",
            "--set", "batch.maxRecordsPerShard=2", "--set", "retention.batches=3");

        Assert.True(run.ExitCode == 0, run.StandardError);
        // Log lines are text; the progress records are the JSON lines.
        var lines = run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(lines.Count > 3, $"{lines.Count} progress lines");
        Assert.Equal(Enumerable.Range(0, lines.Count).Select(i => (long)i), lines.Select(l => l.GetProperty("batchId").GetInt64()));
        Assert.Single(lines.Select(l => l.GetProperty("id").GetString()).Distinct());
        var first = lines[0];
        foreach (var member in new[] { "runId", "timestamp", "numInputRows", "inputRowsPerSecond", "processedRowsPerSecond", "durationMs", "eventTime", "stateOperators", "sources", "sink", "rowsPerTable", "errorsByType", "droppedByReason" })
        {
            Assert.True(first.TryGetProperty(member, out _), $"progress lacks {member}: {first}");
        }

        Assert.Equal(1, first.GetProperty("droppedByReason").GetProperty("control-message").GetInt64());
        Assert.Equal("+infinity", lines[^1].GetProperty("eventTime").GetProperty("watermark").GetString());
        Assert.Contains("\"watermark\":\"+infinity\"", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(3_000, lines.Sum(l => l.GetProperty("rowsPerTable").GetProperty("trades").GetInt64()));
        Assert.True(first.GetProperty("durationMs").GetProperty("triggerExecution").GetInt64() >= 0);

        var kept = Directory.GetFiles(Path.Combine(warehouse, "_checkpoint", "progress")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(lines.Count - 3, 3).Select(i => $"{i}.json").Order(StringComparer.Ordinal), kept);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(warehouse, "_checkpoint", "commits")).Length);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(warehouse, "_checkpoint", "offsets")).Length);
    }

    [Fact]
    public async Task RecordsBehindTheWatermark_StayTradesAndGetLateRecordRows_SoTheBarsReconcile()
    {
        using var folder = new TempDirectory();
        var input = folder.Combine("late.ndjson");

        // One batch per record: the third is ten minutes behind the watermark the second set.
        await File.WriteAllLinesAsync(input,
        [
            """{"TICKER_SYMBOL":"JIB","PRICE":10,"EVENT_TIME":1700000000000}""",
            """{"TICKER_SYMBOL":"JIB","PRICE":11,"EVENT_TIME":1700000900000}""",
            """{"TICKER_SYMBOL":"JIB","PRICE":99,"EVENT_TIME":1700000300000}""",
            """{"TICKER_SYMBOL":"JIB","PRICE":12,"EVENT_TIME":1700000901000}""",
        ]);
        var warehouse = folder.Combine("w");

        var run = await CliRunner.RunAsync("run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "none",
            "--set", "batch.maxRecordsPerShard=1", "--set", "window.watermarkDelay=1m");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var late = Assert.Single(await NodeInterop.DuckDbQueryAsync(
            $"SELECT error_type, message, raw_data, sequence_number FROM read_parquet({NodeInterop.SqlString(warehouse + "/errors/*/*.parquet")})"));
        Assert.Equal("late-record", late.GetProperty("error_type").GetString());
        Assert.Equal("3", late.GetProperty("sequence_number").GetString());
        Assert.Contains("behind the watermark", late.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"PRICE\":99", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(late.GetProperty("raw_data").GetString()!)), StringComparison.Ordinal);
        var bars = await NodeInterop.DuckDbQueryAsync(
            $"SELECT sum(trade_count) AS n, max(high) AS high FROM read_parquet({NodeInterop.SqlString(warehouse + "/ohlc_1m/*/*.parquet")})");
        Assert.Equal(3, bars[0].GetProperty("n").GetInt64());
        Assert.Equal(12, bars[0].GetProperty("high").GetDouble());
        var trades = await NodeInterop.DuckDbQueryAsync(
            $"SELECT count(*) AS n, count(*) FILTER (WHERE price = 99) AS late FROM read_parquet({NodeInterop.SqlString(warehouse + "/trades/*/*.parquet")})");
        Assert.Equal((4L, 1L), (trades[0].GetProperty("n").GetInt64(), trades[0].GetProperty("late").GetInt64()));
    }

    [Fact]
    public async Task IntervalTrigger_RunsBatchesUntilABoundedSourceEnds()
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "ndjson", records: 300, seed: 2);
        var reference = folder.Combine("reference");
        Assert.Equal(0, (await CliRunner.RunAsync(Run(input, reference, "--set", "batch.maxRecordsPerShard=100"))).ExitCode);
        var warehouse = folder.Combine("w");

        var run = await CliRunner.RunAsync(Run(input, warehouse, "--set", "batch.maxRecordsPerShard=100", "--trigger", "interval:100ms"));

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains("3 batches", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(SparkEtlChild.VisibleDataFiles(reference), SparkEtlChild.VisibleDataFiles(warehouse));
    }
}
