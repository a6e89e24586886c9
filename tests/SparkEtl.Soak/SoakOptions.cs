using SparkEtl.FaultProxy;

namespace SparkEtl.Soak;

/// <summary>What one soak does: how long it produces, at what rate, with which faults and kills, and where it keeps its files.</summary>
public sealed class SoakOptions
{
    /// <summary>How long the producer puts records (default 3 minutes). The drain and the check come on top.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The seed of every random decision: the records made (symbols, prices, shapes, malformed ones), the moments of the
    /// kills and the proxies' faults (default 1). Timing still varies from run to run, so the same seed gives the same
    /// kinds of trouble, not the same interleaving.
    /// </summary>
    public long Seed { get; init; } = 1;

    /// <summary>The faults both proxies inject (default <see cref="SoakFaults.Default"/>).</summary>
    public FaultPlan Faults { get; init; } = SoakFaults.Default;

    /// <summary>Shards of the stream (default 4).</summary>
    public int Shards { get; init; } = 4;

    /// <summary>Ticker records (trades and malformed ones, not Kinesis records) put per second (default 200).</summary>
    public double RecordsPerSecond { get; init; } = 200;

    /// <summary>The job's trigger interval (default 1s): <c>--trigger interval:VALUE</c>.</summary>
    public string TriggerInterval { get; init; } = "1s";

    /// <summary>The shortest time a run of the job lives before it is killed (default 2 s).</summary>
    public TimeSpan ShortestLife { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest time a run of the job lives before it is killed (default 30 s). Three runs in four draw their life
    /// from the first third of the range, the rest from the other two thirds, so there are several kills a minute and
    /// still runs that commit a few batches in a row.
    /// </summary>
    public TimeSpan LongestLife { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the job may take, once the producer has stopped, to read and commit everything (default 10 minutes).</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Where the soak keeps what it made and found: <c>produced-units.csv</c>, <c>produced-records.csv</c>,
    /// <c>stream.csv</c>, <c>job.log</c>, the downloaded <c>warehouse/</c>, <c>check.sql</c> and <c>report.json</c>.
    /// </summary>
    public required string WorkDirectory { get; init; }

    /// <summary>
    /// The job under test: a <c>sparketl.dll</c> to run with <c>dotnet</c> (default: the one built beside the soak, from
    /// this checkout's jobs/SparkEtl.Cli). Another build can be soaked as it is, e.g. a release candidate.
    /// </summary>
    public string? JobAssembly { get; init; }

    /// <summary>Delete the downloaded warehouse after the check when the soak passed (default false: keep it).</summary>
    public bool DeleteWarehouseWhenPassed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        if (Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The duration must be positive, got {Duration}.", nameof(Duration));
        }

        if (Shards is < 1 or > 64)
        {
            throw new ArgumentException($"Shards must be 1 to 64, got {Shards}.", nameof(Shards));
        }

        if (!double.IsFinite(RecordsPerSecond) || RecordsPerSecond is < 1 or > 100_000)
        {
            throw new ArgumentException($"Records per second must be 1 to 100000, got {RecordsPerSecond}.", nameof(RecordsPerSecond));
        }

        if (ShortestLife <= TimeSpan.Zero || LongestLife < ShortestLife)
        {
            throw new ArgumentException($"Run lives must satisfy 0 < shortest <= longest, got {ShortestLife} and {LongestLife}.", nameof(ShortestLife));
        }

        ArgumentException.ThrowIfNullOrEmpty(WorkDirectory);
        ArgumentNullException.ThrowIfNull(Faults);
    }
}
