using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>Runs the built sparketl as a child process, as a user or a scheduler would, and inspects what it left.</summary>
internal static partial class SparkEtlChild
{
    /// <summary>The CLI assembly built beside the tests.</summary>
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "sparketl.dll");

    /// <summary>sparketl with a crash probe (tests/SparkEtl.CrashHost): it kills itself where <c>SPARKETL_FAULT</c> says.</summary>
    public static string CrashHostAssembly => Path.Combine(AppContext.BaseDirectory, "sparketl-crashhost.dll");

    /// <summary>The crash host when the environment sets <c>SPARKETL_FAULT</c> or <c>SPARKETL_PAUSE</c>, else the shipped CLI.</summary>
    public static string AssemblyFor(IReadOnlyDictionary<string, string?>? environment) =>
        environment is not null && (Set(environment, "SPARKETL_FAULT") || Set(environment, "SPARKETL_PAUSE")) ? CrashHostAssembly : Assembly;

    /// <summary>
    /// The published sparketl executable the tests run instead of the built assembly, when <c>SPARKETL_TEST_EXECUTABLE</c>
    /// names one: scripts/test.sh runs the CLI tests a second time against the natively compiled CLI, as it ships. The
    /// crash host is always the assembly on the dotnet host.
    /// </summary>
    public static string? Executable => Environment.GetEnvironmentVariable("SPARKETL_TEST_EXECUTABLE") is { Length: > 0 } path ? path : null;

    /// <summary>The program and the arguments before sparketl's own that start it with <paramref name="environment"/>.</summary>
    public static (string Program, string[] Leading) CommandFor(IReadOnlyDictionary<string, string?>? environment)
    {
        var assembly = AssemblyFor(environment);
        return assembly == Assembly && Executable is { } executable ? (executable, []) : ("dotnet", [assembly]);
    }

    private static bool Set(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && value is not null;

    /// <param name="environment">Variables to set; a null value unsets one.</param>
    /// <param name="workingDirectory">Where it runs; the repository's root unless given.</param>
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var (program, leading) = CommandFor(environment);
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var arg in leading.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("SPARKETL_FAULT");
        info.Environment.Remove("SPARKETL_PAUSE");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return Process.Start(info) ?? throw new InvalidOperationException("Could not start sparketl.");
    }

    public static async Task<ProcessResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        using var process = Start(args, environment, workingDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Sends a POSIX signal (SIGTERM = 15, SIGINT = 2) to a process.</summary>
    public static void Signal(Process process, int signal)
    {
        if (Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>
    /// The data files a reader of the warehouse sees (what Athena lists: no hidden or '_' names), by key, with a digest of their bytes.
    /// </summary>
    public static SortedDictionary<string, string> VisibleDataFiles(string warehouse) =>
        new(Directory.EnumerateFiles(warehouse, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(warehouse, f))
            .Where(key => !key.Split('/').Any(part => part.StartsWith('.') || part.StartsWith('_')))
            .ToDictionary(key => key, key => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(warehouse, key))))),
            StringComparer.Ordinal);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
