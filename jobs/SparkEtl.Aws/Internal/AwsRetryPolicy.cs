using SparkEtl.Core;

namespace SparkEtl.Aws.Internal;

/// <summary>
/// Retries an operation while it fails with a transient <see cref="SparkEtlException"/>, up to
/// <see cref="AwsClientOptions.MaxAttempts"/> attempts, waiting with exponential backoff and full jitter between
/// attempts. Anything else (non-transient errors, cancellation by the caller) propagates at once.
/// </summary>
internal sealed class AwsRetryPolicy
{
    private readonly int _maxAttempts;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public AwsRetryPolicy(AwsClientOptions options)
    {
        if (options.MaxAttempts < 1)
        {
            throw new ConfigurationException("aws.maxAttempts", options.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture), "an integer of at least 1");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            throw new ConfigurationException("aws.retryDelay", $"{options.RetryBaseDelay}..{options.RetryMaxDelay}", "0 <= base delay <= max delay");
        }

        _maxAttempts = options.MaxAttempts;
        _baseDelay = options.RetryBaseDelay;
        _maxDelay = options.RetryMaxDelay;
        _delay = options.Delay;
    }

    /// <summary>The longest wait before retry <paramref name="retry"/> (1-based): min(max, base × 2^(retry-1)).</summary>
    public TimeSpan BackoffCeiling(int retry)
    {
        var exponent = Math.Min(retry - 1, 30);
        var ticks = Math.Min((double)_maxDelay.Ticks, _baseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)ticks);
    }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await operation(cancellationToken).ConfigureAwait(false);
            }
            catch (SparkEtlException e) when (e.IsTransient && attempt < _maxAttempts && !cancellationToken.IsCancellationRequested)
            {
                // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, ceiling].
                var ceiling = BackoffCeiling(attempt);
                var wait = TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * ceiling.Ticks));
                await _delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
