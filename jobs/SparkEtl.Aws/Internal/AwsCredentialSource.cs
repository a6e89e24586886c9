using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using SparkEtl.Core;

namespace SparkEtl.Aws.Internal;

/// <summary>
/// The credentials a client signs with: the configured ones, or those AWSSDK.Core's default chain resolves
/// (environment, web identity, profiles with assume-role/SSO, container and instance roles). The chain is walked
/// once; the credentials object it returns refreshes itself (e.g. role sessions) on later calls.
/// </summary>
internal sealed class AwsCredentialSource : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DefaultAWSCredentialsIdentityResolver? _resolver;
    private AWSCredentials? _credentials;

    public AwsCredentialSource(AWSCredentials? credentials)
    {
        _credentials = credentials;
        _resolver = credentials is null ? new DefaultAWSCredentialsIdentityResolver() : null;
    }

    public async Task<ImmutableCredentials> GetAsync(CancellationToken cancellationToken)
    {
        var credentials = _credentials ?? await ResolveAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            throw new SparkEtlException($"Could not get AWS credentials from {credentials.GetType().Name}: {e.Message}", isTransient: true, e);
        }
    }

    public void Dispose()
    {
        _resolver?.Dispose();
        _gate.Dispose();
    }

    private async Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_credentials is null)
            {
                try
                {
                    _credentials = await _resolver!.ResolveIdentityAsync(null, cancellationToken).ConfigureAwait(false);
                }
                catch (AmazonClientException e)
                {
                    throw new AwsCredentialsException(
                        "No AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run with a container or instance role. " + e.Message.Trim(),
                        innerException: e);
                }
            }

            return _credentials;
        }
        finally
        {
            _gate.Release();
        }
    }
}
