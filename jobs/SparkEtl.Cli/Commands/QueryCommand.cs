using System.CommandLine;

namespace SparkEtl.Cli.Commands;

internal sealed class QueryCommand : ICommand
{
    public QueryCommand(CliSession session)
    {
        _ = session;
        Definition = new Command("query", "todo");
    }

    public Command Definition { get; }
}
