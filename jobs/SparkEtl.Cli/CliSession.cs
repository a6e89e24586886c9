using Microsoft.Extensions.Logging;
using SparkEtl.Cli.Logging;
using SparkEtl.Cli.Logging.Internal;
using SparkEtl.Core.Configuration;
using SparkEtl.Warehouse.Commit;

namespace SparkEtl.Cli;

/// <summary>
/// One invocation of <c>sparketl</c>: where it writes, the stop signals, the crash tests' probe, its logging (set up from
/// <c>--log-format</c> and <c>--log-level</c> once they are parsed) and the settings layers it loaded, so a message about a
/// setting can name it as the user wrote it.
/// </summary>
internal sealed class CliSession
{
    public CliSession(CliConsole console, StopSignals signals, ICommitProbe probe)
    {
        Console = console;
        Signals = signals;
        Probe = probe;
        Diagnostics = new DiagnosticsWriter(console.Error, console.ErrorIsTerminal, SecretRedactor.FromEnvironment());
        ConfigureLogging(LogFormat.Text, LogLevel.Information);
    }

    public CliConsole Console { get; }

    public StopSignals Signals { get; }

    public ICommitProbe Probe { get; }

    /// <summary>Standard error: log entries, progress and the live line.</summary>
    public DiagnosticsWriter Diagnostics { get; }

    public ILogger Log { get; private set; } = null!;

    public LogFormat LogFormat { get; private set; }

    /// <summary>Stack traces of unexpected failures (<c>--verbose</c>).</summary>
    public bool Verbose { get; set; }

    /// <summary>The settings the command loaded, or null before it loaded any.</summary>
    public SettingsLayers? Layers { get; set; }

    public void ConfigureLogging(LogFormat format, LogLevel minimum)
    {
        LogFormat = format;
        Log = new CliLogger(Diagnostics, format, minimum, TimeProvider.System);
    }
}
