using SparkEtl.Core.Decoding;
using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// Decodes and transforms one micro-batch on every core: the records are cut into contiguous
/// chunks, each decoded on its own thread with its own decoder, and the results are joined in
/// chunk order, so the output is the same as one thread would give, whatever the core count.
/// </summary>
/// <remarks>
/// <para>
/// Chunks are cut by work, not by record count: by the bytes the records stand for once inflated
/// (<see cref="KinesisRecord.DecodedLength"/>). A CloudWatch Logs record carries a hundred log events or so, so a
/// batch of 800 such records is as much work as 80,000 plain ones, and counting records left it on one thread.
/// </para>
/// <para>
/// The decoders live as long as the query, so their intern pools and scratch buffers serve every batch; the results go
/// to <see cref="DecodedBatch"/>es that are handed back with <see cref="Return"/> and reused, so a run that has reached
/// its largest batch decodes without allocating per record. Decode calls must not overlap (one is in flight at a time);
/// a decoded batch may be in use elsewhere while the next is decoded.
/// </para>
/// </remarks>
internal sealed class BatchDecoder
{
    // Less inflated data than this is decoded on the calling thread: about 2,000 plain ticker records.
    private const long MinimumChunkBytes = 256 * 1024;

    // With this many records for every thread, records are assumed alike and cut by count, without a pass over them.
    private const int ManyRecordsPerChunk = 2_000;

    // Before any batch has been decoded, a record is counted as a trade for every this many bytes it inflates to (a log
    // event with a ticker message takes about that), so a first batch of CloudWatch records does not start a hundred times
    // too small and double its way up, each time copying every trade into a new array.
    private const int InflatedBytesPerTrade = 300;

    // One decoded batch in use downstream and one being decoded: more would only hold memory.
    private const int SpareBatches = 2;

    private readonly RecordDecoder[] _decoders;
    private readonly Stack<DecodedBatch> _spare = new();
    private readonly Lock _spareLock = new();

    // The most trades a batch, and each chunk of one, has held: a new decoded batch starts that large instead of growing
    // there again by doubling. Read and written by the one decode in flight.
    private readonly int[] _largestChunkTrades;
    private int _largestBatchTrades;

    public BatchDecoder(DecoderOptions options, int parallelism)
    {
        Parallelism = Math.Max(1, parallelism);
        _decoders = new RecordDecoder[Parallelism];
        _largestChunkTrades = new int[Parallelism];
        for (var i = 0; i < _decoders.Length; i++)
        {
            _decoders[i] = new RecordDecoder(options);
        }
    }

    public int Parallelism { get; }

    /// <summary>How many decoded batches were made, reuse aside: what the pipeline holds at once at most.</summary>
    internal int BatchesMade { get; private set; }

    public DecodedBatch Decode(IReadOnlyList<KinesisRecord> records, CancellationToken cancellationToken)
    {
        var batch = Rent();
        var bounds = ChunkBounds(records, Parallelism);
        var chunks = bounds.Length - 1;

        // A record mostly makes one trade or more, so a chunk has room for one a record before it starts (a CloudWatch
        // record makes a hundred: there the size of earlier batches helps more, or before there are any, the bytes the
        // records inflate to); the first chunk takes the others' at the end.
        var firstBatch = _largestBatchTrades == 0;
        batch.Chunk(0).Trades.EnsureCapacity(Math.Max(firstBatch ? EstimatedTrades(records, 0, records.Count) : records.Count, _largestBatchTrades));
        for (var chunk = 1; chunk < chunks; chunk++)
        {
            var (start, end) = (bounds[chunk], bounds[chunk + 1]);
            batch.Chunk(chunk).Trades.EnsureCapacity(Math.Max(firstBatch ? EstimatedTrades(records, start, end) : end - start, _largestChunkTrades[chunk]));
        }

        if (chunks == 1)
        {
            DecodeChunk(records, 0, records.Count, _decoders[0], batch.Chunk(0), cancellationToken);
        }
        else
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks, CancellationToken = cancellationToken }, chunk =>
                DecodeChunk(records, bounds[chunk], bounds[chunk + 1], _decoders[chunk], batch.Chunk(chunk), cancellationToken));
        }

        for (var chunk = 1; chunk < chunks; chunk++)
        {
            _largestChunkTrades[chunk] = Math.Max(_largestChunkTrades[chunk], batch.Chunk(chunk).Trades.Count);
        }

        batch.Join(chunks);
        _largestBatchTrades = Math.Max(_largestBatchTrades, batch.Trades.Count);
        return batch;
    }

    /// <summary>
    /// Where the chunks of <paramref name="records"/> start, and the record count last: at most
    /// <paramref name="parallelism"/> chunks of about the same inflated bytes, each at least
    /// <see cref="MinimumChunkBytes"/> and at least one record; or, for a batch of many records
    /// (<see cref="ManyRecordsPerChunk"/> a thread), <paramref name="parallelism"/> chunks of the same count.
    /// </summary>
    internal static int[] ChunkBounds(IReadOnlyList<KinesisRecord> records, int parallelism)
    {
        if (parallelism > 1 && records.Count / ManyRecordsPerChunk >= parallelism)
        {
            return [.. Enumerable.Range(0, parallelism + 1).Select(chunk => (int)((long)records.Count * chunk / parallelism))];
        }

        long total = 0;
        for (var i = 0; i < records.Count; i++)
        {
            total += records[i].DecodedLength;
        }

        var chunks = (int)Math.Clamp(total / MinimumChunkBytes, 1, Math.Max(1, Math.Min(parallelism, records.Count)));
        var bounds = new int[chunks + 1];
        bounds[chunks] = records.Count;

        // Each chunk after the first starts after the record that takes the bytes so far past its share; never before
        // the chunk ahead of it has a record, nor so late that a chunk after it would have none.
        long seen = 0;
        var next = 1;
        for (var i = 0; i < records.Count && next < chunks; i++)
        {
            seen += records[i].DecodedLength;
            while (next < chunks && seen >= total * next / chunks)
            {
                bounds[next] = Math.Clamp(i + 1, bounds[next - 1] + 1, records.Count - (chunks - next));
                next++;
            }
        }

        return bounds;
    }

    // One trade a record, or one for every InflatedBytesPerTrade bytes a record inflates to when that is more.
    private static int EstimatedTrades(IReadOnlyList<KinesisRecord> records, int start, int end)
    {
        long trades = 0;
        for (var i = start; i < end; i++)
        {
            trades += Math.Max(1, records[i].DecodedLength / InflatedBytesPerTrade);
        }

        return (int)Math.Min(trades, Array.MaxLength);
    }

    /// <summary>Takes back a batch <see cref="Decode"/> gave, once nothing reads it any more.</summary>
    public void Return(DecodedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_spareLock)
        {
            if (_spare.Count < SpareBatches)
            {
                batch.Clear();
                _spare.Push(batch);
            }
        }
    }

    private DecodedBatch Rent()
    {
        lock (_spareLock)
        {
            if (_spare.TryPop(out var batch))
            {
                return batch;
            }

            BatchesMade++;
            return new DecodedBatch(Parallelism);
        }
    }

    private static void DecodeChunk(
        IReadOnlyList<KinesisRecord> records, int start, int end, RecordDecoder decoder, BatchCollector collector, CancellationToken cancellationToken)
    {
        collector.Clear();
        for (var i = start; i < end; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            decoder.Decode(records[i], collector);
        }
    }
}
