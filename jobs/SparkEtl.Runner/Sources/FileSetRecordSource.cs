using System.Globalization;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Records;
using SparkEtl.Runner.Sources.Internal;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// A bounded source over the files of a folder or a glob (<see cref="FileSet"/>: a raw-backup prefix, a folder of
/// captures), read one after the other in name order, each as <see cref="CaptureFileReader"/> reads a file. Batches are
/// cut at the per-shard limits as for one file; a batch may end in one file and the next go on in it or in the next.
/// </summary>
/// <remarks>
/// <para>
/// <b>Positions.</b> An offset names the file and the position within it (<see cref="FileSetPosition"/>), so it stays
/// valid across restarts whatever else is in the folder. When the current file is read to its end, the folder is listed
/// again and reading goes on with the first file whose name sorts after it: a file added later that sorts after the
/// current one is read. A file added later that sorts before it is never read by this query (its position has passed
/// that name); give such files names that sort last (a timestamp or a zero-padded counter), or use a new checkpoint.
/// The input ends (the watermark goes to +infinity) when the last file listed is read to its end.
/// </para>
/// <para>
/// <b>Arrival times.</b> Lines that carry none get their file's modification time, fixed when this run first opens the
/// file. Each batch hands out the times of the files it read (<see cref="SourceBatch.Assigned"/>, <c>arrivalMs:NAME</c>),
/// and a replay of the batch is given them back, so it comes out the same even if a file was touched since.
/// </para>
/// </remarks>
public sealed class FileSetRecordSource : IRecordSource
{
    /// <summary>The offset key of the file a position is in.</summary>
    public const string FileKey = "file";

    /// <summary>The offset key of the position within the file (<c>count@byte</c>).</summary>
    public const string PositionKey = "sequence";

    /// <summary>The prefix of the <see cref="SourceBatch.Assigned"/> keys that hold a file's arrival time (epoch ms).</summary>
    public const string ArrivalKeyPrefix = "arrivalMs:";

    private readonly FileSet _files;
    private readonly Dictionary<string, long> _arrivals = new(StringComparer.Ordinal);
    private IEnumerator<(KinesisRecord Record, FileSetPosition Next)>? _records;
    private FileSetPosition _position;
    private (KinesisRecord Record, FileSetPosition Next)? _pending;
    private bool _ended;

    public FileSetRecordSource(string description, FileSet files)
    {
        Description = description;
        _files = files;
    }

    public string Description { get; }

    /// <summary>The offset of a position, as batches and the checkpoint carry it.</summary>
    public static SourceOffset OffsetOf(FileSetPosition position) =>
        position.File is null ? new SourceOffset([]) : new SourceOffset([new(FileKey, position.File), new(PositionKey, position.Within.Token)]);

    public ValueTask<SourceBatch> ReadBatchAsync(SourceOffset? after, BatchSettings limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        SeekTo(PositionOf(after), force: false);
        var batch = new RecordBlocks();
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var budget = new ShardBatchBudget(limits);
        while (Next() is { } next)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!budget.TryTake(next.Record))
            {
                _pending = next;
                break;
            }

            batch.Add(next.Record);
            files.Add(next.Next.File!);
            _position = next.Next;
        }

        return ValueTask.FromResult(new SourceBatch(batch, budget.StoredBytes, OffsetOf(_position), _ended && _pending is null) { Assigned = Assigned(files) });
    }

    public ValueTask<SourceBatch> ReadRangeAsync(SourceOffset? after, SourceOffset through, IReadOnlyDictionary<string, string>? assigned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(through);
        foreach (var (key, value) in assigned ?? new Dictionary<string, string>())
        {
            if (key.StartsWith(ArrivalKeyPrefix, StringComparison.Ordinal) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
            {
                _arrivals[key[ArrivalKeyPrefix.Length..]] = ms;
            }
        }

        var end = PositionOf(through);
        SeekTo(PositionOf(after), force: true);
        var batch = new RecordBlocks();
        var files = new SortedSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        while (_position.CompareTo(end) < 0 && Next() is { } next)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Add(next.Record);
            files.Add(next.Next.File!);
            bytes += next.Record.Data.Length;
            _position = next.Next;
        }

        if (_position != end)
        {
            throw new SparkEtlException(
                $"{Description} no longer holds the batch range after {after?.ToString() ?? "the start"} through {through}: it reaches {OffsetOf(_position)}. Were its files changed?");
        }

        // Whether anything follows is known only by looking; the look-ahead record is kept for the next batch.
        _pending = Next();
        return ValueTask.FromResult(new SourceBatch(batch, bytes, through, _ended && _pending is null) { Assigned = Assigned(files) });
    }

    public ValueTask DisposeAsync()
    {
        _records?.Dispose();
        return ValueTask.CompletedTask;
    }

    private SortedDictionary<string, string> Assigned(IEnumerable<string> files) =>
        new(files.ToDictionary(f => ArrivalKeyPrefix + f, f => ArrivalOf(f).ToString(CultureInfo.InvariantCulture)), StringComparer.Ordinal);

    private FileSetPosition PositionOf(SourceOffset? offset)
    {
        if (offset is null || offset.Positions.Count == 0)
        {
            return default;
        }

        if (offset.Positions.TryGetValue(FileKey, out var file) && offset.Positions.TryGetValue(PositionKey, out var token))
        {
            return new FileSetPosition(file, SequentialPosition.Parse(token, "a checkpointed source offset"));
        }

        throw new SparkEtlException($"The checkpointed source offset {offset} is not a position in the files of {Description}; the checkpoint belongs to another source.");
    }

    private void SeekTo(FileSetPosition position, bool force)
    {
        if (!force && _records is not null && position == _position)
        {
            return;
        }

        _records?.Dispose();
        _records = Read(position).GetEnumerator();
        _position = position;
        _pending = null;
        _ended = false;
    }

    private (KinesisRecord Record, FileSetPosition Next)? Next()
    {
        if (_pending is { } pending)
        {
            _pending = null;
            return pending;
        }

        if (!_ended && _records!.MoveNext())
        {
            return _records.Current;
        }

        _ended = true;
        return null;
    }

    private IEnumerable<(KinesisRecord Record, FileSetPosition Next)> Read(FileSetPosition start)
    {
        var (file, within) = (start.File ?? FirstAfter(null), start.File is null ? default : start.Within);
        while (file is not null)
        {
            // A file gone since its position was taken has nothing more to give; reading goes on with the next.
            var path = _files.PathOf(file);
            if (File.Exists(path))
            {
                foreach (var record in CaptureFileReader.ReadFrom(path, within, ArrivalOf(file)))
                {
                    yield return (record.Record, new FileSetPosition(file, record.Next));
                }
            }

            (file, within) = (FirstAfter(file), default);
        }
    }

    // Listed again each time a file ends, so files added meanwhile that sort after it are read.
    private string? FirstAfter(string? file) => _files.List().FirstOrDefault(name => file is null || string.CompareOrdinal(name, file) > 0);

    private long ArrivalOf(string file)
    {
        if (!_arrivals.TryGetValue(file, out var ms))
        {
            ms = new DateTimeOffset(File.GetLastWriteTimeUtc(_files.PathOf(file))).ToUnixTimeMilliseconds();
            _arrivals[file] = ms;
        }

        return ms;
    }
}
