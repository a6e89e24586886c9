using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

public class DemoRunTests
{
    [Fact]
    public async Task ReadmeCommand_RunsTheDemoFromAFreshBuildAndPrintsTheResult()
    {
        using var folder = new TempDirectory();
        var warehouse = folder.Combine("warehouse");

        // The README's command, as a user runs it, with the warehouse moved into a temp folder.
        var run = await ChildProcess.RunAsync(
            Path.Combine(RepositoryPaths.Root, "scripts", "sparketl"),
            ["run", "--conf", "conf/local.json", "--warehouse", warehouse],
            timeout: TimeSpan.FromMinutes(8));

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains("ohlc_1m", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("OHLC bars of", run.StandardOutput, StringComparison.Ordinal);
        var counts = await NodeInterop.DuckDbQueryAsync($"""
            SELECT (SELECT count(*) FROM read_parquet({NodeInterop.SqlString(warehouse + "/trades/*/*.parquet")})) AS trades,
                   (SELECT count(*) FROM read_parquet({NodeInterop.SqlString(warehouse + "/ohlc_1m/*/*.parquet")})) AS bars,
                   (SELECT sum(trade_count) FROM read_parquet({NodeInterop.SqlString(warehouse + "/ohlc_1m/*/*.parquet")})) AS barred,
                   (SELECT count(*) FROM read_parquet({NodeInterop.SqlString(warehouse + "/errors/*/*.parquet")})) AS errors
            """);
        var row = Assert.Single(counts);
        var trades = row.GetProperty("trades").GetInt64();
        var errors = row.GetProperty("errors").GetInt64();

        // 30,000 demo ticks: each is a trade or an error (0.2% are made bad on purpose), none is lost.
        Assert.Equal(30_000, trades + errors);
        Assert.InRange(errors, 1, 300);
        Assert.Equal(trades, row.GetProperty("barred").GetInt64());
        Assert.Contains($"{trades:N0}", run.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("cloudwatch")]
    [InlineData("kpl")]
    public async Task Run_DemoShapes_EveryTickBecomesATradeOrAnError(string shape)
    {
        using var folder = new TempDirectory();
        var warehouse = folder.Combine("warehouse");

        var run = await CliRunner.RunAsync("run", "--source", "demo", "--warehouse", warehouse, "--quiet",
            "--set", "demo.records=5000", "--set", $"demo.shape={shape}", "--set", "demo.badRecordRate=0.01",
            "--set", "batch.maxRecordsPerShard=150");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var row = Assert.Single(await NodeInterop.DuckDbQueryAsync($"""
            SELECT (SELECT count(*) FROM read_parquet({NodeInterop.SqlString(warehouse + "/trades/*/*.parquet")})) AS trades,
                   (SELECT count(*) FROM read_parquet({NodeInterop.SqlString(warehouse + "/errors/*/*.parquet")})) AS errors,
                   (SELECT count(DISTINCT sub_sequence) FROM read_parquet({NodeInterop.SqlString(warehouse + "/trades/*/*.parquet")})) AS subs,
                   (SELECT count(log_group) FROM read_parquet({NodeInterop.SqlString(warehouse + "/trades/*/*.parquet")})) AS grouped
            """));
        Assert.Equal(5_000, row.GetProperty("trades").GetInt64() + row.GetProperty("errors").GetInt64());
        Assert.InRange(row.GetProperty("errors").GetInt64(), 10, 120);
        Assert.Equal(shape == "kpl", row.GetProperty("subs").GetInt64() > 1);
        Assert.Equal(shape == "cloudwatch", row.GetProperty("grouped").GetInt64() > 0);
    }

    [Fact]
    public async Task Run_SameInputTwice_GivesByteIdenticalFiles()
    {
        using var folder = new TempDirectory();
        string[] Args(string warehouse) => ["run", "--source", "demo", "--warehouse", warehouse, "--quiet", "--set", "demo.records=4000", "--set", "demo.shape=raw", "--set", "batch.maxRecordsPerShard=300"];

        Assert.Equal(0, (await CliRunner.RunAsync(Args(folder.Combine("a")))).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(Args(folder.Combine("b")))).ExitCode);

        // The data files a reader sees: the checkpoint and catalog hold ids, times and the warehouse path.
        var a = SparkEtlChild.VisibleDataFiles(folder.Combine("a"));
        var b = SparkEtlChild.VisibleDataFiles(folder.Combine("b"));
        Assert.True(a.Count > 5, $"expected several files, got {a.Count}");
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("raw", 20000)]
    [InlineData("cloudwatch", 500)] // a CloudWatch record carries about 25 trades: 2,401 records in all
    public async Task Run_OnOneCoreAndOnFour_GivesByteIdenticalFiles(string shape, int recordsPerShard)
    {
        using var folder = new TempDirectory();
        string[] Args(string warehouse) => ["run", "--source", "demo", "--warehouse", warehouse, "--quiet", "--set", "demo.records=60000",
            "--set", $"demo.shape={shape}", "--set", "demo.badRecordRate=0.01", "--set", $"batch.maxRecordsPerShard={recordsPerShard}"];

        // One core: each batch decoded in one chunk and its columns encoded one after another. Four: four decode chunks,
        // columns encoded on four threads, and each batch read and decoded while the one before it is written.
        var one = await SparkEtlChild.RunAsync(Args(folder.Combine("one")), new Dictionary<string, string?> { ["DOTNET_PROCESSOR_COUNT"] = "1" });
        var four = await SparkEtlChild.RunAsync(Args(folder.Combine("four")), new Dictionary<string, string?> { ["DOTNET_PROCESSOR_COUNT"] = "4" });

        Assert.True(one.ExitCode == 0, one.StandardError);
        Assert.True(four.ExitCode == 0, four.StandardError);
        var a = SparkEtlChild.VisibleDataFiles(folder.Combine("one"));
        var b = SparkEtlChild.VisibleDataFiles(folder.Combine("four"));
        Assert.True(a.Count > 5, $"expected several files, got {a.Count}");
        Assert.Equal(a, b);
    }
}
