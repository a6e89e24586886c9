using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace SparkEtl.Aws.Internal;

/// <summary>
/// Signs a request with AWS Signature Version 4 through AWSSDK.Core's own signer (<see cref="AWS4Signer"/>), so the
/// canonical request, the string to sign and the key derivation are the SDK's, not ours.
/// </summary>
internal sealed class AwsRequestSigner
{
    private readonly AWS4Signer _signer = new(signPayload: true);
    private readonly SigningConfig _config;
    private readonly string _serviceName;
    private readonly string _region;

    public AwsRequestSigner(string signingName, string region)
    {
        _serviceName = signingName;
        _region = region;
        _config = new SigningConfig(signingName, region);
    }

    /// <summary>
    /// Returns the headers to send: <paramref name="headers"/> plus <c>Host</c>, <c>X-Amz-Date</c>,
    /// <c>X-Amz-Content-SHA256</c>, <c>X-Amz-Security-Token</c> (session credentials) and <c>Authorization</c>.
    /// All of <paramref name="headers"/> are signed.
    /// </summary>
    public IDictionary<string, string> Sign(
        Uri endpoint,
        IReadOnlyDictionary<string, string> headers,
        byte[] body,
        ImmutableCredentials credentials,
        DateTime? signedAt = null)
    {
        using var request = new DefaultRequest(new SignedOperation(), _serviceName)
        {
            HttpMethod = "POST",
            Endpoint = endpoint,
            ResourcePath = "/",
            Content = body,
            AuthenticationRegion = _region,
        };
        foreach (var (name, value) in headers)
        {
            request.Headers[name] = value;
        }

        if (credentials.UseToken)
        {
            request.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var result = signedAt is { } at
            ? _signer.SignRequest(request, _config, null, credentials.AccessKey, credentials.SecretKey, at)
            : _signer.SignRequest(request, _config, null, credentials.AccessKey, credentials.SecretKey);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return request.Headers;
    }

    /// <summary>The SDK request type DefaultRequest wants; it carries nothing.</summary>
    private sealed class SignedOperation : AmazonWebServiceRequest;

    /// <summary>
    /// The client configuration the signer reads: only the signing name and region matter
    /// (<see cref="AWS4Signer.DetermineService"/> and <see cref="AWS4Signer.DetermineSigningRegion"/> take them first).
    /// </summary>
    private sealed class SigningConfig : ClientConfig
    {
        public SigningConfig(string signingName, string region)
            : base(new DefaultConfigurationProvider([new DefaultConfiguration { Name = DefaultConfigurationMode.Standard }]))
        {
            AuthenticationServiceName = signingName;
            AuthenticationRegion = region;
        }

        public override string ServiceVersion => "SparkEtl";

        public override string UserAgent => "SparkEtl";

        public override string RegionEndpointServiceName => AuthenticationServiceName;

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
            throw new NotSupportedException("SparkEtl resolves endpoints itself.");
    }
}
