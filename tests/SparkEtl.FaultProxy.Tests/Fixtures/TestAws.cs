using Amazon.Runtime;
using SparkEtl.Aws;

namespace SparkEtl.FaultProxy.Tests.Fixtures;

/// <summary>Client options for the stand-ins: explicit endpoint, region and credentials, fast retries.</summary>
internal static class TestAws
{
    public const string Region = "us-east-1";

    /// <summary>s3rver accepts any SigV4 signature but only this access key; kinesalite accepts any.</summary>
    public static readonly BasicAWSCredentials Credentials = new("S3RVER", "S3RVER");

    public static AwsClientOptions Options(Uri endpoint, int maxAttempts = 5) => new()
    {
        Endpoint = endpoint,
        Region = Region,
        Credentials = Credentials,
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(10),
        AttemptTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>A name no other test uses: <c>{prefix}-{12 hex digits}</c>, lower-case (valid for streams and buckets).</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>The environment for the aws CLI: s3rver's credentials, no profile files, no instance metadata.</summary>
    public static Dictionary<string, string?> CliEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "S3RVER",
        ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_DEFAULT_REGION"] = Region,
        ["AWS_REGION"] = Region,
        ["AWS_PROFILE"] = null,
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_PAGER"] = string.Empty,
    };
}
