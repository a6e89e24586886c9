using System.Diagnostics;
using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests.Kinesis;

/// <summary>The built sparketl as a child process with a given environment: run to the end, or started and stopped.</summary>
internal sealed class SparkEtlProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];

    private SparkEtlProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Runs <c>sparketl ARGS</c> to the end.</summary>
    public static Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var (program, leading) = SparkEtlChild.CommandFor(environment);
        return ChildProcess.RunAsync(program, [.. leading, .. args], environment: environment, timeout: TimeSpan.FromMinutes(2));
    }

    /// <summary>Starts <c>sparketl ARGS</c>, collecting what it prints line by line.</summary>
    public static SparkEtlProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var child = new SparkEtlProcess(SparkEtlChild.Start(args, environment));
        child._process.OutputDataReceived += (_, e) => child.Collect(child._stdout, e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Collect(child._stderr, e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The sum of numInputRows over the progress records (--progress json) printed so far.</summary>
    public long InputRows
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.Where(l => l.StartsWith('{')).Sum(l => JsonDocument.Parse(l).RootElement.GetProperty("numInputRows").GetInt64());
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>Polls until the job reports <paramref name="rows"/> input rows in its progress, or fails the test at the deadline.</summary>
    public async Task WaitForInputRowsAsync(long rows, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (InputRows < rows)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"sparketl exited ({_process.ExitCode}) before reading {rows} records:\n{StandardError}");
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"sparketl read {InputRows} of {rows} records in {timeout.TotalSeconds} s:\n{StandardError}");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls until standard error has a line <paramref name="match"/> accepts and returns it, or fails the test at the deadline.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            lock (_stderr)
            {
                if (_stderr.FirstOrDefault(match) is { } line)
                {
                    return line;
                }
            }

            if (_process.HasExited)
            {
                Assert.Fail($"sparketl exited ({_process.ExitCode}) before the line came:\n{StandardError}");
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"no such line in {timeout.TotalSeconds} s:\n{StandardError}");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends SIGTERM, or <paramref name="signal"/> (SIGINT = 2 stops a run alike: the batch in flight commits), and waits for the exit.</summary>
    public async Task<ProcessResult> StopAsync(int signal = 15)
    {
        SparkEtlChild.Signal(_process, signal);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Say where the run was when it did not stop: the last lines it wrote.
            _process.Kill(entireProcessTree: true);
            var tail = StandardError.Split('\n').TakeLast(40);
            Assert.Fail($"sparketl did not exit within a minute of signal {signal}; the last lines of its standard error:\n{string.Join('\n', tail)}");
        }

        lock (_stdout)
        {
            return new ProcessResult(_process.ExitCode, string.Join('\n', _stdout), StandardError);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Collect(List<string> lines, string? line)
    {
        if (line is not null)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }
}
