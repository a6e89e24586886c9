using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Checkpoint;

namespace SparkEtl.Warehouse.Commit;

/// <summary>
/// The commit protocol both engines run for a micro-batch N, one step after another, each durable before the next:
/// <list type="number">
/// <item><see cref="PlanAsync"/>: <c>offsets/N</c>, created with a conditional put (a second writer is refused);</item>
/// <item><see cref="RecordIntentAsync"/>: the keys this attempt is about to write, before the first is put;</item>
/// <item>the caller puts the data files (names derived from table, partition, N and part, so a replay overwrites);</item>
/// <item><see cref="CommitAsync"/>: reconcile (delete every key an earlier attempt at N intended and this one did not
/// write, in any table or partition), register the partitions in the catalog, then create <c>commits/N</c> with the
/// window state (conditional again: of two writers exactly one commits).</item>
/// </list>
/// So a reader that lists the warehouse never sees a record twice, even when a replay does not come out byte for byte
/// (another arrival time, another partition), and no committed record is lost.
/// </summary>
public sealed class BatchCommitter
{
    private readonly CheckpointLog _checkpoint;
    private readonly IObjectStore _warehouse;
    private readonly ITableCatalog _catalog;
    private readonly ICommitProbe _probe;

    /// <param name="runId">This run's id, recorded in the offsets, intents and commits it writes.</param>
    /// <param name="probe">Told when each step is done (crash tests); null for none.</param>
    public BatchCommitter(CheckpointLog checkpoint, IObjectStore warehouse, ITableCatalog catalog, string runId, ICommitProbe? probe = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        _checkpoint = checkpoint;
        _warehouse = warehouse;
        _catalog = catalog;
        _probe = probe ?? NoCommitProbe.Instance;
        RunId = runId;
    }

    /// <summary>This run's id.</summary>
    public string RunId { get; }

    /// <summary>
    /// Writes <c>offsets/N</c> before batch N runs. Throws <see cref="CheckpointInUseException"/> when another run created
    /// it first.
    /// </summary>
    public async Task PlanAsync(BatchOffsets offsets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        var planned = offsets with { RunId = RunId };
        if (!await _checkpoint.TryCreateOffsetsAsync(planned, cancellationToken).ConfigureAwait(false))
        {
            var other = await _checkpoint.TryReadOffsetsAsync(offsets.BatchId, cancellationToken).ConfigureAwait(false);
            throw new CheckpointInUseException(_checkpoint.Root, $"run {other?.RunId ?? "unknown"} planned batch {offsets.BatchId} first (offsets/{offsets.BatchId} exists)");
        }

        _probe.Reached("after-offsets", offsets.BatchId);
    }

    /// <summary>Records the warehouse keys this attempt at batch N is about to write; call before the first is put.</summary>
    public Task RecordIntentAsync(long batchId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return _checkpoint.WriteIntentAsync(new BatchIntent(batchId, RunId, [.. keys.Order(StringComparer.Ordinal)]), cancellationToken);
    }

    /// <summary>
    /// Completes batch N once all of <paramref name="files"/> are durable: reconciles, registers the partitions of
    /// <paramref name="tables"/> in the catalog, and creates <c>commits/N</c> carrying <paramref name="state"/>. Returns
    /// how many leftover files of earlier attempts were deleted. Throws <see cref="CheckpointInUseException"/> (after
    /// deleting what this attempt wrote that the winner did not) when another run committed N first.
    /// </summary>
    public async Task<int> CommitAsync(
        long batchId, IReadOnlyList<WrittenFile> files, IReadOnlyList<TableDefinition> tables, WindowStateSnapshot? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(tables);
        var written = files.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var deleted = await ReconcileAsync(batchId, written, cancellationToken).ConfigureAwait(false);
        _probe.Reached("after-reconcile", batchId);

        foreach (var table in tables)
        {
            var partitions = files.Where(f => f.Table == table.Name).Select(f => f.Partition).Distinct(StringComparer.Ordinal).ToList();
            await _catalog.AddPartitionsAsync(table, partitions, cancellationToken).ConfigureAwait(false);
        }

        _probe.Reached("after-catalog", batchId);
        var commit = new BatchCommit(batchId, [.. files.Select(f => new CommittedFile(f.Table, f.Key, f.Partition, f.Rows, f.Bytes))])
        {
            RunId = RunId,
            State = state,
        };
        if (!await _checkpoint.TryCreateCommitAsync(commit, cancellationToken).ConfigureAwait(false))
        {
            var winner = await _checkpoint.TryReadCommitAsync(batchId, cancellationToken).ConfigureAwait(false);
            var kept = winner?.Files.Select(f => f.Key).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var key in written.Where(k => !kept.Contains(k)))
            {
                await _warehouse.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }

            throw new CheckpointInUseException(_checkpoint.Root, $"run {winner?.RunId ?? "unknown"} committed batch {batchId} first (commits/{batchId} exists)");
        }

        _probe.Reached("after-commit", batchId);
        await _checkpoint.DeleteIntentsAsync(batchId, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <summary>Deletes every key an attempt at the batch intended that is not in <paramref name="written"/>.</summary>
    private async Task<int> ReconcileAsync(long batchId, HashSet<string> written, CancellationToken cancellationToken)
    {
        var leftovers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var intent in await _checkpoint.ReadIntentsAsync(batchId, cancellationToken).ConfigureAwait(false))
        {
            leftovers.UnionWith(intent.Keys.Where(k => !written.Contains(k)));
        }

        foreach (var key in leftovers)
        {
            await _warehouse.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }

        return leftovers.Count;
    }
}
