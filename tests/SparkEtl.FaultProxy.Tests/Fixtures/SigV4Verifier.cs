using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SparkEtl.FaultProxy.Tests.Fixtures;

/// <summary>
/// Recomputes an AWS Signature Version 4 from a request as the service received it (AWS General Reference, "Create a
/// signed AWS API request"), the check kinesalite and s3rver skip: canonical request (method, URI, sorted query,
/// signed headers, payload hash), string to sign, and the HMAC chain from the secret key.
/// </summary>
public static class SigV4Verifier
{
    /// <summary>Returns null when the signature verifies, else what differs (with the canonical request).</summary>
    public static string? Verify(RecordedRequest request, string secretKey)
    {
        var authorization = request.Header("Authorization") ?? throw new InvalidOperationException("The request is not signed.");
        const string Algorithm = "AWS4-HMAC-SHA256 ";
        Assert.StartsWith(Algorithm, authorization, StringComparison.Ordinal);
        var fields = authorization[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(f => f.Split('=', 2))
            .ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        var credential = fields["Credential"].Split('/');
        var (date, region, service) = (credential[1], credential[2], credential[3]);
        var signedHeaders = fields["SignedHeaders"].Split(';');

        var queryStart = request.RawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? request.RawTarget : request.RawTarget[..queryStart];
        var query = queryStart < 0 ? string.Empty : request.RawTarget[(queryStart + 1)..];
        var canonicalQuery = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty))))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var value = request.Header(name) ?? throw new InvalidOperationException($"Signed header {name} did not arrive.");
            canonicalHeaders.Append(name).Append(':').Append(string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        var payloadHash = request.Header("x-amz-content-sha256") ?? Hex(SHA256.HashData(request.Body));
        var canonicalRequest = string.Join('\n', request.Method, path, canonicalQuery, canonicalHeaders.ToString(), fields["SignedHeaders"], payloadHash);
        var amzDate = request.Header("x-amz-date") ?? throw new InvalidOperationException("No x-amz-date.");
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return expected == fields["Signature"] ? null : $"signature {fields["Signature"]} != recomputed {expected}; canonical request:\n{canonicalRequest}";
    }

    /// <summary>SigV4's URI encoding: every byte but the unreserved characters as %XX (upper-case hex).</summary>
    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
