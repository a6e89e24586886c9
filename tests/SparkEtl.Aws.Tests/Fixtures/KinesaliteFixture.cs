using SparkEtl.Aws.Kinesis;
using SparkEtl.TestSupport;

namespace SparkEtl.Aws.Tests.Fixtures;

/// <summary>One kinesalite process (in memory, 127.0.0.1) for the whole collection; each test makes its own streams.</summary>
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

    public KinesisClient CreateClient() => new(TestAws.Options(Endpoint));

    /// <summary>Creates a stream with a unique name and waits until it is ACTIVE.</summary>
    public async Task<string> CreateStreamAsync(KinesisClient client, int shardCount)
    {
        var name = TestAws.UniqueName("stream");
        await client.CreateStreamAsync(name, shardCount, CancellationToken.None);
        await client.WaitForStreamActiveAsync(name, TimeSpan.FromSeconds(30), CancellationToken.None);
        return name;
    }
}
