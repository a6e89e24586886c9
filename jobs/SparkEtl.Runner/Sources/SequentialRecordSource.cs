using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Records;
using SparkEtl.Runner.Sources.Internal;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// A bounded source over one sequence of records from any number of shards (a capture file, the
/// demo simulator), addressed by <see cref="SequentialPosition"/>. Batches are cut where the next
/// record would take its shard past a per-shard limit. Reading on from where the last batch ended
/// continues the open enumeration; any other start opens the sequence again at that position.
/// </summary>
/// <remarks>
/// Values the sequence assigns rather than reads (a capture file's arrival time for lines that carry none) are fixed
/// when the source is made and handed out with every batch (<see cref="SourceBatch.Assigned"/>); a replay opens the
/// sequence with the values its batch was first read with, so it comes out the same even if the file was touched since.
/// </remarks>
public sealed class SequentialRecordSource : IRecordSource
{
    /// <summary>The offset key of a sequential source's one position token.</summary>
    public const string PositionKey = "sequence";

    private readonly Func<SequentialPosition, IReadOnlyDictionary<string, string>, IEnumerable<PositionedRecord>> _readFrom;
    private readonly IReadOnlyDictionary<string, string> _assigned;
    private readonly BatchMemory? _memory;
    private IReadOnlyDictionary<string, string> _openWith;
    private IEnumerator<PositionedRecord>? _records;
    private SequentialPosition _position;
    private PositionedRecord? _pending;
    private bool _ended;

    /// <param name="readFrom">Opens the sequence at a position an earlier read handed out (default: the start).</param>
    public SequentialRecordSource(string description, Func<SequentialPosition, IEnumerable<PositionedRecord>> readFrom)
        : this(description, (start, _) => readFrom(start), new SortedDictionary<string, string>(StringComparer.Ordinal))
    {
    }

    /// <param name="readFrom">Opens the sequence at a position an earlier read handed out, with the values to assign.</param>
    /// <param name="assigned">The values new batches are read with.</param>
    public SequentialRecordSource(
        string description, Func<SequentialPosition, IReadOnlyDictionary<string, string>, IEnumerable<PositionedRecord>> readFrom, IReadOnlyDictionary<string, string> assigned)
        : this(description, readFrom, assigned, memory: null)
    {
    }

    /// <param name="memory">
    /// Where the sequence makes its records and copies their data (a file's lines), handed out batch by batch as
    /// <see cref="SourceBatch.Buffers"/>; null when the records are their own.
    /// </param>
    internal SequentialRecordSource(
        string description, Func<SequentialPosition, IReadOnlyDictionary<string, string>, IEnumerable<PositionedRecord>> readFrom, IReadOnlyDictionary<string, string> assigned,
        BatchMemory? memory)
    {
        Description = description;
        _readFrom = readFrom;
        _assigned = assigned;
        _openWith = assigned;
        _memory = memory;
    }

    public string Description { get; }

    /// <summary>The offset of a position, as batches and the checkpoint carry it.</summary>
    public static SourceOffset OffsetOf(SequentialPosition position) => new([new(PositionKey, position.Token)]);

    public ValueTask<SourceBatch> ReadBatchAsync(SourceOffset? after, BatchSettings limits, CancellationToken cancellationToken)
    {
        SeekTo(PositionOf(after), _assigned);
        var batch = _memory?.NewBatch() ?? new RecordBlocks();
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
            _position = next.Next;
        }

        var buffers = _memory?.TakeBatch(batch);
        if (_memory is not null && _pending is { } pending)
        {
            // The record read past the limit belongs to the next batch: its data moves to that batch's slabs.
            _pending = pending with { Record = pending.Record.WithData(_memory.Copy(pending.Record.Data.Span)) };
        }

        return ValueTask.FromResult(new SourceBatch(batch, budget.StoredBytes, OffsetOf(_position), _ended && _pending is null) { Assigned = _openWith, Buffers = buffers });
    }

    public ValueTask<SourceBatch> ReadRangeAsync(SourceOffset? after, SourceOffset through, IReadOnlyDictionary<string, string>? assigned, CancellationToken cancellationToken)
    {
        var end = PositionOf(through);
        SeekTo(PositionOf(after), assigned ?? _assigned);
        var batch = _memory?.NewBatch() ?? new RecordBlocks();
        long bytes = 0;
        while (_position.Count < end.Count && Next() is { } next)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Add(next.Record);
            bytes += next.Record.Data.Length;
            _position = next.Next;
        }

        if (_position != end)
        {
            throw new SparkEtlException(
                $"{Description} no longer holds the batch range after {after?.ToString() ?? "the start"} through {through}: it ends at {_position.Token}. Was the input changed?");
        }

        // Whether anything follows is known only by looking; the look-ahead record is kept for the next batch, its data
        // in that batch's slabs.
        var buffers = _memory?.TakeBatch(batch);
        _pending = Next();
        return ValueTask.FromResult(new SourceBatch(batch, bytes, through, _ended && _pending is null) { Assigned = _openWith, Buffers = buffers });
    }

    public ValueTask DisposeAsync()
    {
        _records?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static SequentialPosition PositionOf(SourceOffset? offset) =>
        offset is null ? default
        : offset.Positions.TryGetValue(PositionKey, out var token) ? SequentialPosition.Parse(token, "a checkpointed source offset")
        : throw new SparkEtlException($"The checkpointed source offset {offset} is not a file or demo position; the checkpoint belongs to another source.");

    private void SeekTo(SequentialPosition position, IReadOnlyDictionary<string, string> assigned)
    {
        if (_records is not null && position == _position && SameValues(assigned, _openWith))
        {
            return;
        }

        _records?.Dispose();
        _openWith = assigned;
        _records = _readFrom(position, assigned).GetEnumerator();
        _position = position;
        _pending = null;
        _ended = false;
    }

    private PositionedRecord? Next()
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

    private static bool SameValues(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        ReferenceEquals(a, b) || (a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value));
}
