using SparkEtl.TestSupport;

namespace SparkEtl.Scripts.Tests;

public class ScriptHelpTests
{
    /// <summary>Every script with its own options (scripts/sparketl passes --help on to the CLI, whose help it is).</summary>
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "scripts"), "*.sh").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Help_PrintsTheLeadingCommentBlockOnly(string script)
    {
        var comment = File.ReadLines(Script.PathOf(script)).Skip(1).TakeWhile(line => line.StartsWith('#'))
            .Select(line => line.StartsWith("# ", StringComparison.Ordinal) ? line[2..] : line[1..]);

        var result = await Script.RunAsync(script, ["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Join('\n', comment) + "\n", result.StandardOutput);
    }
}
