using System.Globalization;
using SparkEtl.Aws;
using SparkEtl.Aws.Glue;
using SparkEtl.Aws.S3;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;

namespace SparkEtl.Spark;

/// <summary>
/// Where the job keeps things: the warehouse (tables), the checkpoint (Spark's offsets and commits under
/// <c>spark/</c>, the window state under <c>window-state/</c>) and the Glue catalog. S3 locations use SparkEtl.Aws's
/// S3 store (with <c>s3.encryption</c>); anything else is a local folder, for a local Spark.
/// </summary>
internal sealed class JobStorage : IDisposable
{
    private JobStorage(EtlSettings settings)
    {
        var aws = new AwsClientOptions { Region = settings.Aws.Region, Endpoint = settings.Aws.S3Endpoint };
        Warehouse = Open(settings.Warehouse, aws, settings.Aws);
        Checkpoint = Open(settings.CheckpointLocation, aws, settings.Aws);
        SparkCheckpointLocation = settings.CheckpointLocation.TrimEnd('/') + "/spark";
        Catalog = new GlueCatalogClient(new AwsClientOptions { Region = settings.Aws.Region, Endpoint = settings.Aws.GlueEndpoint });
    }

    public IObjectStore Warehouse { get; }

    public IObjectStore Checkpoint { get; }

    public string SparkCheckpointLocation { get; }

    public GlueCatalogClient Catalog { get; }

    public static JobStorage Open(EtlSettings settings) => new(settings);

    /// <summary>The checkpoint key of the window state after batch <paramref name="batchId"/>.</summary>
    public static string WindowStateKey(long batchId) =>
        string.Create(CultureInfo.InvariantCulture, $"window-state/{batchId:D8}.json");

    public void Dispose()
    {
        (Warehouse as IDisposable)?.Dispose();
        (Checkpoint as IDisposable)?.Dispose();
        Catalog.Dispose();
    }

    private static IObjectStore Open(string location, AwsClientOptions aws, AwsSettings settings) =>
        location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)
            ? new S3ObjectStore(new S3ObjectStoreOptions
            {
                Root = location,
                Aws = aws,
                Encryption = settings.S3Encryption switch
                {
                    S3EncryptionKind.S3Managed => S3Encryption.S3Managed,
                    S3EncryptionKind.Kms => S3Encryption.Kms(settings.KmsKeyId),
                    _ => S3Encryption.None,
                },
            })
            : new LocalFolderStore(location);
}
