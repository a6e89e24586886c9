using System.CommandLine;

namespace SparkEtl.Cli.Commands;

internal sealed class CaptureCommand : ICommand
{
    public CaptureCommand(CliSession session)
    {
        _ = session;
        Definition = new Command("capture", "todo");
    }

    public Command Definition { get; }
}
