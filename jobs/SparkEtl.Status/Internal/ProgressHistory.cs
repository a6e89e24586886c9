namespace SparkEtl.Status.Internal;

/// <summary>
/// The batches fed to the server: the most recent <c>retain</c> of them and the totals of all. Fed by one thread at a
/// time (the server serializes <see cref="Add"/>), read by request threads: each <see cref="Add"/> publishes a new
/// immutable <see cref="StatusSnapshot"/>.
/// </summary>
internal sealed class ProgressHistory(int retain)
{
    private readonly Queue<BatchPoint> _kept = new();
    private StatusSnapshot _snapshot = StatusSnapshot.Empty;

    public StatusSnapshot Snapshot => Volatile.Read(ref _snapshot);

    public void Add(BatchPoint point, DateTimeOffset received)
    {
        _kept.Enqueue(point);
        while (_kept.Count > retain)
        {
            _kept.Dequeue();
        }

        Volatile.Write(ref _snapshot, new StatusSnapshot([.. _kept], _snapshot.Totals.Plus(point), received));
    }
}
