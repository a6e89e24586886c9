using System.Diagnostics;
using System.Globalization;

namespace SparkEtl.Soak.Internal;

/// <summary>
/// Keeps one run of the job alive, as a scheduler would, and kills it with SIGKILL at random moments (a life drawn
/// between <see cref="SoakOptions.ShortestLife"/> and <see cref="SoakOptions.LongestLife"/>), restarting it at once.
/// At the end it lets the job drain and stops it with SIGTERM. Every line the runs print goes to <c>job.log</c>; the
/// progress records are read for the batches committed and for what the job has read.
/// </summary>
internal sealed class JobSupervisor : IDisposable
{
    private readonly string _assembly;
    private readonly IReadOnlyList<string> _arguments;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly SoakOptions _options;
    private readonly Random _random;
    private readonly TextWriter _log;
    private readonly StreamWriter _jobLog;
    private readonly Lock _sync = new();
    private readonly List<UnexpectedExit> _unexpectedExits = [];
    private JobRun? _run;
    private BatchProgress? _lastProgress;
    private long _maxBatchId = -1;
    private long _progressRecords;
    private long _replayed;
    private long _leftoversDeleted;

    public JobSupervisor(string assembly, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, SoakOptions options, Random random, string logPath, TextWriter log)
    {
        _assembly = assembly;
        _arguments = arguments;
        _environment = environment;
        _options = options;
        _random = random;
        _log = log;
        _jobLog = new StreamWriter(logPath) { AutoFlush = true };
    }

    /// <summary>Runs started.</summary>
    public int Starts { get; private set; }

    /// <summary>Runs killed with SIGKILL.</summary>
    public int Kills { get; private set; }

    /// <summary>The highest batch id a progress record showed committed, or -1.</summary>
    public long MaxBatchId
    {
        get
        {
            lock (_sync)
            {
                return _maxBatchId;
            }
        }
    }

    /// <summary>Progress records seen: one per committed batch (an attempt killed before its commit prints none).</summary>
    public long ProgressRecords
    {
        get
        {
            lock (_sync)
            {
                return _progressRecords;
            }
        }
    }

    /// <summary>Batches committed by a run that read them again from their checkpointed offsets.</summary>
    public long ReplayedBatches
    {
        get
        {
            lock (_sync)
            {
                return _replayed;
            }
        }
    }

    /// <summary>Files of crashed attempts that replays deleted before committing.</summary>
    public long LeftoversDeleted
    {
        get
        {
            lock (_sync)
            {
                return _leftoversDeleted;
            }
        }
    }

    public IReadOnlyList<UnexpectedExit> UnexpectedExits
    {
        get
        {
            lock (_sync)
            {
                return [.. _unexpectedExits];
            }
        }
    }

    /// <summary>Keeps the job running and kills it at random until <paramref name="stopKilling"/>; the last run is left running.</summary>
    public async Task RunWithKillsAsync(CancellationToken stopKilling)
    {
        while (!stopKilling.IsCancellationRequested)
        {
            var run = EnsureRunning();
            var life = NextLife();
            var exited = run.WaitForExitAsync(CancellationToken.None);
            var alarm = Task.Delay(life, stopKilling);
            if (await Task.WhenAny(exited, alarm).ConfigureAwait(false) == exited)
            {
                await NoteUnexpectedExitAsync(run).ConfigureAwait(false);
                continue;
            }

            if (stopKilling.IsCancellationRequested)
            {
                break;
            }

            run.Kill();
            await exited.ConfigureAwait(false);
            Kills++;
            Note(run, string.Create(CultureInfo.InvariantCulture, $"SIGKILL after {life.TotalSeconds:F1} s"));
        }
    }

