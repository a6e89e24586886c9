using SparkEtl.Cli.Commands;
using SparkEtl.Core;

namespace SparkEtl.Cli;

/// <summary>The <c>sparketl</c> command.</summary>
internal static class Program
{
    private static readonly Dictionary<string, ICommand> Commands = new(StringComparer.Ordinal)
    {
        ["run"] = new RunCommand(),
        ["settings"] = new SettingsCommand(),
        ["produce"] = new ProduceCommand(),
        ["catalog"] = new CatalogCommand(),
        ["demo"] = new DemoCommand(),
    };

    public static async Task<int> Main(string[] args)
    {
        var console = CliConsole.System();
        using var signals = StopSignals.Register(console.Error);
        return await RunAsync(args, console, signals).ConfigureAwait(false);
    }

    /// <summary>Runs one command line; returns the exit code (0 done, 1 failed, 2 bad usage or configuration, 130 stopped at once).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, StopSignals signals)
    {
        if (args.Count == 0 || args[0] is "help" or "--help" or "-h")
        {
            await console.Out.WriteLineAsync(Overview()).ConfigureAwait(false);
            return args.Count == 0 ? 2 : 0;
        }

        if (!Commands.TryGetValue(args[0], out var command))
        {
            await console.Error.WriteLineAsync($"sparketl: unknown command \"{args[0]}\"; commands: {string.Join(", ", Commands.Keys)}.").ConfigureAwait(false);
            return 2;
        }

        try
        {
            return await command.ExecuteAsync([.. args.Skip(1)], console, signals).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ConfigurationException or UsageException)
        {
            await console.Error.WriteLineAsync($"sparketl {args[0]}: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException) when (signals.Abort.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync($"sparketl {args[0]}: stopped.").ConfigureAwait(false);
            return 130;
        }
        catch (SparkEtlException e)
        {
            await console.Error.WriteLineAsync($"sparketl {args[0]}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static string Overview() =>
        "Usage: sparketl <command> [options]   ('sparketl <command> --help' for one command)\n\nCommands:\n"
        + string.Join("\n", Commands.Select(c => $"  {c.Key,-10} {c.Value.Summary}"));
}
