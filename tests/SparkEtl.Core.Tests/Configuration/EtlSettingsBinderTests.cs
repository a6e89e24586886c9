using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;

namespace SparkEtl.Core.Tests.Configuration;

public class EtlSettingsBinderTests
{
    [Fact]
    public void Bind_NothingSet_GivesTheDocumentedDefaults()
    {
        var settings = EtlSettingsBinder.Bind(new SettingsLayers());

        Assert.Equal(new SourceSettings(SourceKind.Demo, ""), settings.Source);
        Assert.Equal("warehouse", settings.Warehouse);
        Assert.Null(settings.Checkpoint);
        Assert.Equal(TriggerKind.AvailableNow, settings.Trigger.Kind);
        Assert.Equal(new WindowSettings(60_000, 30_000), settings.Window);
        Assert.Equal("ohlc_1m", settings.Window.OhlcTableName);
        Assert.Equal(10 * 1024 * 1024, settings.MaxDecompressedBytes);
        Assert.Equal(new BatchSettings(100_000, 8L << 20), settings.Batch);
        Assert.Equal(new ParquetSettings(ParquetCompression.Snappy, 128L << 20, 1 << 20, 5_000_000), settings.Parquet);
        Assert.Equal("sparketl", settings.Database);
        Assert.Equal(new DemoSettings(20_000, 12, 42, DemoShape.CloudWatch, 2, 100, 0.002, 1_710_513_000_000), settings.Demo);
        Assert.Equal(new KinesisSettings(KinesisStartingPosition.TrimHorizon, 0, KinesisConsumerType.Polling, 10_000), settings.Kinesis);
        Assert.Equal(new AwsSettings(null, null, null, null, S3EncryptionKind.None, null), settings.Aws);
    }

    [Fact]
    public void Bind_AwsAndKinesisSettings_AreParsed()
    {
        var layers = new SettingsLayers();
        layers.AddJson("""
            { "kinesis": { "startingPosition": "AT_TIMESTAMP:2024-03-15T14:30:00Z", "consumerType": "efo", "maxRecordsPerRead": 500 },
              "aws": { "region": "eu-west-1", "kinesisEndpoint": "http://127.0.0.1:4567" },
              "s3": { "encryption": "sse-kms", "kmsKeyId": "alias/warehouse" } }
            """, "conf.json");

        var settings = EtlSettingsBinder.Bind(layers);

        Assert.Equal(new KinesisSettings(KinesisStartingPosition.AtTimestamp, 1_710_513_000_000, KinesisConsumerType.EnhancedFanOut, 500), settings.Kinesis);
        Assert.Equal(new AwsSettings("eu-west-1", new Uri("http://127.0.0.1:4567"), null, null, S3EncryptionKind.Kms, "alias/warehouse"), settings.Aws);
    }

    [Fact]
    public void Bind_SseKmsWithoutAKey_NamesTheMissingKeySetting()
    {
        var layers = new SettingsLayers();
        layers.Set("s3.encryption", "sse-kms", "test");

        var error = Assert.Throws<ConfigurationException>(() => EtlSettingsBinder.Bind(layers));

        Assert.Equal("s3.kmsKeyId", error.Setting);
        Assert.Null(error.Value);
    }

    [Fact]
    public void Bind_LaterLayersWin()
    {
        var layers = new SettingsLayers();
        layers.AddJson("""{ "window": { "size": "5m" }, "trigger": "once" }""", "conf.json");
        layers.AddEnvironment(EtlSettingsBinder.Definitions, name => name == "SPARKETL_WINDOW_SIZE" ? "15m" : null);

        var settings = EtlSettingsBinder.Bind(layers);

        Assert.Equal(900_000, settings.Window.SizeMs);
        Assert.Equal("ohlc_15m", settings.Window.OhlcTableName);
        Assert.Equal(TriggerKind.Once, settings.Trigger.Kind);
    }

    [Theory]
    [InlineData("demo", SourceKind.Demo, "")]
    [InlineData("file:/data/x.jsonl", SourceKind.File, "/data/x.jsonl")]
    [InlineData("kinesis:tickers-prod.v2", SourceKind.Kinesis, "tickers-prod.v2")]
    public void Bind_Source_ParsesEachKind(string value, SourceKind kind, string location)
    {
        var layers = new SettingsLayers();
        layers.Set("source", value, "test");

        Assert.Equal(new SourceSettings(kind, location), EtlSettingsBinder.Bind(layers).Source);
    }

    [Theory]
    [InlineData("source", "kinesis:bad/name")]
    [InlineData("source", "file:")]
    [InlineData("trigger", "interval:0s")]
    [InlineData("trigger", "interval:soon")]
    [InlineData("demo.startTime", "2024-03-15T14:30:00")]
    [InlineData("demo.badRecordRate", "1.5")]
    [InlineData("decode.maxDecompressedBytes", "2GiB")]
    [InlineData("warehouse", "")]
    [InlineData("kinesis.startingPosition", "AT_TIMESTAMP:yesterday")]
    [InlineData("kinesis.consumerType", "push")]
    [InlineData("aws.region", "Mars-1")]
    [InlineData("aws.s3Endpoint", "ftp://127.0.0.1:1")]
    public void Bind_BadValue_NamesSettingValueOriginAndWhatIsAllowed(string path, string value)
    {
        var layers = new SettingsLayers();
        layers.Set(path, value, "the test");

        var error = Assert.Throws<ConfigurationException>(() => EtlSettingsBinder.Bind(layers));

        Assert.Equal(path, error.Setting);
        Assert.Equal(value, error.Value);
        Assert.Contains("the test", error.Message, StringComparison.Ordinal);
        Assert.Equal(EtlSettingsBinder.Definitions.Single(d => d.Path == path).Allowed, error.Allowed.Split(" (from ")[0]);
    }

    [Fact]
    public void Bind_UnknownSetting_IsRefusedListingTheKnownOnes()
    {
        var layers = new SettingsLayers();
        layers.AddJson("""{ "window": { "sise": "5m" } }""", "conf.json");

        var error = Assert.Throws<ConfigurationException>(() => EtlSettingsBinder.Bind(layers));

        Assert.Equal("window.sise", error.Setting);
        Assert.Contains("window.size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddJson_CommentsAndTrailingCommas_AreAllowed_ListsAreNot()
    {
        var layers = new SettingsLayers();
        layers.AddJson("{ // a comment\n \"demo\": { \"records\": 5, }, }", "c");
        Assert.Equal(5, EtlSettingsBinder.Bind(layers).Demo.Records);

        var error = Assert.Throws<ConfigurationException>(() => layers.AddJson("""{ "source": ["demo"] }""", "c"));
        Assert.Equal("source", error.Setting);
    }

    [Theory]
    [InlineData("window.watermarkDelay", "SPARKETL_WINDOW_WATERMARK_DELAY")]
    [InlineData("source", "SPARKETL_SOURCE")]
    [InlineData("decode.maxDecompressedBytes", "SPARKETL_DECODE_MAX_DECOMPRESSED_BYTES")]
    public void EnvironmentVariable_IsThePathInUpperSnakeCase(string path, string variable) =>
        Assert.Equal(variable, EtlSettingsBinder.Definitions.Single(d => d.Path == path).EnvironmentVariable);

    [Fact]
    public void Defaults_AllBindThemselves()
    {
        foreach (var definition in EtlSettingsBinder.Definitions.Where(d => d.Default is not null))
        {
            var layers = new SettingsLayers();
            layers.Set(definition.Path, definition.Default!, "explicit");
            EtlSettingsBinder.Bind(layers);
        }
    }
}
