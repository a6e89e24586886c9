using System.Net;

namespace SparkEtl.FaultProxy;

/// <summary>How to start a <see cref="FaultInjectingProxy"/>.</summary>
public sealed class FaultProxyOptions
{
    /// <summary>The service requests go on to, e.g. kinesalite's or s3rver's <c>http://127.0.0.1:PORT</c>: plain HTTP on a loopback address, no path.</summary>
    public required Uri Upstream { get; init; }

    /// <summary>Where the proxy listens: a loopback address (127.0.0.0/8 or ::1); port 0 (the default) picks a free port.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>The faults to inject from the start (default none: a faithful pass-through); changeable at run time.</summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;

    /// <summary>The seed of the fault decisions: the same seed and the same sequence of requests give the same faults (default 0).</summary>
    public long Seed { get; init; }
}
