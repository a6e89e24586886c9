using System.Diagnostics;

namespace SparkEtl.Runner.Sources.Kinesis.Internal;

/// <summary>
/// Keeps one shard's GetRecords calls within its limits: at least <c>minInterval</c> between calls (5 per second),
/// and after a call that returned B bytes, at least B / <c>bytesPerSecond</c> before the next (2 MiB/s on average:
/// a call may return up to 10 MiB, after which Kinesis throttles the shard for the next 5 seconds).
/// </summary>
internal sealed class ShardReadPacer
{
    private readonly TimeSpan _minInterval;
    private readonly long _bytesPerSecond;
    private long _nextCallTimestamp;

    public ShardReadPacer(TimeSpan minInterval, long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        _minInterval = minInterval;
        _bytesPerSecond = bytesPerSecond;
        _nextCallTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>How long after a call that returned <paramref name="bytes"/> the next one may go.</summary>
    public static TimeSpan IntervalAfter(long bytes, TimeSpan minInterval, long bytesPerSecond)
    {
        var forBytes = TimeSpan.FromSeconds((double)bytes / bytesPerSecond);
        return forBytes > minInterval ? forBytes : minInterval;
    }

    /// <summary>Waits until the next call is allowed.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _nextCallTimestamp);
        return remaining > TimeSpan.Zero ? Task.Delay(remaining, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>
    /// A call ended now, having returned <paramref name="bytes"/> of data (0 when it failed: a refused call still
    /// counts against the shard's 5 calls per second).
    /// </summary>
    public void CallEnded(long bytes) =>
        _nextCallTimestamp = Stopwatch.GetTimestamp() + (long)(IntervalAfter(bytes, _minInterval, _bytesPerSecond).TotalSeconds * Stopwatch.Frequency);
}
