using SparkEtl.TestSupport;

namespace SparkEtl.Scripts.Tests;

/// <summary>Runs a script from scripts/ with bash and the given environment.</summary>
internal static class Script
{
    public static string PathOf(string name) => Path.Combine(RepositoryPaths.Root, "scripts", name);

    public static Task<ProcessResult> RunAsync(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        ChildProcess.RunAsync("bash", [PathOf(name), .. arguments], environment: environment, timeout: TimeSpan.FromMinutes(1));

    /// <summary>The lines a successful <c>--dry-run</c> printed on standard output.</summary>
    public static async Task<string[]> DryRunAsync(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = (await RunAsync(name, ["--dry-run", .. arguments], environment)).EnsureSuccess(name);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
