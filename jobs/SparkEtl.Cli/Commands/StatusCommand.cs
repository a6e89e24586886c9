using System.CommandLine;

namespace SparkEtl.Cli.Commands;

internal sealed class StatusCommand : ICommand
{
    public StatusCommand(CliSession session)
    {
        _ = session;
        Definition = new Command("status", "todo");
    }

    public Command Definition { get; }
}
