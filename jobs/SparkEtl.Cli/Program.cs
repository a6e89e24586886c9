using SparkEtl.Cli.Commands;
using SparkEtl.Core;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.Warehouse.Commit;

namespace SparkEtl.Cli;

/// <summary>The <c>sparketl</c> command.</summary>
internal static class Program
{
    /// <summary>Shows the stack of an unexpected failure, after its one-line message.</summary>
    private const string VerboseFlag = "--verbose";

    public static async Task<int> Main(string[] args)
    {
        var console = CliConsole.System();
        using var signals = StopSignals.Register(console.Error);
        return await RunAsync(args, console, signals).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one command line; returns the exit code: 0 done, 1 failed, 2 bad usage or configuration (including a
    /// checkpoint made with other settings or in use), 130 stopped at once. Nothing ends in an unhandled exception:
    /// a failure is one line naming what failed and where (<c>--verbose</c> adds the stack).
    /// </summary>
    /// <param name="probe">Told when each step of a batch is done (the crash tests' host passes one); null for none.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, StopSignals signals, ICommitProbe? probe = null)
    {
        var verbose = args.Contains(VerboseFlag, StringComparer.Ordinal);
        args = [.. args.Where(a => a != VerboseFlag)];
        var commands = Commands(probe ?? NoCommitProbe.Instance);
        if (args.Count == 0 || args[0] is "help" or "--help" or "-h")
        {
            await console.Out.WriteLineAsync(Overview(commands)).ConfigureAwait(false);
            return args.Count == 0 ? 2 : 0;
        }

        if (!commands.TryGetValue(args[0], out var command))
        {
            await console.Error.WriteLineAsync($"sparketl: unknown command \"{args[0]}\"; commands: {string.Join(", ", commands.Keys)}.").ConfigureAwait(false);
            return 2;
        }

        try
        {
            return await command.ExecuteAsync([.. args.Skip(1)], console, signals).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ConfigurationException or UsageException or CheckpointInUseException)
        {
            await console.Error.WriteLineAsync($"sparketl {args[0]}: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException) when (signals.Abort.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync($"sparketl {args[0]}: stopped.").ConfigureAwait(false);
            return 130;
        }
        catch (Exception e)
        {
            // SparkEtl's own failures name what failed and where; anything else is named by its kind and message.
            var message = e is SparkEtlException ? e.Message : $"{Describe(e)}: {e.Message}";
            await console.Error.WriteLineAsync($"sparketl {args[0]}: failed: {message}{(verbose ? "" : $" (run again with {VerboseFlag} for details)")}").ConfigureAwait(false);
            if (verbose)
            {
                await console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return 1;
        }
    }

    private static Dictionary<string, ICommand> Commands(ICommitProbe probe) => new(StringComparer.Ordinal)
    {
        ["run"] = new RunCommand(probe),
        ["settings"] = new SettingsCommand(),
        ["produce"] = new ProduceCommand(),
        ["catalog"] = new CatalogCommand(),
        ["demo"] = new DemoCommand(),
    };

    private static string Describe(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException or FileNotFoundException => "not found",
        IOException => "input/output error",
        OutOfMemoryException => "out of memory",
        _ => "unexpected error (" + e.GetType().Name + ")",
    };

    private static string Overview(Dictionary<string, ICommand> commands) =>
        "Usage: sparketl <command> [options]   ('sparketl <command> --help' for one command)\n\nCommands:\n"
        + string.Join("\n", commands.Select(c => $"  {c.Key,-10} {c.Value.Summary}"));
}
