using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

public class CatalogTests
{
    [Fact]
    public async Task LocalCatalog_HoldsEachTableDefinitionAndExactlyThePartitionsWritten()
    {
        using var folder = new TempDirectory();
        var input = await TickerData.GenerateAsync(folder, "ndjson", records: 400, seed: 8);
        var warehouse = folder.Combine("w");

        var run = await CliRunner.RunAsync("run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "none", "--set", "catalog.database=desk");

        Assert.True(run.ExitCode == 0, run.StandardError);
        foreach (var table in new[] { "trades", "ohlc_1m" })
        {
            using var catalog = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(warehouse, "_catalog", "desk", $"{table}.json")));
            var root = catalog.RootElement;
            Assert.Equal(new Uri(warehouse + "/" + table + "/").AbsoluteUri, root.GetProperty("location").GetString());
            Assert.Equal("parquet", root.GetProperty("parameters").GetProperty("classification").GetString());
            var folders = Directory.GetDirectories(Path.Combine(warehouse, table)).Select(d => Path.GetFileName(d)!["dt=".Length..]).Order(StringComparer.Ordinal);
            Assert.Equal(folders, root.GetProperty("partitions").EnumerateArray().Select(p => p.GetString()));
        }
    }

    [Fact]
    public async Task CatalogDdl_PrintsACreateStatementPerTableAtTheWarehouse()
    {
        var run = await CliRunner.RunAsync("catalog", "ddl", "--warehouse", "s3://bucket/prefix", "--set", "window.size=5m", "--set", "catalog.database=desk");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `desk`.`trades`", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `desk`.`ohlc_5m`", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("LOCATION 's3://bucket/prefix/errors/'", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("projection", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogSync_Local_CreatesTheTablesWithoutRunningTheJob()
    {
        using var folder = new TempDirectory();

        var run = await CliRunner.RunAsync("catalog", "sync", "--warehouse", folder.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("created table", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(folder.Path, "_catalog", "sparketl", "errors.json")));
    }

    [Fact]
    public async Task Catalog_WithoutAnAction_ShowsUsageAndExits2()
    {
        var run = await CliRunner.RunAsync("catalog");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("sparketl catalog [command]", run.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"\n  ddl +Print CREATE EXTERNAL TABLE", run.StandardOutput);
        Assert.Matches(@"\n  sync +Create the database", run.StandardOutput);
    }
}
