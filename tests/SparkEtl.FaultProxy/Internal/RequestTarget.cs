namespace SparkEtl.FaultProxy.Internal;

/// <summary>
/// What one proxied request is, as far as faults, scopes, conditional writes and statistics care: the service
/// (<c>kinesis</c> for <c>X-Amz-Target: Kinesis_20131202.*</c>, <c>s3</c> for anything without a target), the
/// operation (<c>GetRecords</c>, <c>PutObject</c>, ...), the HTTP method, and for S3 the bucket and decoded key.
/// </summary>
internal sealed record RequestTarget(string Service, string Operation, string Method, string? Bucket, string? Key)
{
    public const string S3 = "s3";

    public const string Kinesis = "kinesis";

    /// <summary>The S3 conditional-write headers, when the operation honours them (PutObject, CopyObject, CompleteMultipartUpload).</summary>
    public string? IfNoneMatch { get; init; }

    /// <inheritdoc cref="IfNoneMatch"/>
    public string? IfMatch { get; init; }

    public bool IsS3 => Service == S3;

    /// <summary>The name statistics use, e.g. <c>kinesis:GetRecords</c>, <c>s3:PutObject</c>.</summary>
    public string Name => Service + ":" + Operation;

    /// <summary>A write S3 evaluates <c>If-None-Match</c>/<c>If-Match</c> on, and that carries one of them.</summary>
    public bool IsConditionalWrite => IfNoneMatch is not null || IfMatch is not null;

    /// <summary>A request that changes the object at <see cref="Bucket"/>/<see cref="Key"/>: serialized with conditional writes to the same key.</summary>
    public bool WritesObject => IsS3 && Key is not null && Operation is "PutObject" or "CopyObject" or "DeleteObject" or "CompleteMultipartUpload";

    /// <summary>
    /// A request whose body becomes object bytes (<c>PutObject</c>, <c>UploadPart</c>): S3 keeps them only once the whole
    /// body has arrived, so the proxy receives it whole before forwarding.
    /// </summary>
    public bool CarriesObjectBytes => IsS3 && Key is not null && Operation is "PutObject" or "UploadPart";

    /// <summary><c>bucket/key</c> (or <c>bucket/</c>, or empty), what S3 scopes' key prefixes are matched against.</summary>
    public string Path => Bucket is null ? string.Empty : Bucket + "/" + (Key ?? string.Empty);
}
