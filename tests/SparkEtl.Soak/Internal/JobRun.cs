using System.Diagnostics;

namespace SparkEtl.Soak.Internal;

/// <summary>One run of <c>sparketl</c> as a child process; each line it prints goes to a callback.</summary>
internal sealed class JobRun : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private JobRun(int index, Process process)
    {
        Index = index;
        _process = process;
    }

    /// <summary>1 for the first run of the soak, and so on.</summary>
    public int Index { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines it printed that were not progress records (for a report of an unexpected exit).</summary>
    public IReadOnlyList<string> Tail
    {
        get
        {
            lock (_tail)
            {
                return [.. _tail];
            }
        }
    }

    /// <summary>Starts <c>dotnet SPARKETL_DLL ARGS</c> with the environment given (a null value unsets a variable).</summary>
    public static JobRun Start(int index, string assembly, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, Action<JobRun, string> onLine)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info };
        var run = new JobRun(index, process);
        process.OutputDataReceived += (_, e) => run.Receive(e.Data, onLine);
        process.ErrorDataReceived += (_, e) => run.Receive(e.Data, onLine);
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start sparketl.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Waits for the exit (and the last lines of output).</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGKILL: the run dies where it is, mid-batch or not.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It exited already.
        }
    }

    /// <summary>SIGTERM: the batch in flight commits, then the run exits 0.</summary>
    public bool Terminate() => !_process.HasExited && PosixSignal.Send(_process.Id, PosixSignal.Terminate);

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Receive(string? line, Action<JobRun, string> onLine)
    {
        if (line is null)
        {
            return;
        }

        if (!line.StartsWith('{'))
        {
            lock (_tail)
            {
                _tail.Enqueue(line);
                if (_tail.Count > 8)
                {
                    _tail.Dequeue();
                }
            }
        }

        onLine(this, line);
    }
}
