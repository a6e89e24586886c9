using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Runner.Sources;

namespace SparkEtl.Runner.Tests.Kinesis;

/// <summary>Opening <c>kinesis:STREAM</c> from a run's settings: what is refused before any call.</summary>
public sealed class RecordSourcesKinesisTests
{
    [Fact]
    public async Task OpenAsync_EnhancedFanOut_IsRefusedNamingTheConsumerType()
    {
        var layers = new SettingsLayers();
        layers.Set("source", "kinesis:tickers", "test");
        layers.Set("kinesis.consumerType", "efo", "test");

        var e = await Assert.ThrowsAsync<ConfigurationException>(async () => await RecordSources.OpenAsync(EtlSettingsBinder.Bind(layers), CancellationToken.None));

        Assert.Equal("kinesis.consumerType", e.Setting);
        Assert.Equal("efo", e.Value);
        Assert.Contains("polling", e.Allowed, StringComparison.Ordinal);
    }
}
