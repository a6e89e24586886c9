namespace SparkEtl.Core.Transform;

/// <summary>Why a record went to the <c>errors</c> table. <see cref="ErrorTypes.Code"/> gives the stored code.</summary>
public enum ErrorType
{
    /// <summary><c>decompression-failed</c>: the data starts like gzip but does not inflate.</summary>
    DecompressionFailed,

    /// <summary><c>record-too-large</c>: the data inflates past the per-record limit (a gzip bomb guard).</summary>
    RecordTooLarge,

    /// <summary><c>envelope-invalid</c>: gzip data that is not a CloudWatch Logs subscription envelope.</summary>
    EnvelopeInvalid,

    /// <summary><c>aggregate-invalid</c>: a KPL aggregate that does not parse or whose MD5 does not match.</summary>
    AggregateInvalid,

    /// <summary><c>parse-failed</c>: no ticker JSON object could be read from the data or log message.</summary>
    ParseFailed,

    /// <summary><c>validation-failed</c>: a ticker JSON object whose fields break the contract.</summary>
    ValidationFailed,

    /// <summary><c>late-record</c>: a valid trade whose event time is behind the watermark.</summary>
    LateRecord,

    /// <summary>
    /// <c>event-time-out-of-range</c>: an event time outside 1970-9999, or more than <c>event.maxFutureSkew</c> after the
    /// record's arrival. Such a record never moves a watermark or makes a partition.
    /// </summary>
    EventTimeOutOfRange,

    /// <summary><c>capture-line-invalid</c>: a line of a capture file that is not a Kinesis record (bad base64, missing <c>Data</c>, an arrival time out of range, …).</summary>
    CaptureLineInvalid,
}
