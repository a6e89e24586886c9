namespace SparkEtl.Aws.S3;

/// <summary>Server-side encryption of the objects a store writes.</summary>
public sealed record S3Encryption
{
    private S3Encryption(string? algorithm, string? kmsKeyId)
    {
        Algorithm = algorithm;
        KmsKeyId = kmsKeyId;
    }

    /// <summary>No encryption header: the bucket's default encryption applies.</summary>
    public static S3Encryption None { get; } = new(null, null);

    /// <summary>SSE-S3: keys managed by S3 (<c>x-amz-server-side-encryption: AES256</c>).</summary>
    public static S3Encryption S3Managed { get; } = new("AES256", null);

    /// <summary>The <c>x-amz-server-side-encryption</c> value: null, <c>AES256</c> or <c>aws:kms</c>.</summary>
    public string? Algorithm { get; }

    /// <summary>The KMS key (id, alias or ARN) for SSE-KMS; null means the account's <c>aws/s3</c> key.</summary>
    public string? KmsKeyId { get; }

    /// <summary>SSE-KMS with <paramref name="keyId"/>, or with the AWS managed key when null.</summary>
    public static S3Encryption Kms(string? keyId = null) => new("aws:kms", string.IsNullOrEmpty(keyId) ? null : keyId);
}
