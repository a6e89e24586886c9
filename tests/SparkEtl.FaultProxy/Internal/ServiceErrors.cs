using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.Primitives;

namespace SparkEtl.FaultProxy.Internal;

/// <summary>
/// Error answers in each service's own shape, so clients parse them as they would the real service's:
/// the AWS JSON 1.1 protocol's <c>{"__type":code,"message":...}</c> with <c>x-amzn-RequestId</c> (Kinesis), and the
/// S3 REST API's <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;RequestId/&gt;&lt;HostId/&gt;&lt;/Error&gt;</c> with
/// <c>x-amz-request-id</c> and <c>x-amz-id-2</c> (no body for HEAD).
/// </summary>
internal static class ServiceErrors
{
    public const string FaultHeader = "x-faultproxy-fault";

    /// <summary>The error answer for an injected <paramref name="fault"/> (a kind that answers in the service's place).</summary>
    public static ProxyResponse ForFault(FaultKind fault, RequestTarget request, long ordinal)
    {
        var id = RequestId(ordinal);
        var response = request.IsS3
            ? fault switch
            {
                FaultKind.InternalError => S3(500, "InternalError", "We encountered an internal error. Please try again.", request, id),
                FaultKind.ServiceUnavailable => S3(503, "ServiceUnavailable", "Service is unable to handle request.", request, id),
                FaultKind.SlowDown => S3(503, "SlowDown", "Please reduce your request rate.", request, id),
                FaultKind.ConditionalConflict => S3(409, "ConditionalRequestConflict", "A conflicting conditional operation is currently in progress against this resource. Please try again.", request, id),
                _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "Not an S3 error fault."),
            }
            : fault switch
            {
                FaultKind.InternalError => Json(500, "InternalFailure", "Internal service failure.", id),
                FaultKind.ServiceUnavailable => Json(503, "ServiceUnavailable", "Service unavailable, try again later.", id),
                FaultKind.Throughput => Json(400, "ProvisionedThroughputExceededException", "Rate exceeded for shard in stream under account 000000000000.", id),
                FaultKind.ExpiredIterator => Json(400, "ExpiredIteratorException", "Iterator expired. The iterator is older than the tolerated 300000 milliseconds.", id),
                _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "Not a JSON-protocol error fault."),
            };
        return new ProxyResponse(response.Status, null, response.Headers, response.ContentLength, response.Body, null) { InjectedFault = FaultKinds.Token(fault) };
    }

    /// <summary>S3's answer to a conditional write whose precondition did not hold: 412 <c>PreconditionFailed</c>.</summary>
    public static ProxyResponse PreconditionFailed(RequestTarget request, string condition, long ordinal) =>
        S3(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", request, RequestId(ordinal), ("Condition", condition));

    /// <summary>S3's answer to <c>If-Match</c> on a key with no object: 404 <c>NoSuchKey</c>.</summary>
    public static ProxyResponse NoSuchKey(RequestTarget request, long ordinal) =>
        S3(404, "NoSuchKey", "The specified key does not exist.", request, RequestId(ordinal), ("Key", request.Key ?? string.Empty));

    /// <summary>S3's answer to a condition the proxy does not evaluate (e.g. <c>If-None-Match</c> with an ETag on a write).</summary>
    public static ProxyResponse NotImplemented(RequestTarget request, string message, long ordinal) =>
        S3(501, "NotImplemented", message, request, RequestId(ordinal));

    /// <summary>The proxy's own failure to reach the upstream: 502, plain text.</summary>
    public static ProxyResponse BadGateway(string message) =>
        ProxyResponse.FromBytes(502, [new("Content-Type", "text/plain; charset=utf-8")], Encoding.UTF8.GetBytes(message + "\n"));

    private static ProxyResponse Json(int status, string code, string message, string requestId)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["__type"] = code, ["message"] = message + " (injected by the fault proxy)" });
        return ProxyResponse.FromBytes(status, [new("Content-Type", "application/x-amz-json-1.1"), new("x-amzn-RequestId", requestId)], body);
    }

    private static ProxyResponse S3(int status, string code, string message, RequestTarget request, string requestId, params (string Name, string Value)[] extra)
    {
        var hostId = Convert.ToBase64String(Encoding.ASCII.GetBytes("faultproxy-" + requestId));
        StringValues date = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        if (request.Method == "HEAD")
        {
            // A HEAD answer has no body; S3 puts only the status (and ids) on the wire.
            return ProxyResponse.FromBytes(status, [new("x-amz-request-id", requestId), new("x-amz-id-2", hostId), new("Date", date)], []);
        }

        var error = new XElement("Error", new XElement("Code", code), new XElement("Message", message));
        foreach (var (name, value) in extra)
        {
            error.Add(new XElement(name, value));
        }

        error.Add(new XElement("RequestId", requestId), new XElement("HostId", hostId));
        var body = Encoding.UTF8.GetBytes(new XDocument(new XDeclaration("1.0", "UTF-8", null), error).Declaration + error.ToString(SaveOptions.DisableFormatting));
        return ProxyResponse.FromBytes(
            status,
            [new("Content-Type", "application/xml"), new("x-amz-request-id", requestId), new("x-amz-id-2", hostId), new("Date", date)],
            body);
    }

    /// <summary>A request id that names the proxy and the request's ordinal, so a log line leads back to the fault.</summary>
    private static string RequestId(long ordinal) => "FAULTPROXY" + ordinal.ToString("X6", CultureInfo.InvariantCulture);
}
