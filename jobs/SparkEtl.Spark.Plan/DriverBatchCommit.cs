using System.Globalization;
using System.Text;
using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The driver's part of a Spark micro-batch once the executors have written the table files and returned their
/// metadata: the bars (a few rows per closed window, derived from the window partials the driver holds) as files, then
/// the catalog partitions of every file, then the window state under the checkpoint. Spark commits the batch after
/// <c>ForeachBatch</c> returns. Order of durability, as on the embedded engine: files, catalog, state, commit.
/// </summary>
/// <remarks>
/// A batch replayed after a crash reads the same input (Spark's offset log) and the previous batch's state, so it writes
/// the same keys again and overwrites its own files.
/// </remarks>
public sealed class DriverBatchCommit
{
    private readonly IObjectStore _checkpoint;
    private readonly EtlSettings _settings;
    private readonly Func<IReadOnlyList<WrittenFile>, CancellationToken, Task> _registerPartitions;
    private readonly TableFileWriter _files;
    private readonly TableDefinition<OhlcBar> _ohlc;

    /// <param name="warehouse">The warehouse the executors wrote to; the bars go there too.</param>
    /// <param name="checkpoint">The checkpoint store: the window state lives under <c>window-state/</c>.</param>
    /// <param name="settings">The job's settings.</param>
    /// <param name="registerPartitions">Registers the partitions of the files in the catalog (Glue), or does nothing.</param>
    public DriverBatchCommit(
        IObjectStore warehouse, IObjectStore checkpoint, EtlSettings settings, Func<IReadOnlyList<WrittenFile>, CancellationToken, Task> registerPartitions)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _checkpoint = checkpoint;
        _settings = settings;
        _registerPartitions = registerPartitions;
        _files = new TableFileWriter(warehouse, settings.Parquet);
        _ohlc = SparkEtlTables.Ohlc(settings.Window.OhlcTableName);
    }

    /// <summary>The checkpoint key of the window state after batch <paramref name="batchId"/>.</summary>
    public static string WindowStateKey(long batchId) =>
        string.Create(CultureInfo.InvariantCulture, $"window-state/{batchId:D8}.json");

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
    /// Completes batch <paramref name="batchId"/>: writes <paramref name="bars"/>, registers the partitions of every file
    /// (the executors' and the bars'), then saves <paramref name="state"/> (already moved past the batch). Returns every
    /// file of the batch.
    /// </summary>
    public async Task<IReadOnlyList<WrittenFile>> CommitAsync(
        long batchId, IReadOnlyList<WrittenFile> executorFiles, IReadOnlyList<OhlcBar> bars, SparkWindowState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executorFiles);
        ArgumentNullException.ThrowIfNull(state);
        var written = new List<WrittenFile>(executorFiles);
        written.AddRange(await _files.WriteAsync(_ohlc, bars, batchId, cancellationToken).ConfigureAwait(false));
        await _registerPartitions(written, cancellationToken).ConfigureAwait(false);

        using var json = new MemoryStream(Encoding.UTF8.GetBytes(state.ToJson()));
        await _checkpoint.PutAsync(WindowStateKey(batchId), json, cancellationToken).ConfigureAwait(false);
        return written;
    }
}
