namespace SparkEtl.Aws.S3;

/// <summary>How an <see cref="S3ObjectStore"/> reaches its bucket and writes objects.</summary>
public sealed class S3ObjectStoreOptions
{
    /// <summary>The smallest part size S3 accepts for all parts but the last: 5 MiB.</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>The store's root, <c>s3://bucket</c> or <c>s3://bucket/prefix</c>.</summary>
    public required string Root { get; init; }

    /// <summary>Region, endpoint (or <c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL</c>), credentials and attempts.</summary>
    public AwsClientOptions Aws { get; init; } = new();

    /// <summary>Content longer than this many bytes is uploaded in parts (default 64 MiB).</summary>
    public long MultipartThreshold { get; init; } = 64L * 1024 * 1024;

    /// <summary>The size of each uploaded part but the last (default 16 MiB, at least <see cref="MinPartSize"/>).</summary>
    public int PartSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Server-side encryption of written objects (default <see cref="S3Encryption.None"/>: the bucket's default).</summary>
    public S3Encryption Encryption { get; init; } = S3Encryption.None;

    /// <summary>
    /// Send plain bodies: no aws-chunked encoding and checksums only where S3 requires them
    /// (<c>RequestChecksumCalculation = WHEN_REQUIRED</c>). Emulators such as s3rver store aws-chunked bodies verbatim,
    /// framing and trailers included. Null (the default) means true for a custom endpoint and false for AWS's own.
    /// </summary>
    public bool? PlainRequests { get; init; }

    /// <summary>Creates the SDK's HTTP clients; replaced in tests to observe requests.</summary>
    internal Amazon.Runtime.HttpClientFactory? HttpClientFactory { get; init; }
}
