namespace SparkEtl.Core.Configuration;

/// <summary>
/// Connecting to AWS (<c>aws.*</c>, and <c>s3.*</c> for the warehouse). Endpoints left null follow the
/// AWS SDK rules: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then <c>AWS_ENDPOINT_URL</c>, then the regional endpoint.
/// </summary>
/// <param name="Region">The AWS region, or null for the SDK's chain (AWS_REGION, AWS_DEFAULT_REGION, profile).</param>
/// <param name="KinesisEndpoint">An explicit Kinesis endpoint, e.g. <c>http://127.0.0.1:4567</c> for kinesalite.</param>
/// <param name="S3Endpoint">An explicit S3 endpoint.</param>
/// <param name="GlueEndpoint">An explicit Glue endpoint.</param>
/// <param name="S3Encryption">Server-side encryption of what is written to S3.</param>
/// <param name="KmsKeyId">The KMS key for <see cref="S3EncryptionKind.Kms"/>, else null.</param>
public sealed record AwsSettings(string? Region, Uri? KinesisEndpoint, Uri? S3Endpoint, Uri? GlueEndpoint, S3EncryptionKind S3Encryption, string? KmsKeyId)
{
    /// <summary>Whether plain-http endpoints other than loopback addresses are allowed (<c>aws.allowInsecureEndpoints</c>, default false).</summary>
    public bool AllowInsecureEndpoints { get; init; }
}

/// <summary>Server-side encryption for S3 objects (<c>s3.encryption</c>).</summary>
public enum S3EncryptionKind
{
    /// <summary><c>none</c>: the bucket's default.</summary>
    None,

    /// <summary><c>sse-s3</c>: AES-256 with S3-managed keys.</summary>
    S3Managed,

    /// <summary><c>sse-kms</c>: a KMS key (<c>s3.kmsKeyId</c>).</summary>
    Kms,
}
