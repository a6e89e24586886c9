using System.Globalization;
using SparkEtl.TestSupport;
using Xunit.Abstractions;

namespace SparkEtl.Cli.Tests;

/// <summary>
/// Kills the CLI with SIGKILL at many points of its batches (after the offsets write, while the intents or a data
/// file is being written, after the files and before the commit, after the reconcile and the catalog, while and
/// after the commit is written, and at random moments), restarting it each time. The warehouse must end up with
/// exactly the files of an uninterrupted run, byte for byte: no row missing, none twice, no stray file.
/// <c>SPARKETL_CRASH_KILLS</c> sets the number of kills (scripts/crash-test.sh N).
/// </summary>
public class CrashRecoveryTests(ITestOutputHelper output)
{
    private static readonly string[] Points =
    [
        "after-offsets", "during-put:intents/", "during-put:trades/", "after-first-file", "after-files", "after-reconcile",
        "after-catalog", "during-put:commits/", "after-commit", "during-put:offsets/", "random",
    ];

    [Fact]
    public async Task KilledAtManyPoints_TheWarehouseEndsExactlyAsAnUninterruptedRun()
    {
        var kills = int.Parse(Environment.GetEnvironmentVariable("SPARKETL_CRASH_KILLS") ?? "20", CultureInfo.InvariantCulture);
        using var folder = new TempDirectory("crash");
        var input = await TickerData.GenerateAsync(folder, "kinesis-raw", records: 2_500, seed: 5, symbols: 12);

        string[] Args(string warehouse) =>
        [
            "run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "none",
            "--set", "batch.maxRecordsPerShard=12", "--set", "window.watermarkDelay=3s", "--set", "retention.batches=5",
        ];

        var reference = folder.Combine("reference");
        var clean = await SparkEtlChild.RunAsync(Args(reference));
        Assert.True(clean.ExitCode == 0, clean.StandardError);

        var crashed = folder.Combine("crashed");
        var random = new Random(kills);
        var killed = 0;
        var runs = 0;
        var byPoint = new Dictionary<string, int>(StringComparer.Ordinal);
        while (killed < kills)
        {
            var point = Points[random.Next(Points.Length)];
            runs++;
            var committed = LatestCommitted(crashed);
            int exit;
            if (point == "random")
            {
                using var child = SparkEtlChild.Start(Args(crashed));
                var drain = Task.WhenAll(child.StandardOutput.ReadToEndAsync(), child.StandardError.ReadToEndAsync());
                var exited = child.WaitForExitAsync();
                if (await Task.WhenAny(exited, Task.Delay(random.Next(50, 900))) != exited)
                {
                    child.Kill();
                }

                await exited;
                await drain;
                exit = child.ExitCode;
            }
            else
            {
                var fault = point.StartsWith("during-put", StringComparison.Ordinal)
                    ? point
                    : $"{point}:{committed + 1 + random.Next(3)}";
                exit = (await SparkEtlChild.RunAsync(Args(crashed), new Dictionary<string, string?> { ["SPARKETL_FAULT"] = fault })).ExitCode;
            }

            if (exit == 137)
            {
                killed++;
                byPoint[point] = byPoint.GetValueOrDefault(point) + 1;
            }
            else
            {
                Assert.True(exit == 0, $"run {runs} with {point} exited {exit}");
                if (IsComplete(crashed, reference))
                {
                    // The input is done: start over on a fresh warehouse so the kills go on.
                    AssertSameFiles(reference, crashed);
                    Directory.Delete(crashed, recursive: true);
                }
            }
        }

        var final = await SparkEtlChild.RunAsync(Args(crashed));
        Assert.True(final.ExitCode == 0, final.StandardError);
        AssertSameFiles(reference, crashed);
        Assert.Empty(Directory.EnumerateFiles(crashed, ".*.tmp", SearchOption.AllDirectories));
        output.WriteLine($"{killed} kills in {runs} runs: {string.Join(", ", byPoint.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}");
    }

