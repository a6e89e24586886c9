using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>
/// The repository stands alone: a clone in a folder with nothing beside it builds, runs the README's main command and
/// answers the README's analyst queries, and nothing in it reaches outside the clone for its files.
/// </summary>
public class StandaloneCloneTests
{
    [Fact]
    public async Task AFreshClone_WithNothingBesideIt_RunsTheReadmesCommandsAndQueries()
    {
        using var folder = new TempDirectory("standalone");
        var clone = folder.Combine("sparketl");
        var cloned = await ChildProcess.RunAsync("git", ["clone", "--quiet", RepositoryPaths.Root, clone], timeout: TimeSpan.FromMinutes(2));
        Assert.True(cloned.ExitCode == 0, cloned.StandardError);
        Assert.Equal(["sparketl"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));

        // No tracked file names a folder beside the checkout (the pattern is put together so this file does not match it).
        var beside = ".." + "/shared";
        var listed = await ChildProcess.RunAsync("git", ["-C", clone, "grep", "-l", "-I", "-F", "-e", beside, "-e", beside.Replace('/', '\\')]);
        Assert.True(listed.ExitCode == 1, $"files that name a folder beside the clone:\n{listed.StandardOutput}");

        // The README's command, exactly as written, from the clone's root: it builds the CLI there on first use.
        var readme = await File.ReadAllTextAsync(Path.Combine(clone, "README.md"));
        Assert.Contains("scripts/sparketl run --conf conf/local.json\n", readme, StringComparison.Ordinal);
        var run = await ChildProcess.RunAsync(Path.Combine(clone, "scripts", "sparketl"), ["run", "--conf", "conf/local.json"], clone, timeout: TimeSpan.FromMinutes(10));
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains("OHLC bars of", run.StandardOutput, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(clone, "warehouse", "trades")), "no warehouse/trades in the clone");

        // Every query the README shows, as written, against the warehouse the command wrote.
        var queries = ReadmeQueries.In(readme);
        Assert.True(queries.Count >= 3, $"{queries.Count} README queries found");
        foreach (var (title, sql) in queries)
        {
            var query = await ChildProcess.RunAsync(Path.Combine(clone, "scripts", "sparketl"), ["query", sql, "--format", "csv"], clone, timeout: TimeSpan.FromMinutes(2));
            Assert.True(query.ExitCode == 0, $"{title}: {query.StandardError}");
            Assert.True(query.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 2, $"{title}: no rows\n{query.StandardOutput}");
        }
    }
}