    /// <summary>
    /// Lets the job run until a progress record shows every shard read up to <paramref name="lastSequenceNumbers"/> and a
    /// watermark at or past <paramref name="watermarkAtLeastMs"/>, restarting it if it ends on its own; then SIGTERM.
    /// Returns the last run's exit code, or null when the job did not get there within <see cref="SoakOptions.DrainTimeout"/>.
    /// </summary>
    public async Task<int?> DrainAsync(IReadOnlyDictionary<string, string> lastSequenceNumbers, long watermarkAtLeastMs, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!Drained(lastSequenceNumbers, watermarkAtLeastMs))
        {
            if (clock.Elapsed > _options.DrainTimeout)
            {
                await _log.WriteLineAsync($"soak: the job did not drain within {_options.DrainTimeout}").ConfigureAwait(false);
                _run?.Kill();
                return null;
            }

            if (_run is { HasExited: true } ended)
            {
                await NoteUnexpectedExitAsync(ended).ConfigureAwait(false);
            }

            EnsureRunning();
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        var run = _run!;
        await _log.WriteLineAsync($"soak: drained in {clock.Elapsed.TotalSeconds:F1} s (batch {MaxBatchId}); SIGTERM to run {run.Index}").ConfigureAwait(false);
        run.Terminate();
        using var grace = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await run.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Note(run, "did not exit within 2 minutes of SIGTERM; SIGKILL");
            run.Kill();
            await run.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return -1;
        }

        Note(run, string.Create(CultureInfo.InvariantCulture, $"exited {run.ExitCode} after SIGTERM"));
        return run.ExitCode;
    }

    public void Dispose()
    {
        _run?.Dispose();
        _jobLog.Dispose();
    }

    private bool Drained(IReadOnlyDictionary<string, string> lastSequenceNumbers, long watermarkAtLeastMs)
    {
        lock (_sync)
        {
            return _lastProgress is { } last && last.HasRead(lastSequenceNumbers) && last.WatermarkMs >= watermarkAtLeastMs;
        }
    }

    private JobRun EnsureRunning()
    {
        if (_run is { HasExited: false } alive)
        {
            return alive;
        }

        _run?.Dispose();
        Starts++;
        _run = JobRun.Start(Starts, _assembly, _arguments, _environment, OnLine);
        Note(_run, "started");
        return _run;
    }

    private async Task NoteUnexpectedExitAsync(JobRun run)
    {
        var exit = new UnexpectedExit(run.Index, run.ExitCode, run.Tail);
        lock (_sync)
        {
            _unexpectedExits.Add(exit);
        }

        Note(run, string.Create(CultureInfo.InvariantCulture, $"exited {run.ExitCode} on its own"));
        await _log.WriteLineAsync($"soak: run {run.Index} of the job exited {run.ExitCode} on its own: {string.Join(" | ", exit.LastLines.TakeLast(3))}").ConfigureAwait(false);
    }

    /// <summary>Three lives in four from the first third of the range (several kills a minute), the rest from the other two thirds.</summary>
    private TimeSpan NextLife()
    {
        var shortest = _options.ShortestLife.TotalMilliseconds;
        var span = _options.LongestLife.TotalMilliseconds - shortest;
        var draw = _random.NextDouble();
        var fraction = draw < 0.75 ? draw / 0.75 / 3 : (1.0 / 3) + ((draw - 0.75) / 0.25 * 2 / 3);
        return TimeSpan.FromMilliseconds(shortest + (span * fraction));
    }

    private void OnLine(JobRun run, string line)
    {
        if (BatchProgress.TryParse(line) is { } progress)
        {
            lock (_sync)
            {
                _lastProgress = progress;
                _maxBatchId = Math.Max(_maxBatchId, progress.BatchId);
                _progressRecords++;
                _replayed += progress.Replayed ? 1 : 0;
                _leftoversDeleted += progress.LeftoversDeleted;
            }
        }

        Note(run, line);
    }

    private void Note(JobRun run, string line)
    {
        lock (_jobLog)
        {
            _jobLog.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} [run {run.Index}] {line}"));
        }
    }
}
