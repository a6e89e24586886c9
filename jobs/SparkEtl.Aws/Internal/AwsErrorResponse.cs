using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SparkEtl.Aws.Internal;

/// <summary>
/// Reads the error of an AWS JSON-protocol answer: the code from the <c>x-amzn-ErrorType</c> header or the body's
/// <c>__type</c> (or <c>code</c>), without its namespace (<c>aws.foo#Code</c>) or URI suffix (<c>Code:http://…</c>),
/// and the message from <c>message</c>, <c>Message</c> or <c>errorMessage</c>.
/// </summary>
internal static class AwsErrorResponse
{
    public static (string? Code, string? Message) Parse(HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        string? code = null;
        if (headers.TryGetValues("x-amzn-ErrorType", out var values))
        {
            code = values.FirstOrDefault();
        }

        string? message = null;
        if (!body.IsEmpty)
        {
            try
            {
                var reader = new Utf8JsonReader(body);
                if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isType = reader.ValueTextEquals("__type"u8) || reader.ValueTextEquals("code"u8);
                        var isMessage = reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("Message"u8) || reader.ValueTextEquals("errorMessage"u8);
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            if (isType)
                            {
                                code ??= reader.GetString();
                            }
                            else if (isMessage)
                            {
                                message ??= reader.GetString();
                            }
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, a truncated body): keep what the headers said.
            }
        }

        return (Sanitize(code), message);
    }

    public static string? RequestId(HttpResponseHeaders headers)
    {
        foreach (var name in (ReadOnlySpan<string>)["x-amzn-RequestId", "x-amz-request-id"])
        {
            if (headers.TryGetValues(name, out var values))
            {
                return values.FirstOrDefault();
            }
        }

        return null;
    }

    public static bool IsTransientStatus(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    private static string? Sanitize(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        code = code.Trim();
        return code.Length == 0 ? null : code;
    }
}
