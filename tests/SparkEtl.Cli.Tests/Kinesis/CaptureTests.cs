using System.Globalization;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests.Kinesis;

/// <summary><c>sparketl capture</c> against kinesalite: the capture replays to the tables reading the stream gives.</summary>
[Collection(KinesaliteCollection.Name)]
public sealed class CaptureTests(KinesaliteFixture kinesalite)
{
    [Theory]
    [InlineData("cloudwatch")]
    [InlineData("kpl")]
    public async Task Capture_ReplaysToTheTablesReadingTheStreamGives(string shape)
    {
        using var folder = new TempDirectory();
        var stream = await kinesalite.CreateStreamAsync(shardCount: 2);
        var produce = await SparkEtlProcess.RunAsync(kinesalite.Environment(),
            "produce", "--stream", stream, "--shape", shape, "--count", "1200", "--rate", "0", "--set", "demo.startTime=2024-03-15T14:30:00Z", "--set", "demo.badRecordRate=0.01");
        Assert.True(produce.ExitCode == 0, produce.StandardError);
        var capture = folder.Combine("capture.jsonl");

        var captured = await SparkEtlProcess.RunAsync(kinesalite.Environment(), "capture", "--stream", stream, "--out", capture);
        var limited = await SparkEtlProcess.RunAsync(kinesalite.Environment(), "capture", "--stream", stream, "--out", folder.Combine("first.jsonl"), "--limit", "7");
        string[] settings = ["--set", "window.watermarkDelay=1d", "--set", "batch.maxRecordsPerShard=40", "--quiet"];
        var fromStream = await SparkEtlProcess.RunAsync(kinesalite.Environment(), ["run", "--source", $"kinesis:{stream}", "--warehouse", folder.Combine("stream"), .. settings]);
        var fromCapture = await CliRunner.RunAsync(["run", "--source", $"file:{capture}", "--warehouse", folder.Combine("capture"), .. settings]);

        Assert.True(captured.ExitCode == 0, captured.StandardError);
        Assert.True(limited.ExitCode == 0, limited.StandardError);
        Assert.True(fromStream.ExitCode == 0, fromStream.StandardError);
        Assert.True(fromCapture.ExitCode == 0, fromCapture.StandardError);
        var lines = await File.ReadAllLinesAsync(capture);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Captured {lines.Length:N0} records from {stream}"), captured.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(lines.Take(7), await File.ReadAllLinesAsync(folder.Combine("first.jsonl")));
        // A stream never ends, so its windows stay open under this watermark delay; a capture ends and writes them.
        foreach (var table in new[] { "trades", "errors" })
        {
            var expected = await RowsAsync(folder.Combine("stream"), table);
            Assert.True(expected.Count > 0, $"{table} is empty");
            Assert.Equal(expected, await RowsAsync(folder.Combine("capture"), table));
        }

        var barred = await NodeInterop.DuckDbQueryAsync($"SELECT sum(trade_count) AS n FROM read_parquet({NodeInterop.SqlString(folder.Combine("capture", "ohlc_1m") + "/*/*.parquet")})");
        Assert.Equal((await RowsAsync(folder.Combine("stream"), "trades")).Count, barred[0].GetProperty("n").GetInt64());
    }

    private static async Task<List<string>> RowsAsync(string warehouse, string table) =>
        [.. (await NodeInterop.DuckDbQueryAsync(
            $"SELECT * EXCLUDE (dt) FROM read_parquet({NodeInterop.SqlString($"{warehouse}/{table}/*/*.parquet")}, hive_partitioning = true) ORDER BY ALL"))
            .Select(r => r.GetRawText())];
}
