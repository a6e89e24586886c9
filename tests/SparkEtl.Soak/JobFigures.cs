namespace SparkEtl.Soak;

/// <summary>What happened to the job under test.</summary>
public sealed record JobFigures
{
    /// <summary>Runs started (the first and every restart).</summary>
    public int Runs { get; init; }

    /// <summary>Runs killed with SIGKILL at a random moment.</summary>
    public int Kills { get; init; }

    /// <summary>Runs started after another ended.</summary>
    public int Restarts => Math.Max(0, Runs - 1);

    /// <summary>Runs that ended on their own (not killed, not asked to stop).</summary>
    public IReadOnlyList<UnexpectedExit> UnexpectedExits { get; init; } = [];

    /// <summary>Batches committed over all runs: the last committed batch id + 1.</summary>
    public long BatchesCommitted { get; init; }

    /// <summary>Committed batches a run read again from their checkpointed offsets after a kill.</summary>
    public long ReplayedBatches { get; init; }

    /// <summary>Files of killed attempts the replays deleted before committing.</summary>
    public long LeftoversDeleted { get; init; }

    /// <summary>Whether the job read everything and closed every window once the producer stopped.</summary>
    public bool Drained { get; init; }

    /// <summary>Seconds from the producer's stop to the job's last commit.</summary>
    public double DrainSeconds { get; init; }

    /// <summary>The last run's exit code after SIGTERM (0: the batch in flight committed), or null when it never got there.</summary>
    public int? FinalExitCode { get; init; }
}
