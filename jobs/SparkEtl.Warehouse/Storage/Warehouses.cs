using SparkEtl.Aws;
using SparkEtl.Aws.S3;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;
using SparkEtl.Warehouse.Commit;

namespace SparkEtl.Warehouse.Storage;

/// <summary>Opens the object store a warehouse or checkpoint location names: a local folder or <c>s3://bucket/prefix</c>.</summary>
public static class Warehouses
{
    /// <summary>
    /// Opens the store and, for S3, checks before any work that the bucket exists and the credentials
    /// reach it, so a wrong bucket or missing credentials stop the run with a message naming the setting.
    /// </summary>
    /// <param name="setting">The setting the location came from, for error messages (<c>warehouse</c>, <c>checkpoint</c>).</param>
    /// <param name="probe">Observes local puts (crash tests); null for none.</param>
    public static async Task<IObjectStore> OpenAsync(string setting, string location, AwsSettings aws, ICommitProbe? probe, CancellationToken cancellationToken)
    {
        if (location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var store = OpenS3(setting, location, aws);
            await CheckReachableAsync(store, setting, location, cancellationToken).ConfigureAwait(false);
            return store;
        }

        if (location.Contains("://", StringComparison.Ordinal))
        {
            throw new ConfigurationException(setting, location, "a local folder or s3://bucket/prefix");
        }

        return new LocalObjectStore(location, probe);
    }

    private static S3ObjectStore OpenS3(string setting, string location, AwsSettings aws)
    {
        // Checked here first, so a bad location is named by the setting it came from.
        _ = S3Location.Parse(location, setting);
        try
        {
            return new S3ObjectStore(new S3ObjectStoreOptions
            {
                Root = location,
                Aws = new AwsClientOptions { Region = aws.Region, Endpoint = aws.S3Endpoint, EndpointSetting = "aws.s3Endpoint", AllowInsecureEndpoint = aws.AllowInsecureEndpoints },
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

    private static async Task CheckReachableAsync(IObjectStore store, string setting, string location, CancellationToken cancellationToken)
    {
        try
        {
            // A listing of a prefix nothing uses: cheap, and it fails as a write would on a wrong bucket or credentials.
            await foreach (var _ in store.ListAsync("_sparketl_reachability_check/", cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }
        catch (AwsServiceException e) when (e.ErrorCode is "NoSuchBucket")
        {
            throw new ConfigurationException(setting, location, "an s3://bucket/prefix whose bucket exists (S3 answered NoSuchBucket)");
        }
        catch (AwsServiceException e) when (e.ErrorCode is "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken")
        {
            throw new AwsCredentialsException(
                $"AWS refused the credentials for {location}: S3 answered {e.ErrorCode}. Use credentials that may read and write it (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a container or instance role).",
                e.ErrorCode,
                e);
        }
        catch (AwsServiceException e) when (e.InnerException?.GetType().Name == "AmazonClientException" && e.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase))
        {
            throw new AwsCredentialsException(
                $"No AWS credentials were found to reach {location}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run with a container or instance role.",
                innerException: e);
        }
    }
}
