using System.Globalization;
using System.Text;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Producing;
using SparkEtl.Core.Records;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Runner.Tests.Pipeline;

/// <summary>How a batch is cut into chunks decoded on their own threads, and that the cut does not change the result.</summary>
public class BatchDecoderTests
{
    [Fact]
    public void ChunkBounds_CutByInflatedBytes_SoABatchOfFewCloudWatchRecordsUsesEveryCore()
    {
        // 40 envelopes of 200 events: far fewer records than a plain batch, as much work as thousands of plain ones.
        var records = Envelopes(40, 200);

        var bounds = BatchDecoder.ChunkBounds(records, parallelism: 2);

        Assert.Equal([0, 20, 40], bounds);
    }

    [Fact]
    public void ChunkBounds_OfManyRecords_AreEqualCounts()
    {
        var records = Enumerable.Range(0, 5_001).Select(i => Plain(i, i % 7 == 0 ? 3_000 : 90)).ToList();

        Assert.Equal([0, 2_500, 5_001], BatchDecoder.ChunkBounds(records, parallelism: 2));
        Assert.Equal([0, 5_001], BatchDecoder.ChunkBounds(records, parallelism: 1));
    }

    [Fact]
    public void ChunkBounds_OnRandomBatches_AreOrderedNonEmptyAndBalanced()
    {
        var random = new Random(20261201);
        for (var round = 0; round < 2_000; round++)
        {
            var sizes = Enumerable.Range(0, random.Next(0, 60)).Select(_ => random.Next(4) == 0 ? random.Next(0, 400_000) : random.Next(0, 20_000)).ToArray();
            var records = sizes.Select((size, i) => Plain(i, size)).ToList();
            var parallelism = random.Next(1, 5);

            var bounds = BatchDecoder.ChunkBounds(records, parallelism);

            var chunks = bounds.Length - 1;
            var total = sizes.Sum(s => (long)s);
            Assert.Equal(0, bounds[0]);
            Assert.Equal(records.Count, bounds[^1]);
            Assert.InRange(chunks, 1, Math.Max(1, Math.Min(parallelism, records.Count)));
            Assert.Equal(Math.Clamp(total / (256 * 1024), 1, Math.Max(1, Math.Min(parallelism, records.Count))), chunks);
            for (var c = 0; c < chunks; c++)
            {
                Assert.True(bounds[c] < bounds[c + 1] || records.Count == 0, $"chunk {c} of [{string.Join(", ", bounds)}] is empty");

                // No chunk holds more than its share by more than one record (the one that crosses the share).
                var bytes = sizes[bounds[c]..bounds[c + 1]].Sum(s => (long)s);
                Assert.True(bytes <= (total / chunks) + sizes.DefaultIfEmpty().Max() + 1, $"chunk {c} holds {bytes} of {total} bytes: [{string.Join(", ", bounds)}]");
            }
        }
    }

    [Fact]
    public void Decode_OnTwoThreads_GivesWhatOneThreadGives()
    {
        var records = Envelopes(24, 300);
        var options = new DecoderOptions();

        var one = new BatchDecoder(options, parallelism: 1).Decode(records, CancellationToken.None);
        var two = new BatchDecoder(options, parallelism: 2).Decode(records, CancellationToken.None);

        Assert.Equal(24 * 300, one.Trades.Count);
        Assert.Equal(one.Trades.Span.ToArray(), two.Trades.Span.ToArray());
        Assert.Equal(one.Errors.Select(e => e.ToString()), two.Errors.Select(e => e.ToString()));
        Assert.Equal(one.Counts.Ok, two.Counts.Ok);
    }

    private static List<KinesisRecord> Envelopes(int records, int eventsEach) =>
    [
        .. Enumerable.Range(0, records).Select(r => new KinesisRecord("shardId-000000000000", r, "k", 1_710_513_000_000, CloudWatchEnvelopeWriter.DataMessage(
            "123456789012", "/aws/lambda/ticker", "stream", "filter",
            [.. Enumerable.Range(0, eventsEach).Select(e => new CloudWatchLogEvent(
                string.Create(CultureInfo.InvariantCulture, $"{r:D10}{e:D10}"), 1_710_513_000_000 + e,
                string.Create(CultureInfo.InvariantCulture, $$"""{"TICKER_SYMBOL":"T{{e % 50}}","SECTOR":"TECHNOLOGY","CHANGE":0.5,"PRICE":{{10 + (e % 90)}}.25,"EVENT_TIME":{{1_710_513_000_000 + e}}}""")))]))),
    ];

    private static KinesisRecord Plain(long sequence, int bytes) =>
        new("shardId-000000000000", sequence, "k", 1_710_513_000_000, Encoding.ASCII.GetBytes(new string('x', bytes)));
}
