using Amazon.Runtime;
using SparkEtl.Aws;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core.Configuration;
using SparkEtl.Runner.Sources.Kinesis;
using SparkEtl.TestSupport;

namespace SparkEtl.Runner.Tests.Kinesis;

/// <summary>One kinesalite process (in memory, 127.0.0.1) for the collection; each test makes its own streams.</summary>
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

    /// <summary>A client that sends each request once (as the source wants it), optionally through <paramref name="handler"/>.</summary>
    public KinesisClient CreateClient(HttpMessageHandler? handler = null, int maxAttempts = 1) => new(
        new AwsClientOptions
        {
            Endpoint = Endpoint,
            Region = Region,
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            MaxAttempts = maxAttempts,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        },
        handler);

    /// <summary>Creates a stream with a unique name and waits until it is ACTIVE.</summary>
    public async Task<string> CreateStreamAsync(int shardCount)
    {
        using var client = CreateClient(maxAttempts: 5);
        var name = $"stream-{Guid.NewGuid():N}"[..19];
        await client.CreateStreamAsync(name, shardCount, CancellationToken.None);
        await client.WaitForStreamActiveAsync(name, TimeSpan.FromSeconds(30), CancellationToken.None);
        return name;
    }

    /// <summary>Opens a source over <paramref name="stream"/> with fast test timings unless <paramref name="options"/> says otherwise.</summary>
    public Task<KinesisRecordSource> OpenSourceAsync(string stream, Func<KinesisSourceOptions, KinesisSourceOptions>? options = null, HttpMessageHandler? handler = null)
    {
        var defaults = new KinesisSourceOptions
        {
            StreamName = stream,
            StartingPosition = KinesisStartingPosition.TrimHorizon,
            MinReadInterval = TimeSpan.FromMilliseconds(20),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        return KinesisRecordSource.OpenAsync(CreateClient(handler), options?.Invoke(defaults) ?? defaults, CancellationToken.None);
    }
}
