using Amazon.Runtime;

namespace SparkEtl.Aws.Tests.Fixtures;

/// <summary>Options and names shared by the tests: dummy credentials, fast retries, unique resource names.</summary>
internal static class TestAws
{
    public const string Region = "us-east-1";

    public static readonly BasicAWSCredentials DummyCredentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    /// <summary>Options for a local stand-in: explicit endpoint and region, dummy credentials, no environment lookups.</summary>
    public static AwsClientOptions Options(Uri endpoint, AWSCredentials? credentials = null) => new()
    {
        Endpoint = endpoint,
        Region = Region,
        Credentials = credentials ?? DummyCredentials,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        EnvironmentVariables = _ => null,
    };

    /// <summary>A name no other test uses: <c>{prefix}-{12 hex digits}</c>, lower-case (valid for streams, buckets, tables).</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>The environment for the aws CLI: dummy credentials, no profile files, no instance metadata.</summary>
    public static Dictionary<string, string?> CliEnvironment(string accessKey = "AKIDEXAMPLE", string secretKey = "secret") => new()
    {
        ["AWS_ACCESS_KEY_ID"] = accessKey,
        ["AWS_SECRET_ACCESS_KEY"] = secretKey,
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
