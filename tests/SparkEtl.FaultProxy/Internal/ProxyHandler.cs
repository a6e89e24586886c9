using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SparkEtl.FaultProxy.Internal;

/// <summary>
/// Handles every request: the administrative ones under <c>/__faultproxy/</c>, and the rest by deciding its faults,
/// then answering in the service's place, resetting, or forwarding (with S3 conditional writes evaluated and
/// serialized per <c>bucket/key</c>) and passing the answer on whole, cut short, or not at all.
/// </summary>
internal sealed class ProxyHandler : IDisposable
{
    public const string AdminPrefix = "/__faultproxy";

    /// <summary>How long a received upload may take to reach the upstream once its client has gone.</summary>
    private static readonly TimeSpan WholeBodyForwardTimeout = TimeSpan.FromMinutes(2);

    private readonly UpstreamForwarder _forwarder;
    private readonly FaultDecider _decider;
    private readonly KeyedLock _objectWrites = new();
    private readonly StatsRecorder _stats = new();
    private FaultPlan _plan;
    private long _ordinal = -1;

    public ProxyHandler(Uri upstream, FaultPlan plan, long seed)
    {
        _forwarder = new UpstreamForwarder(upstream);
        _decider = new FaultDecider(seed);
        _plan = plan;
    }

    public FaultPlan Plan
    {
        get => Volatile.Read(ref _plan);
        set => Volatile.Write(ref _plan, value ?? throw new ArgumentNullException(nameof(value)));
    }

    public FaultProxyStats Stats => _stats.Snapshot();

    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            if (context.Request.Path.StartsWithSegments(AdminPrefix, StringComparison.Ordinal))
            {
                await HandleAdminAsync(context, cancellationToken).ConfigureAwait(false);
                return;
            }

