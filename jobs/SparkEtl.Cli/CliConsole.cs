namespace SparkEtl.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, progress and problems to <see cref="Error"/>.</summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, bool errorIsTerminal)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>True when progress can be redrawn in place (standard error is a terminal).</summary>
    public bool ErrorIsTerminal { get; } = errorIsTerminal;

    public static CliConsole System() =>
        new(global::System.Console.Out, global::System.Console.Error, !global::System.Console.IsErrorRedirected);
}
