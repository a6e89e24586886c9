using System.Runtime.InteropServices;

namespace SparkEtl.Cli;

/// <summary>
/// SIGINT and SIGTERM as a streaming job should take them: the first asks the query to stop after the
/// batch in flight commits (<see cref="Stop"/>); the second stops at once (<see cref="Abort"/>), leaving
/// that batch uncommitted so the next run replays it. Either way nothing is lost or written twice.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TextWriter _error;
    private int _signals;

    /// <summary>
    /// Told of each signal instead of the line written to standard error: the signal's name, and whether it stops at once.
    /// A command that logs sets it, so the signal is logged like everything else.
    /// </summary>
    public Action<string, bool>? Notify { get; set; }

    private StopSignals(TextWriter error)
    {
        _error = error;
    }

    /// <summary>Signalled by the first SIGINT or SIGTERM: finish the batch in flight, then stop.</summary>
    public CancellationToken Stop => _stop.Token;

    /// <summary>Signalled by the second: stop now.</summary>
    public CancellationToken Abort => _abort.Token;

    /// <summary>Tokens that are never signalled, for running commands in-process (tests).</summary>
    public static StopSignals None() => new(TextWriter.Null);

    /// <summary>Handles SIGINT and SIGTERM for this process from now on.</summary>
    public static StopSignals Register(TextWriter error)
    {
        var signals = new StopSignals(error);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            signals._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // Keep the runtime from ending the process; the query ends it cleanly.
                context.Cancel = true;
                signals.Received(context.Signal);
            }));
        }

        return signals;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
        _abort.Dispose();
    }

    private void Received(PosixSignal signal)
    {
        var first = Interlocked.Increment(ref _signals) == 1;
        if (Notify is { } notify)
        {
            notify(signal.ToString(), !first);
        }
        else if (first)
        {
            _error.WriteLine($"sparketl: {signal}: stopping after the batch in flight commits (send it again to stop at once).");
        }
        else
        {
            _error.WriteLine($"sparketl: {signal}: stopping now; the batch in flight stays uncommitted and is replayed by the next run.");
        }

        _stop.Cancel();
        if (!first)
        {
            _abort.Cancel();
        }
    }
}
