using SparkEtl.Aws;
using SparkEtl.Aws.S3;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;
using SparkEtl.Spark.Plan.Internal;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// Opens the store a location names, the same way on the driver (checkpoint, bars, reconcile) and on the executors
/// (table files): <c>s3://bucket/prefix</c> is SparkEtl.Aws's S3 store with <c>s3.encryption</c>; anything else is a
/// local folder, for a local Spark whose driver and executors share the machine.
/// </summary>
public static class ObjectStores
{
    /// <summary>Opens the store; the caller disposes it when it is <see cref="IDisposable"/>.</summary>
    /// <param name="setting">The setting the location came from, for error messages (<c>warehouse</c>, <c>checkpoint</c>).</param>
    /// <exception cref="ConfigurationException">The location is neither a local folder nor <c>s3://bucket[/prefix]</c>.</exception>
    public static IObjectStore Open(string setting, string location, AwsSettings aws)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(aws);
        if (location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new S3ObjectStore(new S3ObjectStoreOptions
                {
                    Root = location,
                    Aws = new AwsClientOptions { Region = aws.Region, Endpoint = aws.S3Endpoint },
                    Encryption = aws.S3Encryption switch
                    {
                        S3EncryptionKind.S3Managed => S3Encryption.S3Managed,
                        S3EncryptionKind.Kms => S3Encryption.Kms(aws.KmsKeyId),
                        _ => S3Encryption.None,
                    },
                });
            }
            catch (ArgumentException e)
            {
                throw new ConfigurationException(setting, location, $"s3://bucket/prefix ({e.Message})");
            }
        }

        if (location.Contains("://", StringComparison.Ordinal))
        {
            throw new ConfigurationException(setting, location, "a local folder or s3://bucket/prefix");
        }

        return new LocalFolderStore(location);
    }
}
