using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary><c>--source file:</c> with a folder or a glob: the files in name order, as one input, with positions that name the file.</summary>
public class FileSetSourceTests
{
    private static string[] Run(string source, string warehouse, params string[] more) =>
        ["run", "--source", source, "--warehouse", warehouse, "--quiet", "--set", "batch.maxRecordsPerShard=70", "--set", "window.watermarkDelay=5s", .. more];

    /// <summary>A capture of <paramref name="records"/> records, and the same lines split over files of <paramref name="linesPerFile"/>.</summary>
    private static async Task<(string Whole, string Parts)> SplitAsync(TempDirectory folder, int records, int linesPerFile)
    {
        var whole = await TickerData.GenerateAsync(folder, "kinesis-raw", records: records, seed: 12, symbols: 7, shards: 3);
        var parts = folder.Combine("parts");
        Directory.CreateDirectory(parts);
        var lines = await File.ReadAllLinesAsync(whole);
        for (var i = 0; i * linesPerFile < lines.Length; i++)
        {
            await File.WriteAllLinesAsync(Path.Combine(parts, $"part-{i:D3}.jsonl"), lines.Skip(i * linesPerFile).Take(linesPerFile));
        }

        return (whole, parts);
    }

    [Fact]
    public async Task FolderAndGlob_WriteExactlyTheFilesOfTheWholeCapture()
    {
        using var folder = new TempDirectory();
        var (whole, parts) = await SplitAsync(folder, 1_000, 230);
        await File.WriteAllTextAsync(Path.Combine(parts, "_ignored.jsonl"), "not a record\n");
        await File.WriteAllTextAsync(Path.Combine(parts, ".hidden"), "not a record\n");

        Assert.Equal(0, (await CliRunner.RunAsync(Run($"file:{whole}", folder.Combine("whole")))).ExitCode);
        var fromFolder = await CliRunner.RunAsync(Run($"file:{parts}", folder.Combine("folder")));
        var fromGlob = await CliRunner.RunAsync(Run($"file:{parts}/part-*.jsonl", folder.Combine("glob")));

        Assert.True(fromFolder.ExitCode == 0, fromFolder.StandardError);
        Assert.True(fromGlob.ExitCode == 0, fromGlob.StandardError);
        var expected = SparkEtlChild.VisibleDataFiles(folder.Combine("whole"));
        Assert.True(expected.Count > 5, $"only {expected.Count} files");
        Assert.Equal(expected, SparkEtlChild.VisibleDataFiles(folder.Combine("folder")));
        Assert.Equal(expected, SparkEtlChild.VisibleDataFiles(folder.Combine("glob")));
    }

    [Fact]
    public async Task OneBatchAtATime_ResumesWhereEachRunStopped_AndAFileAddedLaterThatSortsAfterIsRead()
    {
        using var folder = new TempDirectory();
        var (whole, parts) = await SplitAsync(folder, 900, 300);
        var last = Path.Combine(parts, "part-002.jsonl");
        var held = folder.Combine("held.jsonl");
        File.Move(last, held);
        Assert.Equal(0, (await CliRunner.RunAsync(Run($"file:{whole}", folder.Combine("whole")))).ExitCode);

        var warehouse = folder.Combine("stepped");
        var runs = 0;
        while (true)
        {
            var run = await CliRunner.RunAsync(Run($"file:{parts}", warehouse, "--trigger", "once"));
            Assert.True(run.ExitCode == 0, run.StandardError);
            runs++;
            if (runs == 2)
            {
                // The checkpoint is part way through the first two files: a file that sorts after them is read when it comes.
                File.Move(held, last);
            }

            if (run.StandardOutput.Contains("Nothing new", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(runs < 100, "the once trigger never finished the input");
        }

        Assert.True(runs > 5, $"expected many one-batch runs, got {runs}");
        Assert.Equal(SparkEtlChild.VisibleDataFiles(folder.Combine("whole")), SparkEtlChild.VisibleDataFiles(warehouse));
    }

    [Fact]
    public async Task Replay_AfterTheFilesWereTouched_WritesEveryLineOnce()
    {
        using var folder = new TempDirectory();
        var parts = folder.Combine("ticks");
        Directory.CreateDirectory(parts);

        // NDJSON without EVENT_TIME: each line's event time is its file's modification time, which differs per file.
        for (var f = 0; f < 3; f++)
        {
            var file = Path.Combine(parts, $"ticks-{f}.ndjson");
            await File.WriteAllLinesAsync(file, Enumerable.Range(0, 700).Select(i => $$"""{"TICKER_SYMBOL":"S{{i % 5}}","SECTOR":"TECH","PRICE":{{1 + (i % 30)}}}"""));
            File.SetLastWriteTimeUtc(file, new DateTime(2024, 3, 15 + f, 12, 0, 0, DateTimeKind.Utc));
        }

        var warehouse = folder.Combine("w");
        string[] args = ["run", "--source", $"file:{parts}", "--warehouse", warehouse, "--quiet", "--set", "batch.maxRecordsPerShard=500"];
        Assert.Equal(137, (await SparkEtlChild.RunAsync(args, new Dictionary<string, string?> { ["SPARKETL_FAULT"] = "after-files:2" })).ExitCode);
        foreach (var file in Directory.GetFiles(parts))
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2024, 4, 1, 12, 0, 0, DateTimeKind.Utc));
        }

        var resumed = await SparkEtlChild.RunAsync(args);

        Assert.True(resumed.ExitCode == 0, resumed.StandardError);
        var rows = Assert.Single(await NodeInterop.DuckDbQueryAsync($"""
            SELECT count(*) AS n, count(DISTINCT (dt, sequence_number)) AS distinct_lines, count(DISTINCT dt) AS days,
                   count(*) FILTER (WHERE dt = '2024-03-17') AS third_day
            FROM read_parquet({NodeInterop.SqlString(warehouse + "/trades/*/*.parquet")}, hive_partitioning = true)
            """));
        Assert.Equal(2_100, rows.GetProperty("n").GetInt64());
        Assert.Equal(2_100, rows.GetProperty("distinct_lines").GetInt64());

        // Batch 2 (lines 1001-1500: the second file's last 400 and the third's first 100) was read with the files' first
        // times and replayed with them; a file keeps the time its first batch was read with, so no line takes the touched time.
        Assert.Equal(700, rows.GetProperty("third_day").GetInt64());
        Assert.Equal(3, rows.GetProperty("days").GetInt64());
    }

    [Fact]
    public async Task AGlobThatMatchesNothing_IsRefusedNamingTheSource()
    {
        using var folder = new TempDirectory();

        var run = await CliRunner.RunAsync("run", "--source", $"file:{folder.Path}/*.jsonl", "--warehouse", folder.Combine("w"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"Invalid setting --source: got \"file:{folder.Path}/*.jsonl\"", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("a glob that matches files", run.StandardError, StringComparison.Ordinal);
    }
}
