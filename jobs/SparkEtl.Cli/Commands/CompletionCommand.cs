using System.CommandLine;

namespace SparkEtl.Cli.Commands;

/// <summary>
/// <c>sparketl completion bash</c>: prints a bash completion script. The script asks sparketl itself for the candidates
/// (System.CommandLine's <c>[suggest]</c> directive), so completion knows every command, option and value the
/// definitions declare, setting paths after <c>--set</c> included.
/// </summary>
internal sealed class CompletionCommand : ICommand
{
    /// <summary>The bash script; <c>eval "$(sparketl completion bash)"</c> in <c>~/.bashrc</c> installs it.</summary>
    public const string BashScript = """
        # sparketl completion for bash: eval "$(sparketl completion bash)"
        _sparketl_complete() {
            local program=${COMP_WORDS[0]} before=${COMP_LINE:0:COMP_POINT}
            local line=${before#"$program"}
            line=${line# }
            local IFS=$'\n'
            COMPREPLY=($("$program" "[suggest:${#line}]" "$line" 2>/dev/null))
        }
        complete -o default -F _sparketl_complete sparketl scripts/sparketl
        """;

    private readonly CliSession _session;

    public CompletionCommand(CliSession session)
    {
        _session = session;
        var shell = new Argument<string>("shell") { Description = "The shell: bash." };
        shell.AcceptOnlyFromAmong("bash");
        Definition = new Command("completion", """
            Print a shell completion script: eval "$(sparketl completion bash)" (in ~/.bashrc) completes commands, options,
            their values and setting paths.
            """);
        Definition.Arguments.Add(shell);
        Definition.SetAction(_ =>
        {
            _session.Console.Out.WriteLine(BashScript);
            return 0;
        });
    }

    public Command Definition { get; }
}