    /// <summary>
    /// Lines without an arrival time take the file's modification time, which is touched to another day before every
    /// attempt: replays must come out the same (the checkpoint keeps the time a batch was read with) and whatever a
    /// crashed attempt left must go, so every line is in <c>trades</c> once and the bars reconcile.
    /// </summary>
    [Fact]
    public async Task KilledWhileTheInputIsTouchedBetweenAttempts_EveryLineIsInTradesOnce()
    {
        var kills = Math.Max(5, int.Parse(Environment.GetEnvironmentVariable("SPARKETL_CRASH_KILLS") ?? "20", CultureInfo.InvariantCulture) / 4);
        using var folder = new TempDirectory("crash-touched");
        var input = folder.Combine("ticks.ndjson");
        const int Lines = 2_000;
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, Lines).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$"""{"TICKER_SYMBOL":"S{{i % 7}}","SECTOR":"TECH","PRICE":{{1 + (i % 40)}}}""")));
        var warehouse = folder.Combine("w");
        string[] args = ["run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "none", "--set", "batch.maxRecordsPerShard=150"];

        var random = new Random(kills);
        var killed = 0;
        var completed = 0;
        while (killed < kills || completed == 0)
        {
            File.SetLastWriteTimeUtc(input, new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(random.Next(0, 24 * 30)));
            var point = Points[random.Next(Points.Length - 1)];
            var fault = point.StartsWith("during-put", StringComparison.Ordinal) ? point : $"{point}:{LatestCommitted(warehouse) + 1 + random.Next(3)}";
            var exit = killed < kills
                ? (await SparkEtlChild.RunAsync(args, new Dictionary<string, string?> { ["SPARKETL_FAULT"] = fault })).ExitCode
                : (await SparkEtlChild.RunAsync(args)).ExitCode;
            if (exit == 137)
            {
                killed++;
                continue;
            }

            Assert.True(exit == 0, $"a run with {fault} exited {exit}");
            if (LatestCommitted(warehouse) >= 0 && (await SparkEtlChild.RunAsync(args)).StandardOutput.Contains("Nothing new", StringComparison.Ordinal))
            {
                await AssertEveryLineOnceAsync(warehouse, Lines);
                completed++;
                Directory.Delete(warehouse, recursive: true);
            }
        }

        output.WriteLine($"{killed} kills, {completed} complete runs checked");
    }

    private static async Task AssertEveryLineOnceAsync(string warehouse, int lines)
    {
        string Files(string table) => NodeInterop.SqlString($"{warehouse}/{table}/*/*.parquet");
        var trades = (await NodeInterop.DuckDbQueryAsync($"SELECT count(*) AS n, count(DISTINCT sequence_number) AS d FROM read_parquet({Files("trades")})"))[0];
        Assert.Equal((lines, lines), (trades.GetProperty("n").GetInt64(), trades.GetProperty("d").GetInt64()));
        var bars = (await NodeInterop.DuckDbQueryAsync($"SELECT sum(trade_count) AS n FROM read_parquet({Files("ohlc_1m")})"))[0].GetProperty("n").GetInt64();
        var late = Directory.Exists(Path.Combine(warehouse, "errors"))
            ? (await NodeInterop.DuckDbQueryAsync($"SELECT count(*) AS n FROM read_parquet({Files("errors")}) WHERE error_type = 'late-record'"))[0].GetProperty("n").GetInt64()
            : 0;
        Assert.Equal(lines, bars + late);
    }

    private static void AssertSameFiles(string expected, string actual)
    {
        var want = SparkEtlChild.VisibleDataFiles(expected);
        var got = SparkEtlChild.VisibleDataFiles(actual);
        Assert.True(want.Count > 20, $"the reference run wrote only {want.Count} files");
        Assert.Equal(want.Keys, got.Keys);
        Assert.Equal(want, got);
    }

    private static bool IsComplete(string crashed, string reference) =>
        LatestCommitted(crashed) == LatestCommitted(reference);

    private static long LatestCommitted(string warehouse)
    {
        var commits = Path.Combine(warehouse, "_checkpoint", "commits");
        return Directory.Exists(commits)
            ? Directory.EnumerateFiles(commits).Select(f => long.TryParse(Path.GetFileName(f), out var n) ? n : -1).DefaultIfEmpty(-1).Max()
            : -1;
    }
}
