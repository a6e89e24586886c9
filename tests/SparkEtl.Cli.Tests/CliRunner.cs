using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>
/// Runs <c>sparketl</c> in-process and captures what it prints; or, when the tests run against a published executable
/// (<see cref="SparkEtlChild.Executable"/>), runs that as a child in the current directory.
/// </summary>
internal static class CliRunner
{
    public static async Task<ProcessResult> RunAsync(params string[] args)
    {
        if (SparkEtlChild.Executable is not null)
        {
            return await SparkEtlChild.RunAsync(args, workingDirectory: Environment.CurrentDirectory);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        using var signals = StopSignals.None();
        var code = await Program.RunAsync(args, new CliConsole(output, error, errorIsTerminal: false), signals);
        return new ProcessResult(code, output.ToString(), error.ToString());
    }
}
