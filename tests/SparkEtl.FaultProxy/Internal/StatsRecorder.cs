using System.Collections.Concurrent;

namespace SparkEtl.FaultProxy.Internal;

/// <summary>The proxy's counters, safe for concurrent requests; <see cref="Snapshot"/> copies them.</summary>
internal sealed class StatsRecorder
{
    private readonly ConcurrentDictionary<string, Counters> _operations = new(StringComparer.Ordinal);
    private long _requests;
    private long _forwarded;
    private long _upstreamFailures;
    private long _passed;
    private long _preconditionFailed;
    private long _noSuchKey;
    private long _bodiesCutShort;

    /// <summary>Counts a request, and its added wait when it got one.</summary>
    public void Received(RequestTarget request, TimeSpan latency)
    {
        Interlocked.Increment(ref _requests);
        var counters = CountersOf(request);
        Interlocked.Increment(ref counters.Requests);
        if (latency > TimeSpan.Zero)
        {
            counters.Faults.AddOrUpdate(FaultKinds.Token(FaultKind.Latency), 1, (_, n) => n + 1);
        }
    }

    /// <summary>Counts a fault once it has been done to the request (a truncation only when there was a body to cut).</summary>
    public void Injected(RequestTarget request, FaultKind fault) =>
        CountersOf(request).Faults.AddOrUpdate(FaultKinds.Token(fault), 1, (_, n) => n + 1);

    public void Forwarded() => Interlocked.Increment(ref _forwarded);

    public void UpstreamFailed() => Interlocked.Increment(ref _upstreamFailures);

    public void ConditionPassed() => Interlocked.Increment(ref _passed);

    public void PreconditionFailed() => Interlocked.Increment(ref _preconditionFailed);

    public void NoSuchKey() => Interlocked.Increment(ref _noSuchKey);

    public void BodyCutShort() => Interlocked.Increment(ref _bodiesCutShort);

    private Counters CountersOf(RequestTarget request) => _operations.GetOrAdd(request.Name, _ => new Counters());

    public FaultProxyStats Snapshot()
    {
        var totals = FaultKinds.Applied.ToDictionary(FaultKinds.Token, _ => 0L, StringComparer.Ordinal);
        var operations = new SortedDictionary<string, OperationStats>(StringComparer.Ordinal);
        foreach (var (name, counters) in _operations)
        {
            var faults = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (token, n) in counters.Faults)
            {
                faults[token] = n;
                totals[token] += n;
            }

            operations[name] = new OperationStats { Requests = Interlocked.Read(ref counters.Requests), Faults = faults };
        }

        return new FaultProxyStats
        {
            Requests = Interlocked.Read(ref _requests),
            Forwarded = Interlocked.Read(ref _forwarded),
            UpstreamFailures = Interlocked.Read(ref _upstreamFailures),
            BodiesCutShort = Interlocked.Read(ref _bodiesCutShort),
            Faults = totals,
            Operations = operations,
            ConditionalWrites = new ConditionalWriteStats
            {
                Passed = Interlocked.Read(ref _passed),
                PreconditionFailed = Interlocked.Read(ref _preconditionFailed),
                NoSuchKey = Interlocked.Read(ref _noSuchKey),
            },
        };
    }

    private sealed class Counters
    {
        public long Requests;

        public ConcurrentDictionary<string, long> Faults { get; } = new(StringComparer.Ordinal);
    }
}
