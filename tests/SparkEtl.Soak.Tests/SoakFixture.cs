using SparkEtl.TestSupport;

namespace SparkEtl.Soak.Tests;

/// <summary>Runs one 3-minute soak with seed 1 for the class; its files stay in a temp folder, deleted when it passed.</summary>
public sealed class SoakFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("sparketl-soak");

    public SoakReport Report { get; private set; } = null!;

    /// <summary>What the soak printed while it ran.</summary>
    public string Log { get; private set; } = string.Empty;

    public string Directory => _directory.Path;

    public async Task InitializeAsync()
    {
        using var log = new StringWriter();
        var writer = TextWriter.Synchronized(log);
        try
        {
            Report = await SoakRunner.RunAsync(new SoakOptions { Duration = TimeSpan.FromMinutes(3), Seed = 1, WorkDirectory = _directory.Combine("soak") }, writer, CancellationToken.None);
        }
        finally
        {
            Log = log.ToString();
        }
    }

    public Task DisposeAsync()
    {
        if (Report is { Passed: true })
        {
            _directory.Dispose();
        }

        return Task.CompletedTask;
    }
}
