using System.CommandLine;

namespace SparkEtl.Cli.Commands;

/// <summary>
/// One <c>sparketl</c> sub-command: its definition (name, options, arguments, help and completion, all in one place) with
/// its action. The program adds the commands to the root one by one, by an explicit list.
/// </summary>
internal interface ICommand
{
    /// <summary>The command, its options and its action (which returns the process exit code).</summary>
    Command Definition { get; }
}