            await ProxyAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (e is IOException or HttpRequestException && context.Response.HasStarted)
        {
            // The upstream's body broke off mid-answer: pass the break on rather than end the body early and cleanly.
            ResponseWriter.Reset(context);
        }
    }

    public void Dispose() => _forwarder.Dispose();

    private async Task ProxyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToUriComponent();
        var request = RequestClassifier.Classify(context.Request.Method, rawTarget, context.Request.Headers);
        var ordinal = Interlocked.Increment(ref _ordinal);
        var decision = _decider.Decide(Plan, request, ordinal);
        _stats.Received(request, decision.Latency);
        if (decision.Latency > TimeSpan.Zero)
        {
            await Task.Delay(decision.Latency, cancellationToken).ConfigureAwait(false);
        }

        switch (decision.Fault)
        {
            case FaultKind.ResetBeforeForwarding:
                _stats.Injected(request, FaultKind.ResetBeforeForwarding);
                ResponseWriter.Reset(context);
                return;
            case FaultKind.InternalError or FaultKind.ServiceUnavailable or FaultKind.SlowDown or FaultKind.Throughput or FaultKind.ExpiredIterator or FaultKind.ConditionalConflict:
                _stats.Injected(request, decision.Fault.Value);
                using (var error = ServiceErrors.ForFault(decision.Fault.Value, request, ordinal))
                {
                    await ResponseWriter.WriteAsync(context, error, cancellationToken).ConfigureAwait(false);
                }

                return;
        }

        byte[]? body = null;
        if (request.CarriesObjectBytes)
        {
            body = await UpstreamForwarder.ReceiveBodyAsync(context, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                _stats.BodyCutShort();
                ResponseWriter.Reset(context);
                return;
            }
        }

        ProxyResponse response;
        try
        {
            response = await ProduceAsync(context, request, body, ordinal, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            _stats.UpstreamFailed();
            response = ServiceErrors.BadGateway($"fault proxy: the upstream failed for {request.Name}: {e.Message}");
        }

        using (response)
        {
            switch (decision.Fault)
            {
                case FaultKind.ResetAfterForwarding:
                    _stats.Injected(request, FaultKind.ResetAfterForwarding);
                    ResponseWriter.Reset(context);
                    break;
                case FaultKind.Truncate:
                    if (await ResponseWriter.WriteTruncatedAsync(context, response, decision.TruncateAt, cancellationToken).ConfigureAwait(false))
                    {
                        _stats.Injected(request, FaultKind.Truncate);
                    }

                    break;
                default:
                    await ResponseWriter.WriteAsync(context, response, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>
    /// The upstream's answer, or the proxy's own for a conditional write whose precondition does not hold. An upload
    /// whose whole body has arrived goes on to the upstream even if its client goes away meanwhile: S3 stores such an
    /// object whole or not at all, while s3rver would keep whatever part of the forwarded body had reached it.
    /// </summary>
    private async Task<ProxyResponse> ProduceAsync(HttpContext context, RequestTarget request, byte[]? body, long ordinal, CancellationToken cancellationToken)
    {
        using var detached = body is null ? null : new CancellationTokenSource(WholeBodyForwardTimeout);
        var forwarding = detached?.Token ?? cancellationToken;
        if (!request.WritesObject)
        {
            var answer = await _forwarder.ForwardAsync(context, body, forwarding).ConfigureAwait(false);
            _stats.Forwarded();
            return answer;
        }

        // Writes to one object go one at a time, so a conditional write's check and its write are one step for every
        // other request through the proxy (S3 makes them atomic; s3rver does not evaluate them at all).
        using var hold = await _objectWrites.EnterAsync(request.Path, cancellationToken).ConfigureAwait(false);
        if (request.IsConditionalWrite && await EvaluateConditionsAsync(context, request, ordinal, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var written = await _forwarder.ForwardAsync(context, body, forwarding).ConfigureAwait(false);
        _stats.Forwarded();
        return written;
    }

    /// <summary>
    /// S3's conditional writes (user guide, "How to prevent object overwrites with conditional writes"):
    /// <c>If-None-Match: *</c> fails with 412 PreconditionFailed when the key has an object; <c>If-Match: etag</c> fails
    /// with 404 NoSuchKey when it has none and 412 when the ETag differs. Null when the write may go ahead.
    /// </summary>
    private async Task<ProxyResponse?> EvaluateConditionsAsync(HttpContext context, RequestTarget request, long ordinal, CancellationToken cancellationToken)
    {
        if (request.IfNoneMatch is { } noneMatch && noneMatch.Trim() != "*")
        {
            return ServiceErrors.NotImplemented(request, $"If-None-Match on a write takes only *, got {noneMatch}", ordinal);
        }

        var (exists, etag) = await _forwarder.HeadObjectAsync(context, cancellationToken).ConfigureAwait(false);
        if (request.IfMatch is { } match)
        {
            if (!exists)
            {
                _stats.NoSuchKey();
                return ServiceErrors.NoSuchKey(request, ordinal);
            }

            if (!ETags.AnyMatches(match, etag))
            {
                _stats.PreconditionFailed();
                return ServiceErrors.PreconditionFailed(request, "If-Match", ordinal);
            }
        }

        if (request.IfNoneMatch is not null && exists)
        {
            _stats.PreconditionFailed();
            return ServiceErrors.PreconditionFailed(request, "If-None-Match", ordinal);
        }

        _stats.ConditionPassed();
        return null;
    }

    private async Task HandleAdminAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var response = context.Response;
        switch (context.Request.Method, path[AdminPrefix.Length..])
        {
            case ("GET", "/stats"):
                response.ContentType = "application/json";
                await response.WriteAsync(Stats.ToJson() + "\n", cancellationToken).ConfigureAwait(false);
                return;
            case ("GET", "/faults"):
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(Plan + "\n", cancellationToken).ConfigureAwait(false);
                return;
            case ("PUT", "/faults"):
                string text;
                using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
                {
                    text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                }

                response.ContentType = "text/plain; charset=utf-8";
                try
                {
                    Plan = FaultPlan.Parse(text);
                }
                catch (FormatException e)
                {
                    response.StatusCode = 400;
                    await response.WriteAsync(e.Message + "\n", cancellationToken).ConfigureAwait(false);
                    return;
                }

                await response.WriteAsync(Plan + "\n", cancellationToken).ConfigureAwait(false);
                return;
            default:
                response.StatusCode = 404;
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync($"fault proxy: GET {AdminPrefix}/stats, GET or PUT {AdminPrefix}/faults\n", cancellationToken).ConfigureAwait(false);
                return;
        }
    }
}
