using System.Text.Json;
using System.Text.RegularExpressions;
using SparkEtl.FaultProxy;
using SparkEtl.TestSupport;
using Xunit.Abstractions;

namespace SparkEtl.Cli.Tests;

/// <summary>
/// <c>sparketl maintain</c> on Iceberg warehouses written by the real CLI, checked by icebird and DuckDB: compaction keeps
/// the rows and lowers the file count while the previous snapshot still reads its own files, expiry honours its
/// cut-off and keeps the current snapshot, orphan removal honours its age, on a local and an S3 warehouse.
/// </summary>
public sealed partial class MaintainCommandTests(S3AndGlueFixture aws, ITestOutputHelper output) : IClassFixture<S3AndGlueFixture>
{
    private const int Records = 1_200;

    private static string[] Iceberg(string warehouse, params string[] more) =>
        ["--warehouse", warehouse, "--set", "table.format=iceberg", .. more];

    private static string TableUrl(string warehouse, string table) => new Uri(Path.Combine(warehouse, table)).AbsoluteUri;

    [Fact]
    public async Task Compact_LocalWarehouse_FewerDataFilesSameRows_AndThePreviousSnapshotStillReadsItsFiles()
    {
        using var folder = new TempDirectory("maintain-compact");
        var warehouse = await WriteWarehouseAsync(folder);
        var before = await Icebird.ReadAsync(TableUrl(warehouse, "trades"));
        var previousVersion = CurrentVersion(warehouse, "trades");

        var compact = await CliRunner.RunAsync(["maintain", "compact", "--table", "trades", .. Iceberg(warehouse)]);

        Assert.True(compact.ExitCode == 0, compact.StandardError);
        var after = await Icebird.ReadAsync(TableUrl(warehouse, "trades"));
        Assert.True(after.DataFiles.Count < before.DataFiles.Count, $"{before.DataFiles.Count} data files before, {after.DataFiles.Count} after");
        Assert.Equal(Canonical(before.Rows), Canonical(after.Rows));
        Assert.Equal(Records, after.Rows.Count);
        var snapshot = CurrentSnapshot(warehouse, "trades");
        Assert.Equal("replace", snapshot.GetProperty("summary").GetProperty("operation").GetString());
        Assert.Contains(
            $"in replace snapshot {snapshot.GetProperty("snapshot-id").GetInt64()}; the table's data files {before.DataFiles.Count} -> {after.DataFiles.Count}",
            compact.StandardOutput,
            StringComparison.Ordinal);

        // DuckDB reads the files the new snapshot lists, and those the previous one lists, to the same count.
        Assert.Equal(Records, await DuckDbCountAsync(after.DataFiles));
        Assert.Equal(Records, await DuckDbCountAsync(before.DataFiles));

        // The previous snapshot is still there and reads its own (old, small) files.
        var previous = await Icebird.ReadAsync(TableUrl(warehouse, "trades"), $"v{previousVersion}.metadata.json");
        Assert.Equal(before.SnapshotId, previous.SnapshotId);
        Assert.Equal(before.DataFiles.Order(StringComparer.Ordinal), previous.DataFiles.Order(StringComparer.Ordinal));
        Assert.Equal(Canonical(before.Rows), Canonical(previous.Rows));
    }

    [Fact]
    public async Task Compact_NamedPartition_TouchesOnlyThatDay()
    {
        using var folder = new TempDirectory("maintain-partition");
        var warehouse = await WriteWarehouseAsync(folder);
        var before = await Icebird.ReadAsync(TableUrl(warehouse, "trades"));

        // A day no trade has: nothing to compact, nothing committed.
        var none = await CliRunner.RunAsync(["maintain", "compact", "--table", "trades", "--partition", "2001-01-01", .. Iceberg(warehouse)]);

        Assert.True(none.ExitCode == 0, none.StandardError);
        Assert.Contains("trades: nothing to compact of 2001-01-01", none.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before.SnapshotId, (await Icebird.ReadAsync(TableUrl(warehouse, "trades"))).SnapshotId);

        var day = DayOf(before.DataFiles[0]);
        var compact = await CliRunner.RunAsync(["maintain", "compact", "--table", "trades", "--partition", day, .. Iceberg(warehouse)]);

        Assert.True(compact.ExitCode == 0, compact.StandardError);
        var after = await Icebird.ReadAsync(TableUrl(warehouse, "trades"));
        Assert.Equal(1, after.DataFiles.Count(f => DayOf(f) == day));
        Assert.Equal(before.DataFiles.Where(f => DayOf(f) != day).Order(StringComparer.Ordinal), after.DataFiles.Where(f => DayOf(f) != day).Order(StringComparer.Ordinal));
        Assert.Equal(Canonical(before.Rows), Canonical(after.Rows));
    }

