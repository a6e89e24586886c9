using SparkEtl.Core.Decoding;
using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// Decodes and transforms one micro-batch on every core: the records are cut into contiguous
/// chunks, each decoded on its own thread with its own decoder, and the results are joined in
/// chunk order, so the output is the same as one thread would give, whatever the core count.
/// </summary>
internal sealed class BatchDecoder(DecoderOptions options, int parallelism)
{
    private const int MinimumChunk = 2_000;

    public BatchCollector Decode(IReadOnlyList<KinesisRecord> records, CancellationToken cancellationToken)
    {
        var chunks = Math.Clamp(records.Count / MinimumChunk, 1, Math.Max(1, parallelism));
        var collectors = new BatchCollector[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks, CancellationToken = cancellationToken }, chunk =>
        {
            var decoder = new RecordDecoder(options);
            var collector = new BatchCollector();
            var start = (int)((long)records.Count * chunk / chunks);
            var end = (int)((long)records.Count * (chunk + 1) / chunks);
            for (var i = start; i < end; i++)
            {
                decoder.Decode(records[i], collector);
            }

            collectors[chunk] = collector;
        });

        var joined = collectors[0];
        for (var i = 1; i < collectors.Length; i++)
        {
            joined.Trades.AddRange(collectors[i].Trades);
            joined.Errors.AddRange(collectors[i].Errors);
            joined.Counts.Add(collectors[i].Counts);
        }

        return joined;
    }
}
