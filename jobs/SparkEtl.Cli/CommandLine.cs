using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;
using SparkEtl.Cli.Commands;
using SparkEtl.Cli.Logging;

namespace SparkEtl.Cli;

/// <summary>
/// The <c>sparketl</c> command tree on System.CommandLine: the commands, by an explicit list, and the options every command
/// takes (<c>--verbose</c>, <c>--log-format</c>, <c>--log-level</c>). Help, validation and shell completion all come from
/// these definitions.
/// </summary>
internal sealed class CommandLine
{
    private static readonly ParserConfiguration Parsing = new()
    {
        // A value that starts with '@' is a path or a name, never a response file.
        ResponseFileTokenReplacer = null,
    };

    public CommandLine(CliSession session)
    {
        Session = session;
        LogFormatOption.AcceptOnlyFromAmong("text", "json");
        LogLevelOption.AcceptOnlyFromAmong("trace", "debug", "information", "warning", "error", "none");
        Root = new RootCommand("SparkEtl: a streaming ETL job for Kinesis ticker records, on the embedded engine.") { HelpName = "sparketl" };
        Root.Options.Add(Verbose);
        Root.Options.Add(LogFormatOption);
        Root.Options.Add(LogLevelOption);

        // The commands, in the order help lists them.
        ICommand[] commands =
        [
            new RunCommand(session),
            new StatusCommand(session),
            new QueryCommand(session),
            new InspectCommand(session),
            new CaptureCommand(session),
            new ProduceCommand(session),
            new DemoCommand(session),
            new CatalogCommand(session),
            new MaintainCommand(session),
            new SettingsCommand(session),
            new CompletionCommand(session),
        ];
        foreach (var command in commands)
        {
            Root.Subcommands.Add(command.Definition);
        }

        Root.Subcommands.Add(HelpCommand());
    }

    public CliSession Session { get; }

    public RootCommand Root { get; }

    /// <summary>Adds the stack of an unexpected failure after its one-line message.</summary>
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "On an unexpected failure, print the stack trace after the one-line message.",
        Recursive = true,
    };

    public Option<string> LogFormatOption { get; } = new("--log-format")
    {
        Description = "How the log on standard error is written: text (readable lines) or json (one JSON object per line, for CloudWatch Logs). Default: text.",
        HelpName = "text|json",
        Recursive = true,
    };

    public Option<string> LogLevelOption { get; } = new("--log-level")
    {
        Description = "The least level logged: trace, debug, information, warning, error or none. Default: information.",
        HelpName = "LEVEL",
        Recursive = true,
    };

    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(args, Parsing);

    /// <summary>True when the command line sets <c>--log-level</c> (a command's own quiet mode then leaves it alone).</summary>
    public static bool LogLevelGiven(ParseResult parse) =>
        parse.GetResult("--log-level") is OptionResult { Implicit: false };

    /// <summary>Sets the session's logging from the parsed options.</summary>
    public void ConfigureLogging(ParseResult parse)
    {
        var format = parse.GetValue(LogFormatOption) == "json" ? LogFormat.Json : LogFormat.Text;
        var level = parse.GetValue(LogLevelOption) switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "none" => LogLevel.None,
            _ => LogLevel.Information,
        };
        Session.ConfigureLogging(format, level);
        Session.Verbose = parse.GetValue(Verbose);
    }

    /// <summary>The command's name as messages start with it: <c>run</c>, <c>catalog ddl</c>.</summary>
    public static string NameOf(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
        {
            if (result is CommandResult { Parent: not null } command)
            {
                names.Insert(0, command.Command.Name);
            }
        }

        return string.Join(' ', names);
    }

    /// <summary>Writes the help of the command <paramref name="names"/> leads to (none: the root's).</summary>
    public void WriteHelp(IReadOnlyList<string> names, TextWriter output) =>
        Parse([.. names, "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });

    // 'sparketl help [COMMAND...]', as the CLI has always taken it.
    private Command HelpCommand()
    {
        var names = new Argument<string[]>("command") { Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "Show the help of sparketl or of a command.") { Hidden = true };
        help.Arguments.Add(names);
        help.SetAction(parse =>
        {
            Command command = Root;
            var path = parse.GetValue(names) ?? [];
            foreach (var name in path)
            {
                command = command.Subcommands.FirstOrDefault(c => c.Name == name && !c.Hidden)
                    ?? throw new UsageException($"sparketl has no command \"{string.Join(' ', path)}\"; 'sparketl --help' lists them.");
            }

            WriteHelp(path, Session.Console.Out);
            return 0;
        });
        return help;
    }
}
