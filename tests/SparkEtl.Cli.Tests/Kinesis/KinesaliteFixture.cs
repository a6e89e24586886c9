using Amazon.Runtime;
using SparkEtl.Aws;
using SparkEtl.Aws.Kinesis;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests.Kinesis;

/// <summary>One kinesalite process for the collection; each test makes its own streams.</summary>
public sealed class KinesaliteFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";

    private LocalServiceProcess? _service;

    public Uri Endpoint => _service?.Endpoint ?? throw new InvalidOperationException("kinesalite is not running.");

    public async Task InitializeAsync() => _service = await LocalServiceProcess.StartKinesaliteAsync();

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }

    public KinesisClient CreateClient() => new(new AwsClientOptions
    {
        Endpoint = Endpoint,
        Region = Region,
        Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
    });

    /// <summary>Creates a stream with a unique name and waits until it is ACTIVE.</summary>
    public async Task<string> CreateStreamAsync(int shardCount)
    {
        using var client = CreateClient();
        var name = $"tickers-{Guid.NewGuid():N}"[..20];
        await client.CreateStreamAsync(name, shardCount, CancellationToken.None);
        await client.WaitForStreamActiveAsync(name, TimeSpan.FromSeconds(30), CancellationToken.None);
        return name;
    }

    /// <summary>
    /// The environment of a process that talks to this kinesalite the standard way: dummy credentials and region in
    /// AWS_* variables, the endpoint in AWS_ENDPOINT_URL_KINESIS, no profile files, no instance metadata.
    /// </summary>
    public Dictionary<string, string?> Environment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
        ["AWS_SECRET_ACCESS_KEY"] = "secret",
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_REGION"] = Region,
        ["AWS_DEFAULT_REGION"] = Region,
        ["AWS_PROFILE"] = null,
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_ENDPOINT_URL"] = null,
        ["AWS_ENDPOINT_URL_KINESIS"] = Endpoint.ToString().TrimEnd('/'),
        ["AWS_PAGER"] = string.Empty,
        ["SPARKETL_FAULT"] = null,
    };
}
