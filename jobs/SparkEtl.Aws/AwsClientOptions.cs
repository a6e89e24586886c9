using Amazon.Runtime;

namespace SparkEtl.Aws;

/// <summary>
/// Where and as whom an AWS client talks, and how hard it retries. Shared by the Kinesis, Glue and S3 clients.
/// </summary>
/// <remarks>
/// Endpoint resolution, first match wins: <see cref="Endpoint"/>; the environment variable
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> (<c>KINESIS</c>, <c>GLUE</c>, <c>S3</c>); <c>AWS_ENDPOINT_URL</c>;
/// the regional endpoint <c>https://{service}.{region}.amazonaws.com</c> (<c>.amazonaws.com.cn</c> in China regions).
/// The environment variables are skipped when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is <c>true</c>.
/// </remarks>
public sealed class AwsClientOptions
{
    /// <summary>
    /// The region requests are signed for, e.g. <c>eu-west-1</c>. Null means <c>AWS_REGION</c>, then
    /// <c>AWS_DEFAULT_REGION</c>, then the <c>region</c> of the shared config profile (<c>AWS_PROFILE</c> or <c>default</c>).
    /// </summary>
    public string? Region { get; init; }

    /// <summary>An explicit service endpoint such as <c>http://127.0.0.1:4567</c>; it must not have a path.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The setting <see cref="Endpoint"/> came from, as the user writes it (e.g. <c>aws.kinesisEndpoint</c>), for messages.</summary>
    public string EndpointSetting { get; init; } = "endpoint";

    /// <summary>
    /// Whether a plain <c>http</c> endpoint may be anything but a loopback address (<c>aws.allowInsecureEndpoints</c>).
    /// Default false: credentials and data travel unencrypted only to a stand-in on this machine.
    /// </summary>
    public bool AllowInsecureEndpoint { get; init; }

    /// <summary>
    /// The credentials to sign with. Null means AWSSDK.Core's default chain: environment variables, web identity,
    /// shared profiles (including assume-role and SSO profiles), then container and instance roles.
    /// </summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Attempts per call, the first included (default 5). Only transient failures are tried again.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>
    /// The base of the exponential backoff (default 100 ms): before retry n (1-based) the client waits a uniformly
    /// random time in [0, min(<see cref="RetryMaxDelay"/>, base × 2^(n-1))] ("full jitter").
    /// </summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The cap of one backoff wait (default 5 s).</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The time one HTTP attempt may take before it counts as a transient timeout (default 30 s).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads an environment variable; replaced in tests.</summary>
    internal Func<string, string?> EnvironmentVariables { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Waits between attempts; replaced in tests to observe the backoff.</summary>
    internal Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;
}
