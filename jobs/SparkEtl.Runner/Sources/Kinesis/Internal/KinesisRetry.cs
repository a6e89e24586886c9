using SparkEtl.Aws;
using SparkEtl.Core;

namespace SparkEtl.Runner.Sources.Kinesis.Internal;

/// <summary>
/// Runs a Kinesis call again while it fails with a transient error, waiting with exponential backoff and full
/// jitter (uniform in [0, min(max, base × 2^(n-1))]) before retry n. Throttling is waited out however long it lasts,
/// since it only says "slower"; other transient errors (5xx, timeouts, broken connections) are tried a bounded
/// number of times. The source's client sends each request once, so this is the only retry layer and sees
/// every throttle.
/// </summary>
internal sealed class KinesisRetry
{
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly int _maxTransientAttempts;
    private readonly KinesisReadStats _stats;

    public KinesisRetry(TimeSpan baseDelay, TimeSpan maxDelay, int maxTransientAttempts, KinesisReadStats stats)
    {
        if (baseDelay < TimeSpan.Zero || maxDelay < baseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDelay), $"0 <= base delay <= max delay, got {baseDelay}..{maxDelay}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxTransientAttempts, 1);
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _maxTransientAttempts = maxTransientAttempts;
        _stats = stats;
    }

    /// <summary>True for the answers Kinesis gives a client that calls too fast.</summary>
    public static bool IsThrottling(Exception e) =>
        e is AwsServiceException { ErrorCode: "ProvisionedThroughputExceededException" or "LimitExceededException" };

    /// <summary>The longest wait before retry <paramref name="retry"/> (1-based).</summary>
    public TimeSpan Ceiling(int retry)
    {
        var ticks = Math.Min((double)_maxDelay.Ticks, _baseDelay.Ticks * Math.Pow(2, Math.Min(retry - 1, 30)));
        return TimeSpan.FromTicks((long)ticks);
    }

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (SparkEtlException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested
                && (IsThrottling(e) || attempt < _maxTransientAttempts))
            {
                await BackOffAsync(e, attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits before retry <paramref name="attempt"/> after <paramref name="failure"/>, counting throttles.</summary>
    public Task BackOffAsync(Exception failure, int attempt, CancellationToken cancellationToken)
    {
        if (IsThrottling(failure))
        {
            _stats.AddThrottled();
        }

        // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, ceiling].
        var wait = TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * Ceiling(attempt).Ticks));
        return Task.Delay(wait, cancellationToken);
    }
}
