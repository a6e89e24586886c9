using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using SparkEtl.Cli.Commands;
using SparkEtl.Cli.Logging;
using SparkEtl.Core;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.Warehouse.Commit;

namespace SparkEtl.Cli;

/// <summary>The <c>sparketl</c> command.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var console = CliConsole.System();
        using var signals = StopSignals.Register(console.Error);
        return await RunAsync(args, console, signals).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one command line; returns the exit code: 0 done, 1 failed, 2 bad usage or configuration (including a
    /// checkpoint made with other settings or in use, and missing AWS credentials), 130 stopped at once. Nothing ends in an
    /// unhandled exception: a failure is one line naming what failed and where (<c>--verbose</c> adds the stack).
    /// </summary>
    /// <param name="probe">Told when each step of a batch is done (the crash tests' host passes one); null for none.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, StopSignals signals, ICommitProbe? probe = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var session = new CliSession(console, signals, probe ?? NoCommitProbe.Instance);
        var cli = new CommandLine(session);
        if (args.Count == 0)
        {
            cli.WriteHelp([], console.Out);
            return 2;
        }

        var parse = cli.Parse(args);
        var name = "sparketl" + (CommandLine.NameOf(parse) is { Length: > 0 } command ? " " + command : "");
        if (parse.Action is ParseErrorAction)
        {
            ReportUsage(parse, name, session);

            // A command that only groups others (catalog) shows what it groups.
            if (parse.CommandResult.Command is { Action: null, Subcommands.Count: > 0 } group && group != cli.Root)
            {
                cli.WriteHelp(name.Split(' ')[1..], console.Out);
            }

            return 2;
        }

        cli.ConfigureLogging(parse);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,

                // SIGINT and SIGTERM are StopSignals': the first lets the batch in flight commit.
                ProcessTerminationTimeout = null,
            }).ConfigureAwait(false);
        }
        catch (ConfigurationException e)
        {
            // Named as the user wrote the setting: --warehouse, window.size, SPARKETL_SOURCE, or its path in the conf file.
            var named = e.Origin is not null ? e
                : session.Layers?.OriginOf(e.Setting) is { } origin ? e.WithOrigin(origin)
                : AwsVariableOf(e) is { } variable ? e.WithOrigin(Core.Configuration.SettingOrigin.FromEnvironment(variable))
                : e;
            Report(session, name, named.Message, CliLog.InvalidConfiguration);
            return 2;
        }
        catch (Query.QueryFailedException e)
        {
            Report(session, name, "the query failed: " + e.Message, CliLog.InvalidConfiguration);
            return 2;
        }
        catch (UsageException e)
        {
            Report(session, name, e.Message, CliLog.InvalidConfiguration);
            return 2;
        }
        catch (AwsCredentialsException e)
        {
            Report(session, name, e.Message, CliLog.CredentialsMissing);
            return 2;
        }
        catch (CheckpointInUseException e)
        {
            Report(session, name, e.Message, CliLog.CheckpointInUse);
            return 2;
        }
        catch (OperationCanceledException) when (signals.Abort.IsCancellationRequested)
        {
            session.Diagnostics.EndLive();
            Report(session, name, "stopped.", CliLog.InvalidConfiguration, plainOnly: true);
            return 130;
        }
        catch (Exception e)
        {
            // SparkEtl's own failures name what failed and where; anything else is named by its kind and message.
            session.Diagnostics.EndLive();
            var message = e is SparkEtlException ? e.Message : $"{Describe(e)}: {e.Message}";
            if (session.LogFormat == LogFormat.Json)
            {
                CliLog.Failed(session.Log, name, message, session.Verbose ? e : null);
            }
            else
            {
                session.Diagnostics.WriteLine($"{name}: failed: {message}{(session.Verbose ? "" : " (run again with --verbose for details)")}");
                if (session.Verbose)
                {
                    session.Diagnostics.WriteLine(e.ToString());
                }
            }

            return 1;
        }
    }

    /// <summary>Reports a problem: one plain line in text mode, a log entry with its own event id in JSON mode.</summary>
    private static void Report(CliSession session, string command, string problem, Action<Microsoft.Extensions.Logging.ILogger, string, string> log, bool plainOnly = false)
    {
        session.Diagnostics.EndLive();
        if (session.LogFormat == LogFormat.Json && !plainOnly)
        {
            log(session.Log, command, problem);
        }
        else
        {
            session.Diagnostics.WriteLine($"{command}: {problem}");
        }
    }

    // Parse errors, each on a line, with the option or command the user most likely meant.
    private static void ReportUsage(ParseResult parse, string name, CliSession session)
    {
        foreach (var error in parse.Errors)
        {
            session.Diagnostics.WriteLine($"{name}: {error.Message}");
        }

        var known = parse.CommandResult.Command.Options.Where(o => !o.Hidden).Select(o => o.Name)
            .Concat(parse.CommandResult.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))
            .Concat(["--verbose", "--log-format", "--log-level"])
            .ToList();
        foreach (var token in parse.UnmatchedTokens)
        {
            if (Suggestions.Closest(token, known) is { } closest)
            {
                session.Diagnostics.WriteLine($"{name}: did you mean {closest} instead of {token}?");
            }
        }

        session.Diagnostics.WriteLine($"{name}: '{name} --help' lists what it takes{(known.Count > 0 ? ": " + string.Join(", ", known) : "")}.");
    }

    /// <summary>The AWS SDK variable an endpoint or region setting took its value from, when no SparkEtl setting set it.</summary>
    private static string? AwsVariableOf(ConfigurationException e)
    {
        string[] variables = e.Setting switch
        {
            "aws.kinesisEndpoint" => ["AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL"],
            "aws.s3Endpoint" => ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"],
            "aws.glueEndpoint" => ["AWS_ENDPOINT_URL_GLUE", "AWS_ENDPOINT_URL"],
            _ => [],
        };
        return variables.FirstOrDefault(v => Environment.GetEnvironmentVariable(v) is { Length: > 0 } value
            && e.Value is not null && value.TrimEnd('/') == e.Value.TrimEnd('/'));
    }

    private static string Describe(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException or FileNotFoundException => "not found",
        IOException => "input/output error",
        OutOfMemoryException => "out of memory",
        _ => "unexpected error (" + e.GetType().Name + ")",
    };
}
