namespace SparkEtl.Cli.Commands;

/// <summary>One <c>sparketl</c> sub-command.</summary>
internal interface ICommand
{
    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>The full help text.</summary>
    string Usage { get; }

    /// <summary>Runs the command; returns the process exit code.</summary>
    Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, StopSignals signals);
}
