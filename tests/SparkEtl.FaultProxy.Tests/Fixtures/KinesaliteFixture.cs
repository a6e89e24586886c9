using SparkEtl.Aws.Kinesis;
using SparkEtl.TestSupport;

namespace SparkEtl.FaultProxy.Tests.Fixtures;

/// <summary>One kinesalite for the collection; each test makes its own stream (directly, not through a proxy).</summary>
public sealed class KinesaliteFixture : IAsyncLifetime
{
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

    /// <summary>A client that talks to kinesalite directly.</summary>
    public KinesisClient DirectClient() => new(TestAws.Options(Endpoint));

    /// <summary>Creates a one-shard stream with a unique name, directly, and waits until it is ACTIVE.</summary>
    public async Task<string> CreateStreamAsync()
    {
        using var client = DirectClient();
        var name = TestAws.UniqueName("stream");
        await client.CreateStreamAsync(name, 1, CancellationToken.None);
        await client.WaitForStreamActiveAsync(name, TimeSpan.FromSeconds(30), CancellationToken.None);
        return name;
    }
}
