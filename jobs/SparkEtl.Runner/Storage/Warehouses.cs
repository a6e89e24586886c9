using SparkEtl.Core;
using SparkEtl.Core.Storage;

namespace SparkEtl.Runner.Storage;

/// <summary>Opens the object store a warehouse or checkpoint location names.</summary>
public static class Warehouses
{
    /// <param name="setting">The setting the location came from, for error messages (<c>warehouse</c>).</param>
    public static IObjectStore Open(string setting, string location)
    {
        if (location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException(setting, location,
                "a local folder; S3 locations need the AWS connection settings, which this build does not have yet");
        }

        if (location.Contains("://", StringComparison.Ordinal))
        {
            throw new ConfigurationException(setting, location, "a local folder or s3://bucket/prefix");
        }

        return new LocalObjectStore(location);
    }
}
