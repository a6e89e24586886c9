using System.Net;

namespace SparkEtl.Status;

/// <summary>Where and how a <see cref="StatusServer"/> serves a run's status page.</summary>
public sealed record StatusServerOptions
{
    /// <summary>The TCP port to listen on (<c>--status-port</c>); 0 picks a free one (see <see cref="StatusServer.Address"/>). 0 to 65535.</summary>
    public int Port { get; init; }

    /// <summary>
    /// The address to listen on (<c>--status-bind</c>). Default <see cref="IPAddress.Loopback"/>: the page is seen
    /// from this machine only. Any other than a loopback address (127.0.0.0/8, ::1) is refused unless
    /// <see cref="AllowNonLoopback"/> is set.
    /// </summary>
    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// True to serve on a non-loopback <see cref="Bind"/> address (e.g. <c>0.0.0.0</c> in a container), which shows the
    /// run's progress, shard ids and warehouse location to whoever reaches the port. Default false.
    /// </summary>
    public bool AllowNonLoopback { get; init; }

    /// <summary>The query's name, shown in the page's title and as the <c>name</c> of <c>sparketl_query_info</c>. Default <c>sparketl</c>.</summary>
    public string QueryName { get; init; } = "sparketl";

    /// <summary>
    /// How many recent progress records the page's charts and table, and <c>/api/progress</c>, keep (1 to 100000).
    /// Default 200. The <c>/metrics</c> counters count every batch fed, not only the kept ones.
    /// </summary>
    public int Retain { get; init; } = 200;

    /// <summary>How often the open page fetches fresh charts and table, in seconds (1 to 3600). Default 2.</summary>
    public int RefreshSeconds { get; init; } = 2;

    /// <summary>The clock that ages the last batch for <c>/healthz</c> and the page; null for the system's.</summary>
    public TimeProvider? Clock { get; init; }
}