    [Fact]
    public async Task ExpireSnapshots_DropsOnlySnapshotsOlderThanTheCutoff_KeepsTheCurrent_AndDeletesFilesOnlyTheyReached()
    {
        using var folder = new TempDirectory("maintain-expire");
        var warehouse = await WriteWarehouseAsync(folder);
        var small = await Icebird.ReadAsync(TableUrl(warehouse, "trades"));
        Assert.Equal(0, (await CliRunner.RunAsync(["maintain", "compact", "--table", "trades", .. Iceberg(warehouse)])).ExitCode);
        var replaced = small.DataFiles.Except((await Icebird.ReadAsync(TableUrl(warehouse, "trades"))).DataFiles, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(replaced);
        var snapshots = Snapshots(warehouse, "trades");
        var current = CurrentSnapshot(warehouse, "trades").GetProperty("snapshot-id").GetInt64();
        Assert.True(snapshots > 2, $"{snapshots} snapshots");

        // The default cut-off, iceberg.snapshotRetention (5d), reaches none of these young snapshots.
        var kept = await CliRunner.RunAsync(["maintain", "expire-snapshots", .. Iceberg(warehouse)]);

        Assert.True(kept.ExitCode == 0, kept.StandardError);
        Assert.Contains("trades: no snapshot created before", kept.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(snapshots, Snapshots(warehouse, "trades"));

        var expire = await CliRunner.RunAsync(["maintain", "expire-snapshots", "--table", "trades", "--older-than", "0s", .. Iceberg(warehouse)]);

        Assert.True(expire.ExitCode == 0, expire.StandardError);
        Assert.Contains($"trades: expired {snapshots - 1} snapshots", expire.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("ohlc_1m", expire.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, Snapshots(warehouse, "trades"));
        Assert.Equal(current, CurrentSnapshot(warehouse, "trades").GetProperty("snapshot-id").GetInt64());
        foreach (var file in replaced)
        {
            Assert.False(File.Exists(new Uri(file).LocalPath), $"{file} is reached by no retained snapshot");
            Assert.Contains("  removed trades/data/" + DayFolder(file) + "/" + Path.GetFileName(new Uri(file).LocalPath), expire.StandardOutput, StringComparison.Ordinal);
        }

        var now = await Icebird.ReadAsync(TableUrl(warehouse, "trades"));
        Assert.Equal(Canonical(small.Rows), Canonical(now.Rows));
    }

    [Fact]
    public async Task RemoveOrphans_DeletesAnOldUnreferencedFile_KeepsAFreshOneAndEverythingReferenced()
    {
        using var folder = new TempDirectory("maintain-orphans");
        var warehouse = await WriteWarehouseAsync(folder);
        var before = await Icebird.ReadAsync(TableUrl(warehouse, "trades"));
        var dayFolder = Path.GetDirectoryName(new Uri(before.DataFiles[0]).LocalPath)!;
        var old = Path.Combine(dayFolder, "part-00009999-000.snappy.parquet");
        var fresh = Path.Combine(dayFolder, "part-00009998-000.snappy.parquet");
        await File.WriteAllBytesAsync(old, [1, 2, 3]);
        await File.WriteAllBytesAsync(fresh, [4, 5, 6]);
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-3));

        var run = await CliRunner.RunAsync(["maintain", "remove-orphans", "--older-than", "1d", .. Iceberg(warehouse)]);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(fresh));
        Assert.Contains("trades: removed 1 orphan files last modified before", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  removed trades/data/" + DayFolder(before.DataFiles[0]) + "/part-00009999-000.snappy.parquet", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ohlc_1m: no orphan files", run.StandardOutput, StringComparison.Ordinal);
        var after = await Icebird.ReadAsync(TableUrl(warehouse, "trades"));
        Assert.Equal(before.DataFiles, after.DataFiles);
        Assert.Equal(Canonical(before.Rows), Canonical(after.Rows));
    }

