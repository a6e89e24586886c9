using SparkEtl.TestSupport;

namespace SparkEtl.Scripts.Tests;

public class ShellcheckTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "scripts")).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(file);
            if (reader.ReadLine()?.StartsWith("#!", StringComparison.Ordinal) == true)
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_IsCleanUnderShellcheck(string script)
    {
        var result = await ChildProcess.RunAsync("shellcheck", ["--format=gcc", Script.PathOf(script)], timeout: TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, $"shellcheck {script}:\n{result.StandardOutput}{result.StandardError}");
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_StopsOnErrors(string script) =>
        Assert.Contains("set -euo pipefail", File.ReadAllText(Script.PathOf(script)), StringComparison.Ordinal);
}
