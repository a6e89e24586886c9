using SparkEtl.Aws.Glue;
using SparkEtl.TestSupport.Aws;

namespace SparkEtl.Aws.Tests.Fixtures;

/// <summary>One Glue stand-in (validating requests against botocore's Glue model) per test class; tests use unique databases.</summary>
public sealed class GlueStandInFixture : IAsyncLifetime
{
    private GlueStandIn? _glue;

    public GlueStandIn Glue => _glue ?? throw new InvalidOperationException("The Glue stand-in is not running.");

    public Task InitializeAsync()
    {
        _glue = GlueStandIn.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_glue is not null)
        {
            await _glue.DisposeAsync();
        }
    }

    public GlueCatalogClient CreateClient() => new(TestAws.Options(Glue.Endpoint));
}
