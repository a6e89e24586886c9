namespace SparkEtl.FaultProxy;

/// <summary>
/// What the proxy can do to one request instead of (or besides) forwarding it faithfully. Each kind has the token
/// the <c>--faults</c> syntax and the statistics use (<see cref="FaultKinds.Token"/>).
/// </summary>
public enum FaultKind
{
    /// <summary><c>500</c>: HTTP 500 with the service's error body (Kinesis <c>InternalFailure</c>, S3 <c>InternalError</c>); not forwarded.</summary>
    InternalError,

    /// <summary><c>503</c>: HTTP 503 (Kinesis <c>ServiceUnavailable</c>, S3 <c>ServiceUnavailable</c>); not forwarded.</summary>
    ServiceUnavailable,

    /// <summary><c>slowdown</c>: S3's HTTP 503 <c>SlowDown</c>; S3 requests only; not forwarded.</summary>
    SlowDown,

    /// <summary><c>throughput</c>: Kinesis HTTP 400 <c>ProvisionedThroughputExceededException</c>; GetRecords, PutRecords and PutRecord only; not forwarded.</summary>
    Throughput,

    /// <summary><c>expired</c>: Kinesis HTTP 400 <c>ExpiredIteratorException</c>; GetRecords only; not forwarded.</summary>
    ExpiredIterator,

    /// <summary><c>conflict</c>: S3's HTTP 409 <c>ConditionalRequestConflict</c>; conditional S3 writes only; not forwarded.</summary>
    ConditionalConflict,

    /// <summary><c>reset</c>: one of <see cref="ResetBeforeForwarding"/> and <see cref="ResetAfterForwarding"/>, chosen by the seeded source.</summary>
    Reset,

    /// <summary><c>reset-before</c>: the connection is aborted before anything is forwarded: the request never reached the service.</summary>
    ResetBeforeForwarding,

    /// <summary><c>reset-after</c>: the request is forwarded and answered, then the connection is aborted before the answer is sent: the service did the work, the client cannot know.</summary>
    ResetAfterForwarding,

    /// <summary><c>truncate</c>: the answer's headers (with its full <c>Content-Length</c>) and part of its body are sent, then the connection is aborted. Answers without a body are sent whole.</summary>
    Truncate,

    /// <summary><c>latency</c>: the request waits before it is handled. Independent of the other kinds: a request can get latency and one other fault.</summary>
    Latency,
}
