using SparkEtl.Core.Decoding;
using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// Decodes and transforms one micro-batch on every core: the records are cut into contiguous
/// chunks, each decoded on its own thread with its own decoder, and the results are joined in
/// chunk order, so the output is the same as one thread would give, whatever the core count.
/// </summary>
/// <remarks>
/// The decoders live as long as the query, so their intern pools and scratch buffers serve every batch; the results go
/// to <see cref="DecodedBatch"/>es that are handed back with <see cref="Return"/> and reused, so a run that has reached
/// its largest batch decodes without allocating per record. Decode calls must not overlap (one is in flight at a time);
/// a decoded batch may be in use elsewhere while the next is decoded.
/// </remarks>
internal sealed class BatchDecoder
{
    private const int MinimumChunk = 2_000;

    // One decoded batch in use downstream and one being decoded: more would only hold memory.
    private const int SpareBatches = 2;

    private readonly RecordDecoder[] _decoders;
    private readonly Stack<DecodedBatch> _spare = new();
    private readonly Lock _spareLock = new();

    public BatchDecoder(DecoderOptions options, int parallelism)
    {
        Parallelism = Math.Max(1, parallelism);
        _decoders = new RecordDecoder[Parallelism];
        for (var i = 0; i < _decoders.Length; i++)
        {
            _decoders[i] = new RecordDecoder(options);
        }
    }

    public int Parallelism { get; }

    public DecodedBatch Decode(IReadOnlyList<KinesisRecord> records, CancellationToken cancellationToken)
    {
        var batch = Rent();
        var chunks = Math.Clamp(records.Count / MinimumChunk, 1, Parallelism);
        if (chunks == 1)
        {
            DecodeChunk(records, 0, records.Count, _decoders[0], batch.Chunk(0), cancellationToken);
        }
        else
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks, CancellationToken = cancellationToken }, chunk =>
            {
                var start = (int)((long)records.Count * chunk / chunks);
                var end = (int)((long)records.Count * (chunk + 1) / chunks);
                DecodeChunk(records, start, end, _decoders[chunk], batch.Chunk(chunk), cancellationToken);
            });
        }

        batch.Join(chunks);
        return batch;
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
            return _spare.TryPop(out var batch) ? batch : new DecodedBatch(Parallelism);
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
