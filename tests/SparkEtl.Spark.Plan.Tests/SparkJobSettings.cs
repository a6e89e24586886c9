using SparkEtl.Core.Configuration;

namespace SparkEtl.Spark.Plan.Tests;

/// <summary>Binds settings the way the Spark job does: defaults plus the given values.</summary>
internal static class SparkJobSettings
{
    public static EtlSettings Bind(params (string Path, string Value)[] values)
    {
        var layers = new SettingsLayers();
        foreach (var (path, value) in values)
        {
            layers.Set(path, value, "test");
        }

        return EtlSettingsBinder.Bind(layers);
    }
}
