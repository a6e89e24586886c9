using SparkEtl.Core.Configuration;
using SparkEtl.Spark.Plan;
using SparkEtl.TestSupport;

namespace SparkEtl.Scripts.Tests;

public class EmrSettingsTests
{
    private static SettingsLayers Layers()
    {
        var layers = new SettingsLayers();
        var path = Path.Combine(RepositoryPaths.Root, "conf", "emr.json");
        layers.AddJson(File.ReadAllText(path), path);
        return layers;
    }

    [Fact]
    public void EmrJson_BindsAndMapsToTheConnectorAndATrigger()
    {
        var settings = EtlSettingsBinder.Bind(Layers());

        var options = KinesisConnectorOptions.Map(settings);
        Assert.Equal("sparketl-ticks", options[KinesisConnectorOptions.StreamName]);
        Assert.Equal("https://kinesis.us-east-1.amazonaws.com", options[KinesisConnectorOptions.EndpointUrl]);
        Assert.Equal(new SparkTrigger(false, 60_000), SparkTrigger.For(settings.Trigger));
        Assert.Equal(S3EncryptionKind.S3Managed, settings.Aws.S3Encryption);
        Assert.StartsWith("s3://", settings.Warehouse, StringComparison.Ordinal);
        Assert.Equal(new SparkJobCatalog(true, true, null), SparkJobCatalog.For(settings.Catalog));
    }

    [Fact]
    public void EmrJson_WithWhatSubmitEmrSets_Binds()
    {
        var layers = Layers();
        layers.Set("source", "kinesis:ticks", "--set");
        layers.Set("warehouse", "s3://example-data/sparketl/warehouse", "--set");
        layers.Set("checkpoint", "s3://example-data/sparketl/checkpoint", "--set");
        layers.Set("aws.region", "eu-west-1", "--set");

        var settings = EtlSettingsBinder.Bind(layers);

        Assert.Equal("https://kinesis.eu-west-1.amazonaws.com", KinesisConnectorOptions.Map(settings)[KinesisConnectorOptions.EndpointUrl]);
    }
}
