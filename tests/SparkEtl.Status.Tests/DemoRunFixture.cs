using SparkEtl.Runner.Pipeline;
using SparkEtl.TestSupport;

namespace SparkEtl.Status.Tests;

/// <summary>One real run of the embedded engine (the demo source) with a <see cref="StatusServer"/> as its progress listener.</summary>
public sealed class DemoRunFixture : IAsyncLifetime
{
    private readonly TempDirectory _folder = new("sparketl-status");
    private RecordingListener? _recording;

    public StatusServer Server { get; private set; } = null!;

    /// <summary>The progress records the engine reported, in order.</summary>
    public IReadOnlyList<QueryProgress> Records => _recording!.Records;

    public RunSummary Summary { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Server = await StatusServer.StartAsync(new StatusServerOptions { QueryName = "demo-ticker", RefreshSeconds = 1 }, timeout.Token);
        _recording = new RecordingListener(Server);
        Summary = await EmbeddedRun.RunAsync(EmbeddedRun.Demo, _folder, _recording, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DemoRunCollection : ICollectionFixture<DemoRunFixture>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "demo run";
}
