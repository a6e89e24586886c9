namespace SparkEtl.FaultProxy;

/// <summary>The S3 conditional writes (<c>If-None-Match: *</c>, <c>If-Match: etag</c>) the proxy evaluated for s3rver.</summary>
public sealed record ConditionalWriteStats
{
    /// <summary>Conditional writes whose precondition held: forwarded as they came.</summary>
    public long Passed { get; init; }

    /// <summary>Answered <c>412 PreconditionFailed</c>: the object existed (<c>If-None-Match</c>) or had another ETag (<c>If-Match</c>).</summary>
    public long PreconditionFailed { get; init; }

    /// <summary>Answered <c>404 NoSuchKey</c>: <c>If-Match</c> on a key with no object, as S3 does.</summary>
    public long NoSuchKey { get; init; }
}
