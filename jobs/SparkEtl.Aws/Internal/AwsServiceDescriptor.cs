namespace SparkEtl.Aws.Internal;

/// <summary>
/// What a JSON-protocol client needs to know about its service, as the service model's metadata says it
/// (botocore <c>service-2.json</c>: <c>serviceId</c>, <c>endpointPrefix</c>, <c>signingName</c>, <c>targetPrefix</c>).
/// </summary>
internal sealed class AwsServiceDescriptor
{
    // Codes every AWS service may use for throttling or a transient server fault (botocore's standard retry mode).
    // Declared before the instances below: static fields initialise in textual order.
    private static readonly string[] CommonTransientCodes =
    [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException", "RequestTimeout", "RequestTimeoutException", "ServiceUnavailable", "InternalError",
    ];

    public static readonly AwsServiceDescriptor Kinesis = new(
        "Kinesis",
        endpointPrefix: "kinesis",
        signingName: "kinesis",
        targetPrefix: "Kinesis_20131202",
        jsonVersion: "1.1",
        // Kinesis reports throttling as LimitExceededException on control-plane calls (ListShards,
        // DescribeStreamSummary, CreateStream, ...) and ProvisionedThroughputExceededException on data-plane calls.
        ["ProvisionedThroughputExceededException", "LimitExceededException", "KMSThrottlingException", "InternalFailureException"]);

    public static readonly AwsServiceDescriptor Glue = new(
        "Glue",
        endpointPrefix: "glue",
        signingName: "glue",
        targetPrefix: "AWSGlue",
        jsonVersion: "1.1",
        ["InternalServiceException", "OperationTimeoutException", "FederationSourceRetryableException"]);

    // ConditionalRequestConflict (409): another conditional write to the key was in flight; S3 says to retry.
    public static readonly AwsServiceDescriptor S3 = new("S3", endpointPrefix: "s3", signingName: "s3", targetPrefix: string.Empty, jsonVersion: string.Empty, ["ConditionalRequestConflict"]);

    private readonly HashSet<string> _transientCodes;

    private AwsServiceDescriptor(string serviceId, string endpointPrefix, string signingName, string targetPrefix, string jsonVersion, string[] transientCodes)
    {
        ServiceId = serviceId;
        EndpointPrefix = endpointPrefix;
        SigningName = signingName;
        TargetPrefix = targetPrefix;
        ContentType = jsonVersion.Length == 0 ? string.Empty : "application/x-amz-json-" + jsonVersion;
        _transientCodes = new HashSet<string>(CommonTransientCodes.Concat(transientCodes), StringComparer.Ordinal);
    }

    /// <summary>The model's <c>serviceId</c>, e.g. <c>Kinesis</c>; upper-cased it names <c>AWS_ENDPOINT_URL_KINESIS</c>.</summary>
    public string ServiceId { get; }

    public string EndpointPrefix { get; }

    public string SigningName { get; }

    /// <summary>The <c>X-Amz-Target</c> prefix: the header is <c>{TargetPrefix}.{Operation}</c>.</summary>
    public string TargetPrefix { get; }

    public string ContentType { get; }

    /// <summary>The environment variable naming this service's endpoint, e.g. <c>AWS_ENDPOINT_URL_KINESIS</c>.</summary>
    public string EndpointEnvironmentVariable => "AWS_ENDPOINT_URL_" + ServiceId.ToUpperInvariant().Replace(' ', '_');

    /// <summary>True when an error with this code is throttling or a transient fault of this service.</summary>
    public bool IsTransientErrorCode(string? code) => code is not null && _transientCodes.Contains(code);
}
