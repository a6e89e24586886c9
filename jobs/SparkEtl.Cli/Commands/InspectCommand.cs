using System.CommandLine;

namespace SparkEtl.Cli.Commands;

internal sealed class InspectCommand : ICommand
{
    public InspectCommand(CliSession session)
    {
        _ = session;
        Definition = new Command("inspect", "todo");
    }

    public Command Definition { get; }
}