    [Fact]
    public async Task Compact_WhileTheJobAppends_KeepsEveryRecordOnce_AndEachRunEndsDoneOrInOneLine()
    {
        using var folder = new TempDirectory("maintain-race");
        var input = await TickerData.GenerateAsync(folder, "kinesis-raw", records: 2_000, seed: 37, symbols: 6);
        var warehouse = folder.Combine("w");
        var hint = Path.Combine(warehouse, "trades", "metadata", "version-hint.text");
        using var job = SparkEtlChild.Start(["run", "--source", $"file:{input}", "--progress", "none", .. Iceberg(warehouse, "--set", "batch.maxRecordsPerShard=10")]);
        var drain = Task.WhenAll(job.StandardOutput.ReadToEndAsync(), job.StandardError.ReadToEndAsync());
        var exited = job.WaitForExitAsync();
        var deadline = DateTime.UtcNow.AddMinutes(5);
        int runs = 0, committed = 0, lost = 0;
        while (!exited.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (!File.Exists(hint))
            {
                await Task.WhenAny(exited, Task.Delay(20));
                continue;
            }

            var compact = await CliRunner.RunAsync(["maintain", "compact", "--table", "trades", .. Iceberg(warehouse)]);
            runs++;
            if (compact.ExitCode == 0)
            {
                committed += compact.StandardOutput.Contains("compacted", StringComparison.Ordinal) ? 1 : 0;
            }
            else
            {
                // Every attempt lost the race to the job's appends: one line, no stack, nothing committed.
                Assert.Equal(1, compact.ExitCode);
                var line = Assert.Single(compact.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.Contains("lost the race for the table's pointer", line, StringComparison.Ordinal);
                lost++;
            }
        }

        await exited;
        var streams = await drain;
        Assert.True(job.ExitCode == 0, streams[1]);
        var rows = (await Icebird.ReadAsync(TableUrl(warehouse, "trades"))).Rows;
        Assert.Equal(2_000, rows.Count);
        Assert.Equal(2_000, rows.Select(r => $"{r.GetProperty("shard_id").GetString()}/{r.GetProperty("sequence_number").GetString()}").Distinct(StringComparer.Ordinal).Count());
        output.WriteLine($"{runs} compactions while the job ran: {committed} committed, {lost} lost every race");
    }

    [Fact]
    public async Task CatalogDdl_Iceberg_PrintsAthenasIcebergDdl()
    {
        var run = await CliRunner.RunAsync("catalog", "ddl", "--warehouse", "s3://bucket/prefix", "--set", "table.format=iceberg", "--set", "catalog.database=desk");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("CREATE TABLE IF NOT EXISTS `desk`.`trades`", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PARTITIONED BY (day(`window_start`))\nLOCATION 's3://bucket/prefix/ohlc_1m/'", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(3, TableTypeIceberg().Matches(run.StandardOutput).Count);
        Assert.DoesNotContain("CREATE EXTERNAL TABLE", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Maintain_OnAParquetWarehouse_StopsNamingTableFormatAndItsValue()
    {
        using var folder = new TempDirectory("maintain-parquet");
        var input = await TickerData.GenerateAsync(folder, "ndjson", records: 200, seed: 5);
        var warehouse = folder.Combine("w");
        Assert.Equal(0, (await CliRunner.RunAsync("run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "none")).ExitCode);
        var files = SparkEtlChild.VisibleDataFiles(warehouse);

        var run = await CliRunner.RunAsync("maintain", "compact", "--table", "trades", "--warehouse", warehouse);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            "sparketl maintain compact: Invalid setting table.format: got \"parquet\"; iceberg for 'sparketl maintain'",
            run.StandardError,
            StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(files, SparkEtlChild.VisibleDataFiles(warehouse));
    }

    [Fact]
    public async Task S3Warehouse_CompactThenRemoveOrphans_KeepsTheRowsAndHonoursTheAge()
    {
        using var folder = new TempDirectory("maintain-s3");
        var input = await TickerData.GenerateAsync(folder, "kinesis-raw", records: Records, seed: 29, symbols: 6);
        var bucket = await aws.NewBucketAsync();
        var warehouse = $"s3://{bucket}/w";

        // s3rver ignores If-None-Match; the proxy evaluates conditional writes as S3 does.
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = aws.S3Endpoint, Faults = FaultPlan.Parse("none") }, CancellationToken.None);
        var environment = aws.Environment;
        environment["AWS_ENDPOINT_URL_S3"] = proxy.Endpoint.ToString();
        var run = await SparkEtlChild.RunAsync(
            ["run", "--source", $"file:{input}", "--progress", "none", .. Iceberg(warehouse, "--set", "batch.maxRecordsPerShard=60", "--set", "catalog.mode=none")],
            environment);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var before = await Icebird.ReadAsync($"{warehouse}/trades", s3Endpoint: aws.S3Endpoint);

        var compact = await SparkEtlChild.RunAsync(["maintain", "compact", "--table", "trades", .. Iceberg(warehouse)], environment);

        Assert.True(compact.ExitCode == 0, compact.StandardError);
        var after = await Icebird.ReadAsync($"{warehouse}/trades", s3Endpoint: aws.S3Endpoint);
        Assert.True(after.DataFiles.Count < before.DataFiles.Count, $"{before.DataFiles.Count} data files before, {after.DataFiles.Count} after");
        Assert.Equal(Canonical(before.Rows), Canonical(after.Rows));
        Assert.Matches($@"in replace snapshot \d+; the table's data files {before.DataFiles.Count} -> {after.DataFiles.Count}", compact.StandardOutput);

        // An unreferenced object: younger than the default cut-off it stays; with a cut-off of now it goes (S3's LastModified).
        var orphan = folder.Combine("orphan.parquet");
        await File.WriteAllBytesAsync(orphan, [1, 2, 3]);
        (await aws.AwsAsync("s3", "cp", orphan, $"{warehouse}/trades/data/orphan.parquet", "--endpoint-url", aws.S3Endpoint.ToString())).EnsureSuccess("aws s3 cp");
        var young = await SparkEtlChild.RunAsync(["maintain", "remove-orphans", "--table", "trades", .. Iceberg(warehouse)], environment);
        Assert.True(young.ExitCode == 0, young.StandardError);
        Assert.Contains("trades: no orphan files", young.StandardOutput, StringComparison.Ordinal);

        var removed = await SparkEtlChild.RunAsync(["maintain", "remove-orphans", "--table", "trades", "--older-than", "0s", .. Iceberg(warehouse)], environment);

        Assert.True(removed.ExitCode == 0, removed.StandardError);
        Assert.Contains("  removed trades/data/orphan.parquet", removed.StandardOutput, StringComparison.Ordinal);
        var listing = await aws.AwsAsync("s3", "ls", "--recursive", $"s3://{bucket}/w/trades/data/", "--endpoint-url", aws.S3Endpoint.ToString());
        Assert.DoesNotContain("orphan.parquet", listing.EnsureSuccess("aws s3 ls").StandardOutput, StringComparison.Ordinal);
        var final = await Icebird.ReadAsync($"{warehouse}/trades", s3Endpoint: aws.S3Endpoint);
        Assert.Equal(Canonical(before.Rows), Canonical(final.Rows));
    }

    [Fact]
    public async Task GlueCatalog_CompactAndExpire_MoveTheGluePointer()
    {
        using var folder = new TempDirectory("maintain-glue");
        var input = await TickerData.GenerateAsync(folder, "kinesis-raw", records: 600, seed: 41, symbols: 4);
        var bucket = await aws.NewBucketAsync();
        var warehouse = $"s3://{bucket}/w";
        var database = $"db_{bucket[9..17]}";
        string[] glue = ["--set", "catalog.mode=glue", "--set", $"aws.glueEndpoint={aws.Glue.Endpoint}", "--set", $"catalog.database={database}"];
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = aws.S3Endpoint, Faults = FaultPlan.Parse("none") }, CancellationToken.None);
        var environment = aws.Environment;
        environment["AWS_ENDPOINT_URL_S3"] = proxy.Endpoint.ToString();
        var run = await SparkEtlChild.RunAsync(["run", "--source", $"file:{input}", "--progress", "none", .. Iceberg(warehouse, ["--set", "batch.maxRecordsPerShard=30", .. glue])], environment);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var committed = await GlueMetadataLocationAsync(database);
        var before = await Icebird.ReadAsync($"{warehouse}/trades", Path.GetFileName(committed), aws.S3Endpoint);

        var compact = await SparkEtlChild.RunAsync(["maintain", "compact", "--table", "trades", .. Iceberg(warehouse, glue)], environment);

        Assert.True(compact.ExitCode == 0, compact.StandardError);
        var compacted = await GlueMetadataLocationAsync(database);
        Assert.NotEqual(committed, compacted);
        var after = await Icebird.ReadAsync($"{warehouse}/trades", Path.GetFileName(compacted), aws.S3Endpoint);
        Assert.True(after.DataFiles.Count < before.DataFiles.Count, $"{before.DataFiles.Count} data files before, {after.DataFiles.Count} after");
        Assert.Equal(Canonical(before.Rows), Canonical(after.Rows));

        var expire = await SparkEtlChild.RunAsync(["maintain", "expire-snapshots", "--table", "trades", "--older-than", "0s", .. Iceberg(warehouse, glue)], environment);

        Assert.True(expire.ExitCode == 0, expire.StandardError);
        Assert.Contains("1 kept", expire.StandardOutput, StringComparison.Ordinal);
        var expired = await GlueMetadataLocationAsync(database);
        Assert.NotEqual(compacted, expired);
        Assert.Equal(Canonical(before.Rows), Canonical((await Icebird.ReadAsync($"{warehouse}/trades", Path.GetFileName(expired), aws.S3Endpoint)).Rows));
        Assert.Empty(aws.Glue.RequestValidationErrors);
    }

    private async Task<string> GlueMetadataLocationAsync(string database)
    {
        var table = JsonDocument.Parse((await aws.AwsAsync("glue", "get-table", "--endpoint-url", aws.Glue.Endpoint.ToString(), "--database-name", database, "--name", "trades"))
            .EnsureSuccess("aws glue get-table").StandardOutput).RootElement.GetProperty("Table");
        Assert.Equal("ICEBERG", table.GetProperty("Parameters").GetProperty("table_type").GetString());
        return table.GetProperty("Parameters").GetProperty("metadata_location").GetString()!;
    }

    // An Iceberg warehouse of several small batches (many small files per day partition), written by the real CLI.
    private static async Task<string> WriteWarehouseAsync(TempDirectory folder)
    {
        var input = await TickerData.GenerateAsync(folder, "kinesis-raw", records: Records, seed: 31, symbols: 6);
        var warehouse = folder.Combine("w");
        var run = await CliRunner.RunAsync([
            "run", "--source", $"file:{input}", "--progress", "none",
            .. Iceberg(warehouse, "--set", "batch.maxRecordsPerShard=60", "--set", "window.watermarkDelay=10m")]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        return warehouse;
    }

    private static async Task<long> DuckDbCountAsync(IEnumerable<string> files)
    {
        var list = string.Join(", ", files.Select(f => NodeInterop.SqlString(new Uri(f).LocalPath)));
        return (await NodeInterop.DuckDbQueryAsync($"SELECT count(*) AS n FROM read_parquet([{list}])"))[0].GetProperty("n").GetInt64();
    }

    private static int CurrentVersion(string warehouse, string table) =>
        int.Parse(File.ReadAllText(Path.Combine(warehouse, table, "metadata", "version-hint.text")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static JsonElement CurrentMetadata(string warehouse, string table) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(warehouse, table, "metadata", $"v{CurrentVersion(warehouse, table)}.metadata.json"))).RootElement;

    private static JsonElement CurrentSnapshot(string warehouse, string table)
    {
        var metadata = CurrentMetadata(warehouse, table);
        var id = metadata.GetProperty("current-snapshot-id").GetInt64();
        return metadata.GetProperty("snapshots").EnumerateArray().Single(s => s.GetProperty("snapshot-id").GetInt64() == id);
    }

    private static int Snapshots(string warehouse, string table) => CurrentMetadata(warehouse, table).GetProperty("snapshots").GetArrayLength();

    private static string DayFolder(string dataFile) => Path.GetFileName(Path.GetDirectoryName(new Uri(dataFile).LocalPath))!;

    private static string DayOf(string dataFile) => DayFolder(dataFile)["event_time_day=".Length..];

    private static List<string> Canonical(IReadOnlyList<JsonElement> rows) =>
        [.. rows.Select(r => r.GetRawText()).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"TBLPROPERTIES \(\n  'table_type'='ICEBERG'")]
    private static partial Regex TableTypeIceberg();
}
