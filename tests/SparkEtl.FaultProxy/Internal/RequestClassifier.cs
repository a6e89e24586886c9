using Microsoft.AspNetCore.Http;

namespace SparkEtl.FaultProxy.Internal;

/// <summary>
/// Names a request's service and operation from what is on the wire: the AWS JSON protocol's <c>X-Amz-Target</c>
/// (<c>{prefix}.{Operation}</c>), else the S3 REST API's method, path-style <c>/bucket/key</c> and sub-resources.
/// </summary>
internal static class RequestClassifier
{
    public static RequestTarget Classify(string method, string rawTarget, IHeaderDictionary headers)
    {
        var target = headers["X-Amz-Target"].ToString();
        if (target.Length > 0)
        {
            var dot = target.LastIndexOf('.');
            var prefix = dot < 0 ? target : target[..dot];
            var operation = dot < 0 ? target : target[(dot + 1)..];
            return new RequestTarget(ServiceOfTargetPrefix(prefix), operation, method, null, null);
        }

        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var query = queryStart < 0 ? string.Empty : rawTarget[(queryStart + 1)..];
        var trimmed = path.TrimStart('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        string? bucket = trimmed.Length == 0 ? null : Uri.UnescapeDataString(slash < 0 ? trimmed : trimmed[..slash]);
        string? key = slash < 0 || slash == trimmed.Length - 1 ? null : Uri.UnescapeDataString(trimmed[(slash + 1)..]);
        var s3Operation = S3Operation(method, bucket, key, query, headers);
        var honoursConditions = s3Operation is "PutObject" or "CopyObject" or "CompleteMultipartUpload";
        return new RequestTarget(RequestTarget.S3, s3Operation, method, bucket, key)
        {
            IfNoneMatch = honoursConditions ? NullIfEmpty(headers.IfNoneMatch.ToString()) : null,
            IfMatch = honoursConditions ? NullIfEmpty(headers.IfMatch.ToString()) : null,
        };
    }

    /// <summary><c>Kinesis_20131202</c> → <c>kinesis</c>; any other prefix lower-cased with its <c>_version</c> dropped (<c>AWSGlue</c> → <c>awsglue</c>).</summary>
    private static string ServiceOfTargetPrefix(string prefix)
    {
        var underscore = prefix.IndexOf('_', StringComparison.Ordinal);
        var name = underscore < 0 ? prefix : prefix[..underscore];
#pragma warning disable CA1308 // service names in scopes and statistics are lower-case by convention (s3, kinesis)
        return name.ToLowerInvariant();
#pragma warning restore CA1308
    }

    private static string S3Operation(string method, string? bucket, string? key, string query, IHeaderDictionary headers)
    {
        var has = QueryKeys(query);
        if (bucket is null)
        {
            return method == "GET" ? "ListBuckets" : method + "Service";
        }

        if (key is null)
        {
            return method switch
            {
                "GET" when has.Contains("list-type") => "ListObjectsV2",
                "GET" when has.Contains("uploads") => "ListMultipartUploads",
                "GET" when has.Contains("location") => "GetBucketLocation",
                "GET" => "ListObjects",
                "PUT" => "CreateBucket",
                "HEAD" => "HeadBucket",
                "DELETE" => "DeleteBucket",
                "POST" when has.Contains("delete") => "DeleteObjects",
                _ => method + "Bucket",
            };
        }

        return method switch
        {
            "GET" when has.Contains("uploadId") => "ListParts",
            "GET" => "GetObject",
            "HEAD" => "HeadObject",
            "PUT" when has.Contains("uploadId") && headers.ContainsKey("x-amz-copy-source") => "UploadPartCopy",
            "PUT" when has.Contains("uploadId") => "UploadPart",
            "PUT" when headers.ContainsKey("x-amz-copy-source") => "CopyObject",
            "PUT" => "PutObject",
            "POST" when has.Contains("uploads") => "CreateMultipartUpload",
            "POST" when has.Contains("uploadId") => "CompleteMultipartUpload",
            "DELETE" when has.Contains("uploadId") => "AbortMultipartUpload",
            "DELETE" => "DeleteObject",
            _ => method + "Object",
        };
    }

    private static HashSet<string> QueryKeys(string query)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            keys.Add(Uri.UnescapeDataString(equals < 0 ? part : part[..equals]));
        }

        return keys;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
