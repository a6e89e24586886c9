using SparkEtl.Aws;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core;
using SparkEtl.Runner.Sources.Kinesis.Internal;

namespace SparkEtl.Runner.Sources.Kinesis;

/// <summary>
/// The check a Kinesis reader or writer makes before any work: that credentials resolve and are accepted, the
/// endpoint answers, and the stream exists and can be used. Each failure is a <see cref="ConfigurationException"/>
/// naming the setting to fix.
/// </summary>
public static class KinesisStreamCheck
{
    // Answers that say the credentials were refused (Kinesis API reference, common errors).
    private static readonly HashSet<string> CredentialErrors = new(StringComparer.Ordinal)
    {
        "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature", "MissingAuthenticationToken",
        "AccessDeniedException", "ExpiredTokenException", "InvalidClientTokenId", "NotAuthorized",
    };

    /// <summary>
    /// Describes <paramref name="streamName"/> (<c>DescribeStreamSummary</c>) and returns it when it is ACTIVE or
    /// UPDATING. A missing stream is reported against <paramref name="setting"/> = <paramref name="value"/>
    /// (e.g. <c>source</c> = <c>kinesis:tickers</c>).
    /// </summary>
    public static async Task<KinesisStreamSummary> EnsureUsableAsync(KinesisClient client, string streamName, string setting, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        // A reset, a timeout or a 5xx is a working endpoint having a bad moment: it is tried again, up to about ten
        // seconds. Only an endpoint that cannot be reached at all (no such host, nothing listening) is a setting to fix.
        var retry = new KinesisRetry(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), maxTransientAttempts: 10, new KinesisReadStats());
        KinesisStreamSummary summary;
        try
        {
            summary = await retry.RunAsync(ct => DescribeAsync(client, streamName, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            throw new ConfigurationException(setting, value, $"an existing Kinesis stream in {client.Region} at {client.Endpoint}");
        }
        catch (AwsServiceException e) when (e.ErrorCode is not null && CredentialErrors.Contains(e.ErrorCode))
        {
            throw new AwsCredentialsException(
                $"Kinesis refused the AWS credentials ({e.ErrorCode}) in {client.Region} at {client.Endpoint}: {e.ServiceMessage}. Use credentials Kinesis accepts (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a container or instance role).",
                e.ErrorCode,
                e);
        }
        catch (AwsServiceException e) when (e.StatusCode is null && IsUnreachable(e))
        {
            throw new ConfigurationException("aws.kinesisEndpoint", client.Endpoint.ToString(),
                $"a Kinesis endpoint that answers ({e.ServiceMessage}); set aws.kinesisEndpoint, AWS_ENDPOINT_URL_KINESIS or AWS_ENDPOINT_URL, or none of them for the regional endpoint");
        }

        if (!summary.IsUsable)
        {
            throw new ConfigurationException(setting, value, $"a Kinesis stream that is ACTIVE or UPDATING; {streamName} is {summary.StreamStatus}");
        }

        return summary;
    }

    // An unreachable endpoint is tried three times, not ten: a wrong endpoint is reported within a second.
    private static async Task<KinesisStreamSummary> DescribeAsync(KinesisClient client, string streamName, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.DescribeStreamSummaryAsync(streamName, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (IsUnreachable(e) && attempt < 3 && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // True when no connection could be made: the host name does not resolve or nothing listens at the address.
    private static bool IsUnreachable(AwsServiceException e)
    {
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                case System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused
                    or System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData
                    or System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable }:
                    return true;
            }
        }

        return false;
    }
}
