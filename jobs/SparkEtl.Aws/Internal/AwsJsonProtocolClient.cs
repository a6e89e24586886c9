using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SparkEtl.Core;

namespace SparkEtl.Aws.Internal;

/// <summary>
/// The AWS JSON 1.1 protocol (Kinesis, Glue): every operation is <c>POST /</c> with
/// <c>Content-Type: application/x-amz-json-1.1</c>, <c>X-Amz-Target: {targetPrefix}.{Operation}</c> and a JSON body,
/// signed with SigV4. Errors become <see cref="AwsServiceException"/>; transient ones are retried by
/// <see cref="AwsRetryPolicy"/>. Bodies are (de)serialized with source-generated metadata only.
/// </summary>
internal sealed class AwsJsonProtocolClient : IDisposable
{
    private readonly AwsServiceDescriptor _service;
    private readonly HttpClient _http;
    private readonly AwsCredentialSource _credentials;
    private readonly AwsRequestSigner _signer;
    private readonly AwsRetryPolicy _retry;
    private readonly TimeSpan _attemptTimeout;
    private readonly MediaTypeHeaderValue _contentType;

    public AwsJsonProtocolClient(AwsServiceDescriptor service, AwsClientOptions options, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        _service = service;
        Region = AwsEndpointResolver.ResolveRegion(options);
        Endpoint = AwsEndpointResolver.ResolveEndpoint(service, options, Region);
        if (options.AttemptTimeout <= TimeSpan.Zero)
        {
            throw new ConfigurationException("aws.attemptTimeout", options.AttemptTimeout.ToString(), "a positive time span");
        }

        _attemptTimeout = options.AttemptTimeout;
        _retry = new AwsRetryPolicy(options);
        _signer = new AwsRequestSigner(service.SigningName, Region);
        _credentials = new AwsCredentialSource(options.Credentials);
        _contentType = new MediaTypeHeaderValue(service.ContentType);
#pragma warning disable CA2000 // the HttpClient owns the handler it creates; a caller's handler stays the caller's
        _http = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
#pragma warning restore CA2000
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public string Region { get; }

    public Uri Endpoint { get; }

    public Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        return _retry.ExecuteAsync(ct => SendOnceAsync(operation, body, responseType, ct), cancellationToken);
    }

    public void Dispose()
    {
        _http.Dispose();
        _credentials.Dispose();
    }

    private async Task<TResponse> SendOnceAsync<TResponse>(string operation, byte[] body, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        var target = _service.TargetPrefix + "." + operation;
        var signed = _signer.Sign(
            Endpoint,
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = _service.ContentType,
                ["X-Amz-Target"] = target,
            },
            body,
            credentials);

        using var message = new HttpRequestMessage(HttpMethod.Post, Endpoint);
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.ContentType = _contentType;
        foreach (var (name, value) in signed)
        {
            // Host is what HttpClient derives from the URI (host[:port]); Content-Type sits on the content.
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Headers.UserAgent.ParseAdd("SparkEtl/1.0");

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_attemptTimeout);
        HttpResponseMessage response;
        byte[] responseBody;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AwsServiceException(_service.ServiceId, operation, null, null, null, $"no response within {_attemptTimeout.TotalSeconds:0.###} s from {Endpoint}", isTransient: true, e);
        }
        catch (HttpRequestException e)
        {
            throw new AwsServiceException(_service.ServiceId, operation, null, null, null, $"could not reach {Endpoint}: {e.Message}", isTransient: true, e);
        }

        using (response)
        {
            try
            {
                responseBody = await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new AwsServiceException(_service.ServiceId, operation, null, response.StatusCode, AwsErrorResponse.RequestId(response.Headers), $"the response body did not arrive within {_attemptTimeout.TotalSeconds:0.###} s", isTransient: true, e);
            }
            catch (HttpRequestException e)
            {
                throw new AwsServiceException(_service.ServiceId, operation, null, response.StatusCode, AwsErrorResponse.RequestId(response.Headers), $"the connection broke while reading the response: {e.Message}", isTransient: true, e);
            }

            if (!response.IsSuccessStatusCode)
            {
                var (code, serviceMessage) = AwsErrorResponse.Parse(response.Headers, responseBody);
                var transient = AwsErrorResponse.IsTransientStatus(response.StatusCode) || _service.IsTransientErrorCode(code);
                throw new AwsServiceException(_service.ServiceId, operation, code, response.StatusCode, AwsErrorResponse.RequestId(response.Headers), serviceMessage, transient);
            }

            try
            {
                // Operations without output answer "{}" or, from some stand-ins, nothing.
                return JsonSerializer.Deserialize(responseBody.Length == 0 ? "{}"u8 : responseBody, responseType)
                    ?? throw new JsonException("The response body is JSON null.");
            }
            catch (JsonException e)
            {
                throw new AwsServiceException(
                    _service.ServiceId,
                    operation,
                    null,
                    response.StatusCode,
                    AwsErrorResponse.RequestId(response.Headers),
                    $"the response is not the expected JSON: {e.Message}",
                    isTransient: false,
                    e);
            }
        }
    }
}
