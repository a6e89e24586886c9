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
