namespace SparkEtl.Cli.Logging;

/// <summary>
/// The one writer of standard error: log entries, progress lines and the live line that a terminal redraws in place. A
/// log entry written while the live line is shown goes above it, and the live line is drawn again below. Every line
/// passes the <see cref="SecretRedactor"/>.
/// </summary>
internal sealed class DiagnosticsWriter(TextWriter error, bool terminal, SecretRedactor redactor)
{
    private const string ClearLine = "\r\u001b[2K";
    private readonly Lock _gate = new();
    private string? _live;

    /// <summary>True when standard error is a terminal, so a line can be redrawn in place.</summary>
    public bool IsTerminal { get; } = terminal;

    /// <summary>Writes one whole line.</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            if (_live is not null)
            {
                error.Write(ClearLine);
            }

            error.WriteLine(redactor.Redact(line));
            if (_live is not null)
            {
                error.Write(_live);
            }

            error.Flush();
        }
    }

    /// <summary>Shows <paramref name="line"/> as the live line: redrawn in place on a terminal, else written as a line.</summary>
    public void SetLive(string line)
    {
        if (!IsTerminal)
        {
            WriteLine(line);
            return;
        }

        lock (_gate)
        {
            _live = redactor.Redact(line);
            error.Write(ClearLine + _live);
            error.Flush();
        }
    }

    /// <summary>Ends the live line, so what follows starts on a line of its own.</summary>
    public void EndLive()
    {
        lock (_gate)
        {
            if (_live is not null)
            {
                error.WriteLine();
                error.Flush();
                _live = null;
            }
        }
    }
}
