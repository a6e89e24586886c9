using SparkEtl.FaultProxy.Internal;

namespace SparkEtl.FaultProxy;

/// <summary>
/// Which requests a fault rule applies to: <c>service[:operation-or-method[:bucket/key-prefix]]</c>.
/// <list type="bullet">
/// <item><c>kinesis</c>: every Kinesis request; <c>kinesis:GetRecords</c>: one operation (the part after the dot of
/// <c>X-Amz-Target</c>).</item>
/// <item><c>s3</c>: every S3 request; <c>s3:PUT</c> (or GET, POST, DELETE, HEAD): one HTTP method; <c>s3:PutObject</c>: one
/// S3 operation; <c>s3:PUT:bucket/checkpoint/</c> or <c>s3:*:bucket/checkpoint/</c>: requests whose <c>bucket/key</c>
/// starts with the prefix.</item>
/// </list>
/// Services and operations compare case-insensitively, key prefixes exactly.
/// </summary>
public sealed class FaultScope
{
    private static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE", "HEAD"];

    private FaultScope(string service, string? method, string? operation, string? pathPrefix)
    {
        Service = service;
        Method = method;
        Operation = operation;
        PathPrefix = pathPrefix;
    }

    /// <summary>The service, <c>kinesis</c> or <c>s3</c> (or another JSON-protocol target prefix, lower-case).</summary>
    public string Service { get; }

    /// <summary>The HTTP method, or null for any.</summary>
    public string? Method { get; }

    /// <summary>The operation, e.g. <c>GetRecords</c> or <c>PutObject</c>, or null for any.</summary>
    public string? Operation { get; }

    /// <summary>The S3 <c>bucket/key</c> prefix, or null for any.</summary>
    public string? PathPrefix { get; }

    /// <summary>Parses a scope; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static FaultScope Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':', 3);
        var service = parts[0].Trim();
        if (service.Length == 0)
        {
            throw new FormatException($"scope \"{text}\": the service is missing (kinesis or s3)");
        }

#pragma warning disable CA1308 // service names are lower-case by convention
        service = service.ToLowerInvariant();
#pragma warning restore CA1308
        string? method = null;
        string? operation = null;
        if (parts.Length > 1)
        {
            var second = parts[1].Trim();
            if (second.Length == 0)
            {
                throw new FormatException($"scope \"{text}\": the operation or method after \"{service}:\" is empty");
            }

            if (second == "*")
            {
                // Any method.
            }
            else if (Methods.Contains(second, StringComparer.Ordinal))
            {
                method = second;
            }
            else
            {
                operation = second;
            }
        }

        string? prefix = null;
        if (parts.Length > 2)
        {
            if (service != RequestTarget.S3)
            {
                throw new FormatException($"scope \"{text}\": only s3 scopes take a bucket/key prefix");
            }

            prefix = parts[2].TrimStart('/');
            if (prefix.Length == 0)
            {
                throw new FormatException($"scope \"{text}\": the bucket/key prefix after the second ':' is empty");
            }
        }

        if (service != RequestTarget.S3 && method is not null)
        {
            throw new FormatException($"scope \"{text}\": {service} requests are all POST; name an operation instead (e.g. {service}:GetRecords)");
        }

        return new FaultScope(service, method, operation, prefix);
    }

    /// <summary>The scope as <see cref="Parse"/> reads it.</summary>
    public override string ToString()
    {
        var text = Service;
        if (Method is not null || Operation is not null || PathPrefix is not null)
        {
            text += ":" + (Method ?? Operation ?? "*");
        }

        return PathPrefix is null ? text : text + ":" + PathPrefix;
    }

    internal bool Matches(RequestTarget request) =>
        string.Equals(Service, request.Service, StringComparison.OrdinalIgnoreCase)
        && (Method is null || string.Equals(Method, request.Method, StringComparison.OrdinalIgnoreCase))
        && (Operation is null || string.Equals(Operation, request.Operation, StringComparison.OrdinalIgnoreCase))
        && (PathPrefix is null || request.Path.StartsWith(PathPrefix, StringComparison.Ordinal));
}
