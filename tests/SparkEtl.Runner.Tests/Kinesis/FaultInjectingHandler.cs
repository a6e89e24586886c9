using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace SparkEtl.Runner.Tests.Kinesis;

/// <summary>
/// Sends requests on to kinesalite, except those <c>fault</c> picks: for them it answers with a Kinesis error instead
/// (the request never reaches kinesalite). Every request is logged with its operation and time.
/// </summary>
internal sealed class FaultInjectingHandler : DelegatingHandler
{
    private readonly Func<string, int, Fault?> _fault;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <param name="fault">Given the operation and its 1-based call number, the error to answer with, or null to pass it on.</param>
    public FaultInjectingHandler(Func<string, int, Fault?> fault)
        : base(new SocketsHttpHandler())
    {
        _fault = fault;
    }

    /// <summary>Every request in order: its operation, when it was sent, and the fault it got (null: kinesalite answered).</summary>
    public ConcurrentQueue<(string Operation, long Timestamp, string? Fault)> Calls { get; } = new();

    public int CountOf(string operation, bool faulted) => Calls.Count(c => c.Operation == operation && (c.Fault is not null) == faulted);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = request.Headers.GetValues("X-Amz-Target").Single().Split('.')[1];
        var number = _counts.AddOrUpdate(operation, 1, (_, n) => n + 1);
        var fault = _fault(operation, number);
        Calls.Enqueue((operation, Stopwatch.GetTimestamp(), fault?.Code));
        if (fault is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        return new HttpResponseMessage(fault.Status)
        {
            Content = new StringContent($"{{\"__type\":\"{fault.Code}\",\"message\":\"injected by the test\"}}", Encoding.UTF8, "application/x-amz-json-1.1"),
        };
    }

    /// <summary>An error answer: the HTTP status and the Kinesis error code.</summary>
    public sealed record Fault(HttpStatusCode Status, string Code)
    {
        public static Fault Throttled { get; } = new(HttpStatusCode.BadRequest, "ProvisionedThroughputExceededException");

        public static Fault ExpiredIterator { get; } = new(HttpStatusCode.BadRequest, "ExpiredIteratorException");

        public static Fault InternalFailure { get; } = new(HttpStatusCode.InternalServerError, "InternalFailure");

        public static Fault LimitExceeded { get; } = new(HttpStatusCode.BadRequest, "LimitExceededException");
    }
}
