using SparkEtl.Core.Configuration;

namespace SparkEtl.Core.Tests.Configuration;

/// <summary>Errors name a setting as the user wrote it, wherever its value came from.</summary>
public class SettingOriginTests
{
    [Fact]
    public void Bind_BadValueFromAnOption_NamesTheOption()
    {
        var layers = new SettingsLayers();
        layers.Set("warehouse", "", SettingOrigin.FromOption("--warehouse"));

        var error = Assert.Throws<ConfigurationException>(() => EtlSettingsBinder.Bind(layers));

        Assert.StartsWith("Invalid setting --warehouse: got \"\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_BadValueFromTheEnvironment_NamesTheVariable()
    {
        var layers = new SettingsLayers();
        layers.AddEnvironment(EtlSettingsBinder.Definitions, name => name == "SPARKETL_WINDOW_SIZE" ? "soon" : null);

        var error = Assert.Throws<ConfigurationException>(() => EtlSettingsBinder.Bind(layers));

        Assert.Equal("window.size", error.Setting);
        Assert.StartsWith("Invalid setting SPARKETL_WINDOW_SIZE: got \"soon\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_BadValueFromAFile_NamesItsPathInTheFile()
    {
        var layers = new SettingsLayers();
        layers.AddJson("""{ "window": { "watermarkDelay": "later" } }""", "conf/mine.json");

        var error = Assert.Throws<ConfigurationException>(() => EtlSettingsBinder.Bind(layers));

        Assert.StartsWith("Invalid setting window.watermarkDelay in conf/mine.json: got \"later\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_BadValueFromSet_NamesThePath()
    {
        var layers = new SettingsLayers();
        layers.Set("parquet.compression", "lz4", SettingOrigin.FromSet("parquet.compression"));

        var error = Assert.Throws<ConfigurationException>(() => EtlSettingsBinder.Bind(layers));

        Assert.StartsWith("Invalid setting parquet.compression: got \"lz4\"; snappy, gzip or none.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_EndpointWithAPath_IsRefusedByItsSettingName()
    {
        var layers = new SettingsLayers();
        layers.Set("aws.s3Endpoint", "http://127.0.0.1:9000/bucket", SettingOrigin.FromSet("aws.s3Endpoint"));

        var error = Assert.Throws<ConfigurationException>(() => EtlSettingsBinder.Bind(layers));

        Assert.Equal("aws.s3Endpoint", error.Setting);
    }

    [Fact]
    public void Bind_MisspeltSetting_SuggestsTheKnownOne()
    {
        var layers = new SettingsLayers();
        layers.Set("windw.size", "1m", SettingOrigin.FromSet("windw.size"));

        var error = Assert.Throws<ConfigurationException>(() => EtlSettingsBinder.Bind(layers));

        Assert.Contains("did you mean window.size?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithOrigin_RenamesAnErrorRaisedByPath()
    {
        var error = new ConfigurationException("warehouse", "s3://Bad_Bucket/x", "an s3://bucket/prefix");

        Assert.StartsWith("Invalid setting --warehouse: got", error.WithOrigin(SettingOrigin.FromOption("--warehouse")).Message, StringComparison.Ordinal);
        Assert.StartsWith("Invalid setting warehouse: got", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindUnknown_NamesMisspeltVariablesWithTheClosestSetting_AndLeavesKnownAndToolVariablesAlone()
    {
        var unknown = SettingsEnvironment.FindUnknown(EtlSettingsBinder.Definitions,
            ["SPARKETL_WINDOW_SIZE", "SPARKETL_WINDW_SIZE", "SPARKETL_FAULT", "SPARKETL_NOTHING_LIKE_ANY_SETTING_AT_ALL", "PATH", "SPARKETL_WAREHOUS"]);

        Assert.Equal(
            [("SPARKETL_NOTHING_LIKE_ANY_SETTING_AT_ALL", null), ("SPARKETL_WAREHOUS", "SPARKETL_WAREHOUSE"), ("SPARKETL_WINDW_SIZE", "SPARKETL_WINDOW_SIZE")],
            unknown);
    }
}
