using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary><c>sparketl demo</c>: capture files of demo data that <c>--source file:</c> replays.</summary>
public class DemoCommandTests
{
    [Theory]
    [InlineData("raw")]
    [InlineData("cloudwatch")]
    [InlineData("kpl")]
    [InlineData("ndjson")]
    public async Task Demo_CaptureReplayed_TablesEqualAnIndependentComputation(string shape)
    {
        using var folder = new TempDirectory();
        var capture = folder.Combine($"demo-{shape}.jsonl");
        var demo = await CliRunner.RunAsync("demo", "--out", capture, "--shape", shape, "--records", "3000", "--symbols", "9", "--shards", "3", "--bad-rate", "0");
        Assert.True(demo.ExitCode == 0, demo.StandardError);
        Assert.Contains($"as {shape}", demo.StandardOutput, StringComparison.Ordinal);
        var warehouse = folder.Combine("w");

        var run = await CliRunner.RunAsync("run", "--source", $"file:{capture}", "--warehouse", warehouse, "--quiet",
            "--set", "batch.maxRecordsPerShard=200", "--set", "window.watermarkDelay=10m");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var expected = await TickerData.ExpectedAsync(capture);
        Assert.Equal(3000, expected.GetProperty("trades").EnumerateObject().Sum(p => p.Value.GetInt64()));
        var bars = await NodeInterop.DuckDbQueryAsync(
            $"SELECT * FROM read_parquet({NodeInterop.SqlString(warehouse + "/ohlc_1m/*/*.parquet")}) ORDER BY window_start, ticker_symbol");
        var expectedBars = expected.GetProperty("bars").EnumerateArray().ToList();
        Assert.Equal(expectedBars.Count, bars.Count);
        for (var i = 0; i < bars.Count; i++)
        {
            RunCommandEndToEndTests.AssertBar(expectedBars[i], bars[i]);
        }

        Assert.False(Directory.Exists(Path.Combine(warehouse, "errors")), run.StandardOutput);
    }

    [Fact]
    public async Task Demo_CaptureReplayed_GivesTheRowsTheDemoSourceGives()
    {
        using var folder = new TempDirectory();
        var capture = folder.Combine("demo.jsonl");
        string[] settings = ["--set", "demo.records=4000", "--set", "demo.seed=5", "--set", "demo.badRecordRate=0.01"];
        Assert.Equal(0, (await CliRunner.RunAsync(["demo", "--out", capture, "--shape", "kpl", .. settings])).ExitCode);

        var fromDemo = await CliRunner.RunAsync(["run", "--source", "demo", "--set", "demo.shape=kpl", "--warehouse", folder.Combine("a"), "--quiet", .. settings]);
        var fromFile = await CliRunner.RunAsync("run", "--source", $"file:{capture}", "--warehouse", folder.Combine("b"), "--quiet");

        Assert.True(fromDemo.ExitCode == 0, fromDemo.StandardError);
        Assert.True(fromFile.ExitCode == 0, fromFile.StandardError);
        foreach (var table in new[] { "trades", "ohlc_1m", "errors" })
        {
            var a = await RowsAsync(folder.Combine("a"), table);
            Assert.True(a.Count > 0, $"{table} is empty");
            Assert.Equal(a, await RowsAsync(folder.Combine("b"), table));
        }
    }

    [Fact]
    public async Task Demo_SameSettings_SameBytes_AnotherSeed_OtherBytes()
    {
        using var folder = new TempDirectory();
        string[] Args(string file, string seed) => ["demo", "--out", folder.Combine(file), "--shape", "cloudwatch", "--records", "500", "--seed", seed];

        Assert.Equal(0, (await CliRunner.RunAsync(Args("a.jsonl", "3"))).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(Args("b.jsonl", "3"))).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(Args("c.jsonl", "4"))).ExitCode);

        var a = await File.ReadAllBytesAsync(folder.Combine("a.jsonl"));
        Assert.Equal(a, await File.ReadAllBytesAsync(folder.Combine("b.jsonl")));
        Assert.NotEqual(a, await File.ReadAllBytesAsync(folder.Combine("c.jsonl")));
    }

    [Theory]
    [InlineData("--shape", "avro", "--shape")]
    [InlineData("--records", "0", "--records")]
    public async Task Demo_BadOption_ExitsTwoNamingItAndWritesNothing(string option, string value, string named)
    {
        using var folder = new TempDirectory();
        var output = folder.Combine("x.jsonl");

        var run = await CliRunner.RunAsync("demo", "--out", output, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    private static async Task<List<string>> RowsAsync(string warehouse, string table) =>
        [.. (await NodeInterop.DuckDbQueryAsync(
            $"SELECT * EXCLUDE (dt) FROM read_parquet({NodeInterop.SqlString($"{warehouse}/{table}/*/*.parquet")}, hive_partitioning = true) ORDER BY ALL"))
            .Select(r => r.GetRawText())];
}
