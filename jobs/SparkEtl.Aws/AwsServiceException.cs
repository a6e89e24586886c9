using System.Net;
using SparkEtl.Core;

namespace SparkEtl.Aws;

/// <summary>
/// An AWS call failed: the service answered with an error, or the request never got an answer (connection
/// failure, timeout). <see cref="SparkEtlException.IsTransient"/> is true for throttling, 5xx answers, timeouts
/// and connection failures: the same call may succeed later.
/// </summary>
public sealed class AwsServiceException : SparkEtlException
{
    public AwsServiceException(
        string service,
        string operation,
        string? errorCode,
        HttpStatusCode? statusCode,
        string? requestId,
        string? serviceMessage,
        bool isTransient,
        Exception? innerException = null)
        : base(FormatMessage(service, operation, errorCode, statusCode, requestId, serviceMessage), isTransient, innerException)
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestId = requestId;
        ServiceMessage = serviceMessage;
    }

    /// <summary>The service's name, e.g. <c>Kinesis</c>, <c>Glue</c>, <c>S3</c>.</summary>
    public string Service { get; }

    /// <summary>The API operation, e.g. <c>GetRecords</c>.</summary>
    public string Operation { get; }

    /// <summary>
    /// The AWS error code without namespace, e.g. <c>ResourceNotFoundException</c>; null when no answer came
    /// (connection failure, timeout) or the answer carried no code.
    /// </summary>
    public string? ErrorCode { get; }

    /// <summary>The HTTP status of the answer, or null when none came.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The request id the service assigned (<c>x-amzn-RequestId</c>), for AWS support.</summary>
    public string? RequestId { get; }

    /// <summary>The service's own message, or ours when no answer came.</summary>
    public string? ServiceMessage { get; }

    private static string FormatMessage(string service, string operation, string? errorCode, HttpStatusCode? statusCode, string? requestId, string? serviceMessage)
    {
        var status = statusCode is { } s ? $"HTTP {(int)s}" : "no response";
        var id = requestId is null ? string.Empty : $", request id {requestId}";
        return $"{service} {operation} failed: {errorCode ?? "no error code"} ({status}{id}): {serviceMessage ?? "no message"}";
    }
}
