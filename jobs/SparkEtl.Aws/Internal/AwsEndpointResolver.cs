using Amazon.Runtime.CredentialManagement;
using SparkEtl.Core;

namespace SparkEtl.Aws.Internal;

/// <summary>Resolves the region and endpoint of a client, in the order <see cref="AwsClientOptions"/> documents.</summary>
internal static class AwsEndpointResolver
{
    public static string ResolveRegion(AwsClientOptions options)
    {
        // The region is named, when wrong, by where it came from: the option, a variable or the profile.
        var region = options.Region;
        var from = "aws.region";
        if (string.IsNullOrWhiteSpace(region))
        {
            (region, from) = NonEmpty(options.EnvironmentVariables("AWS_REGION")) is { } variable
                ? (variable, "AWS_REGION")
                : (NonEmpty(options.EnvironmentVariables("AWS_DEFAULT_REGION")), "AWS_DEFAULT_REGION");
        }

        if (string.IsNullOrWhiteSpace(region))
        {
            var profileName = NonEmpty(options.EnvironmentVariables("AWS_PROFILE")) ?? "default";
            if (new CredentialProfileStoreChain().TryGetProfile(profileName, out var profile) && profile.Region is not null)
            {
                (region, from) = (profile.Region.SystemName, $"the region of profile {profileName}");
            }
        }

        if (string.IsNullOrWhiteSpace(region))
        {
            throw new ConfigurationException("aws.region", null, "set the region option, AWS_REGION, AWS_DEFAULT_REGION or a profile region");
        }

        foreach (var c in region)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                throw new ConfigurationException(from, region, "a region name such as eu-west-1 (lower-case letters, digits and '-')");
            }
        }

        return region;
    }

    public static Uri ResolveEndpoint(AwsServiceDescriptor service, AwsClientOptions options, string region)
    {
        if (options.Endpoint is not null)
        {
            return Validate(options.Endpoint.ToString(), options.EndpointSetting, options.AllowInsecureEndpoint);
        }

        var ignoreConfigured = string.Equals(options.EnvironmentVariables("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ignoreConfigured)
        {
            var serviceVariable = service.EndpointEnvironmentVariable;
            if (NonEmpty(options.EnvironmentVariables(serviceVariable)) is { } serviceUrl)
            {
                return Validate(serviceUrl, serviceVariable, options.AllowInsecureEndpoint);
            }

            if (NonEmpty(options.EnvironmentVariables("AWS_ENDPOINT_URL")) is { } globalUrl)
            {
                return Validate(globalUrl, "AWS_ENDPOINT_URL", options.AllowInsecureEndpoint);
            }
        }

        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{service.EndpointPrefix}.{region}.{suffix}/");
    }

    /// <summary>True when the endpoint is not the regional AWS one (an emulator or a proxy).</summary>
    public static bool IsCustom(Uri endpoint) =>
        !endpoint.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase)
        && !endpoint.Host.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase);

    private static Uri Validate(string value, string setting, bool allowInsecure)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/"
            || uri.Query.Length != 0)
        {
            throw new ConfigurationException(setting, value, "an absolute http or https URL without path or query, e.g. http://127.0.0.1:4567");
        }

        // Plain http sends signed requests and the data in the clear: only to a stand-in on this machine, unless allowed.
        if (uri.Scheme == Uri.UriSchemeHttp && !allowInsecure && !IsLoopback(uri))
        {
            throw new ConfigurationException(setting, value,
                "an https URL: plain http is allowed only to a loopback address (127.0.0.1, ::1, localhost) unless aws.allowInsecureEndpoints=true");
        }

        return uri;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
