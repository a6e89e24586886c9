using System.Globalization;
using System.Text;
using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.Warehouse.Commit;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The driver's part of a Spark micro-batch N, around the executors' writes, on the commit protocol the embedded engine
/// runs (<see cref="BatchCommitter"/>, in <c>&lt;checkpoint&gt;/intents</c> and <c>commits</c>; Spark's own offsets and
/// commits live in <c>&lt;checkpoint&gt;/spark</c>):
/// <list type="number">
/// <item><see cref="IsCommittedAsync"/>: a batch whose <c>commits/N</c> exists was completed by an earlier attempt that
/// died before Spark's own commit; Spark replays it, and the job does nothing for it;</item>
/// <item><see cref="RecordIntentAsync"/>: every key the executors and the driver may write for N, before the first put;</item>
/// <item>the executors write the <c>trades</c> and <c>errors</c> files and return their metadata;</item>
/// <item><see cref="CommitAsync"/>: the bars (a few rows per closed window, derived from the partials the driver holds),
/// the window state <c>window-state/N</c>, then reconcile (every key an earlier attempt at N intended and this one did
/// not write is deleted, whatever table or partition), the catalog partitions, and <c>commits/N</c>.</item>
/// </list>
/// Spark commits the batch after <c>ForeachBatch</c> returns. The window state is written before <c>commits/N</c>: only
/// batch N+1 reads it, and Spark runs N+1 only after N is committed.
/// </summary>
public sealed class DriverBatchCommit
{
    private readonly IObjectStore _checkpoint;
    private readonly CheckpointLog _log;
    private readonly BatchCommitter _committer;
    private readonly EtlSettings _settings;
    private readonly TableFileWriter _files;
    private readonly TableDefinition<OhlcBar> _ohlc;

    /// <param name="warehouse">The warehouse the executors write to; the bars go there too.</param>
    /// <param name="checkpoint">The checkpoint store: the commit log, and the window state under <c>window-state/</c>.</param>
    /// <param name="settings">The job's settings.</param>
    /// <param name="catalog">Where the partitions are registered (Glue, or none).</param>
    /// <param name="runId">This run's id, recorded in the intents and commits.</param>
    public DriverBatchCommit(IObjectStore warehouse, IObjectStore checkpoint, EtlSettings settings, ITableCatalog catalog, string runId)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(settings);
        _checkpoint = checkpoint;
        _log = new CheckpointLog(checkpoint);
        _committer = new BatchCommitter(_log, warehouse, catalog, runId);
        _settings = settings;
        _files = new TableFileWriter(warehouse, settings.Parquet);
        _ohlc = SparkEtlTables.Ohlc(settings.Window.OhlcTableName);
    }

    /// <summary>The tables a batch writes, as the catalog registers them.</summary>
    public IReadOnlyList<TableDefinition> Tables => [SparkEtlTables.Trades, _ohlc, SparkEtlTables.Errors];

    /// <summary>The checkpoint key of the window state after batch <paramref name="batchId"/>.</summary>
    public static string WindowStateKey(long batchId) =>
        string.Create(CultureInfo.InvariantCulture, $"window-state/{batchId:D8}.json");

    /// <summary>True when an earlier attempt committed batch <paramref name="batchId"/> (Spark replays it only because its own commit was lost).</summary>
    public async Task<bool> IsCommittedAsync(long batchId, CancellationToken cancellationToken) =>
        await _log.TryReadCommitAsync(batchId, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The window state batch <paramref name="batchId"/> starts from: empty for batch 0, else the previous batch's.</summary>
    /// <exception cref="InvalidOperationException">The previous batch's state is missing: the checkpoint is incomplete.</exception>
    public async Task<SparkWindowState> LoadStateAsync(long batchId, CancellationToken cancellationToken)
    {
        if (batchId == 0)
        {
            return new SparkWindowState(_settings.Window);
        }

        var key = WindowStateKey(batchId - 1);
        var bytes = await _checkpoint.GetAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                $"Batch {batchId} needs the window state of batch {batchId - 1} at {_checkpoint.Root}/{key}, which is missing: the checkpoint is incomplete.");
        return SparkWindowState.FromJson(Encoding.UTF8.GetString(bytes), _settings.Window);
    }

    /// <summary>
    /// Records every key batch <paramref name="batchId"/> may write: each bucket of <paramref name="buckets"/> and the
    /// files of <paramref name="bars"/>. Call before the executors write. Returns the keys.
    /// </summary>
    public async Task<IReadOnlySet<string>> RecordIntentAsync(long batchId, FileBuckets buckets, IReadOnlyList<OhlcBar> bars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var keys = new SortedSet<string>(buckets.Keys(batchId, _settings.Parquet.Compression), StringComparer.Ordinal);
        keys.UnionWith(_files.Plan(_ohlc, bars, batchId).Keys);
        await _committer.RecordIntentAsync(batchId, keys, cancellationToken).ConfigureAwait(false);
        return keys;
    }

    /// <summary>
    /// Completes batch <paramref name="batchId"/> once the executors' files are durable: writes <paramref name="bars"/>
    /// and <paramref name="state"/> (already moved past the batch), reconciles, registers the partitions of every file
    /// and creates <c>commits/N</c>. Returns every file of the batch.
    /// </summary>
    /// <param name="intended">The keys <see cref="RecordIntentAsync"/> recorded: a file outside them is refused, since a
    /// later attempt's reconcile could not find it.</param>
    public async Task<IReadOnlyList<WrittenFile>> CommitAsync(
        long batchId, IReadOnlySet<string> intended, IReadOnlyList<WrittenFile> executorFiles, IReadOnlyList<OhlcBar> bars, SparkWindowState state,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intended);
        ArgumentNullException.ThrowIfNull(executorFiles);
        ArgumentNullException.ThrowIfNull(state);
        var written = new List<WrittenFile>(executorFiles);
        written.AddRange(await _files.WriteAsync(_ohlc, bars, batchId, cancellationToken).ConfigureAwait(false));
        if (written.FirstOrDefault(f => !intended.Contains(f.Key)) is { } stray)
        {
            throw new InvalidOperationException(
                $"Batch {batchId} wrote {stray.Key}, which its recorded intent does not name; a replay could not reconcile it.");
        }

        using (var json = new MemoryStream(Encoding.UTF8.GetBytes(state.ToJson())))
        {
            await _checkpoint.PutAsync(WindowStateKey(batchId), json, cancellationToken).ConfigureAwait(false);
        }

        await _committer.CommitAsync(batchId, written, Tables, state: null, cancellationToken).ConfigureAwait(false);
        return written;
    }
}
