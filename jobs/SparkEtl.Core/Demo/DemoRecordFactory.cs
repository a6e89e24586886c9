using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Producing;
using SparkEtl.Core.Records;

namespace SparkEtl.Core.Demo;

/// <summary>
/// Turns simulated ticks into Kinesis records of the configured shape (plain JSON, CloudWatch Logs
/// envelopes of Lambda log lines, or KPL aggregates), spread over shards by the MD5 of the partition
/// key as Kinesis does. A share of records is made malformed on purpose (<c>demo.badRecordRate</c>)
/// and some valid ones use lower-case field names or ISO-8601 event times, so a demo run shows every
/// path of the pipeline, the errors table included.
/// </summary>
public sealed class DemoRecordFactory
{
    private const int EventsPerEnvelope = 25;
    private const int RecordsPerAggregate = 20;
    private const string Owner = "123456789012";

    private static readonly (string Group, string Stream)[] LogStreams =
    [
        ("/aws/lambda/ticker-producer", "2024/03/15/[$LATEST]5f1a2b3c4d5e6f708192a3b4c5d6e7f8"),
        ("/aws/lambda/ticker-producer", "2024/03/15/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
        ("/aws/lambda/quote-relay", "2024/03/15/[$LATEST]9f8e7d6c5b4a39281706f5e4d3c2b1a0"),
    ];

    private readonly DemoSettings _settings;
    private readonly long[] _nextSequence;

    public DemoRecordFactory(DemoSettings settings)
    {
        _settings = settings;
        _nextSequence = new long[settings.Shards];
    }

    /// <summary>The shard ids records are spread over: <c>shardId-000000000000</c> and up.</summary>
    public IReadOnlyList<string> ShardIds => [.. Enumerable.Range(0, _settings.Shards).Select(ShardId)];

    /// <summary>Every demo record, in the order a consumer of all shards together would see them.</summary>
    public IEnumerable<KinesisRecord> Records()
    {
        var simulator = new TickerSimulator(_settings.Seed, _settings.Symbols, _settings.RatePerSecond, _settings.StartTimeMs);
        var random = simulator.Random;
        var ticks = Enumerable.Range(0, _settings.Records).Select(_ => simulator.Next());
        return _settings.Shape switch
        {
            DemoShape.Raw => RawRecords(ticks, random),
            DemoShape.Kpl => KplRecords(ticks, random),
            _ => CloudWatchRecords(ticks, random),
        };
    }

    /// <summary>The ticker JSON for one tick; with <paramref name="random"/> deciding the valid variants and bad records.</summary>
    public string TickJson(DemoTick tick, SplitMix64 random)
    {
        if (random.NextDouble() < _settings.BadRecordRate)
        {
            return BadJson(tick, random);
        }

        var variant = random.Next(10);
        var (symbol, sector, change, price, time) = variant == 0
            ? ("ticker_symbol", "sector", "change", "price", "event_time")
            : ("TICKER_SYMBOL", "SECTOR", "CHANGE", "PRICE", "EVENT_TIME");
        var eventTime = variant == 1
            ? "\"" + UtcTimestamp.FromEpochMs(tick.EventTimeMs) + "\""
            : tick.EventTimeMs.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"{symbol}\":\"{tick.Symbol}\",\"{sector}\":\"{tick.Sector}\",\"{change}\":{tick.Change},\"{price}\":{tick.Price},\"{time}\":{eventTime}}}");
    }

    private static string BadJson(DemoTick tick, SplitMix64 random) => random.Next(4) switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"{{\"TICKER_SYMBOL\":\"{tick.Symbol}\",\"SECTOR\":\"{tick.Sector}\",\"PRICE\":\"n/a\",\"EVENT_TIME\":{tick.EventTimeMs}}}"),
        1 => string.Create(CultureInfo.InvariantCulture, $"{{\"TICKER_SYMBOL\":\"{tick.Symbol}\",\"SECTOR\":\"{tick.Sector}\",\"PRICE\":{tick.Price}"),
        2 => string.Create(CultureInfo.InvariantCulture, $"{{\"TICKER_SYMBOL\":\"{tick.Symbol}\",\"SECTOR\":\"{tick.Sector}\",\"PRICE\":{-tick.Price},\"EVENT_TIME\":{tick.EventTimeMs}}}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{{\"TICKER_SYMBOL\":\"../../{tick.Symbol}\",\"SECTOR\":\"{tick.Sector}\",\"PRICE\":{tick.Price},\"EVENT_TIME\":{tick.EventTimeMs}}}"),
    };

    private IEnumerable<KinesisRecord> RawRecords(IEnumerable<DemoTick> ticks, SplitMix64 random)
    {
        foreach (var tick in ticks)
        {
            yield return Record(tick.Symbol, tick.EventTimeMs + 200, Encoding.UTF8.GetBytes(TickJson(tick, random)));
        }
    }

    private IEnumerable<KinesisRecord> KplRecords(IEnumerable<DemoTick> ticks, SplitMix64 random)
    {
        // The KPL aggregates user records bound for the same shard; the aggregate is put with the
        // first sub-record's partition key, so it lands on that shard.
        var pending = new List<(string PartitionKey, byte[] Data)>[_settings.Shards];
        var lastTime = 0L;
        foreach (var tick in ticks)
        {
            lastTime = tick.EventTimeMs;
            var shard = ShardOf(tick.Symbol);
            var batch = pending[shard] ??= [];
            batch.Add((tick.Symbol, Encoding.UTF8.GetBytes(TickJson(tick, random))));
            if (batch.Count == RecordsPerAggregate)
            {
                yield return Record(batch[0].PartitionKey, tick.EventTimeMs + 200, KplAggregateWriter.Aggregate(batch));
                batch.Clear();
            }
        }

        foreach (var batch in pending)
        {
            if (batch is { Count: > 0 })
            {
                yield return Record(batch[0].PartitionKey, lastTime + 200, KplAggregateWriter.Aggregate(batch));
            }
        }
    }

    private IEnumerable<KinesisRecord> CloudWatchRecords(IEnumerable<DemoTick> ticks, SplitMix64 random)
    {
        // CloudWatch Logs checks a new subscription's destination with a CONTROL_MESSAGE first.
        yield return Record("control", _settings.StartTimeMs, CloudWatchEnvelopeWriter.ControlMessage(_settings.StartTimeMs));

        var events = new List<CloudWatchLogEvent>(EventsPerEnvelope + 3);
        var eventId = 0L;
        var envelopes = 0;
        foreach (var tick in ticks)
        {
            var requestId = RequestId(random);
            var iso = UtcTimestamp.FromEpochMs(tick.EventTimeMs);
            var json = TickJson(tick, random);
            var line = random.Next(2) == 0
                ? $"[INFO]\t{iso}\t{requestId}\tis_save_kinesis {json}\n"
                : $"{iso}\t{requestId}\tINFO\t{json}\n";
            events.Add(new CloudWatchLogEvent(EventId(++eventId, tick.EventTimeMs), tick.EventTimeMs, line));
            if (events.Count == EventsPerEnvelope)
            {
                if (++envelopes % 8 == 0)
                {
                    // A Lambda log group also carries the platform's own lines; they carry no ticker.
                    events.Add(new CloudWatchLogEvent(EventId(++eventId, tick.EventTimeMs), tick.EventTimeMs, $"REPORT RequestId: {requestId}\tDuration: 12.41 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 71 MB\n"));
                }

                yield return Envelope(events, random);
                events.Clear();
            }
        }

        if (events.Count > 0)
        {
            yield return Envelope(events, random);
        }
    }

    private KinesisRecord Envelope(List<CloudWatchLogEvent> events, SplitMix64 random)
    {
        var (group, stream) = LogStreams[random.Next(LogStreams.Length)];
        var data = CloudWatchEnvelopeWriter.DataMessage(Owner, group, stream, "is_save_kinesis", events);
        return Record($"{group}/{stream}", events[^1].TimestampMs + 200, data);
    }

    private KinesisRecord Record(string partitionKey, long arrivalMs, byte[] data)
    {
        var shard = ShardOf(partitionKey);
        var sequence = _nextSequence[shard]++;
        var sequenceNumber = string.Create(CultureInfo.InvariantCulture, $"4960{shard:D4}{sequence:D48}");
        return new KinesisRecord(ShardId(shard), sequenceNumber, partitionKey, arrivalMs, data);
    }

    // Kinesis maps the 128-bit MD5 of the partition key onto evenly split hash key ranges.
    private int ShardOf(string partitionKey)
    {
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        MD5.HashData(Encoding.UTF8.GetBytes(partitionKey), hash);
        var high = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash);
        return (int)(((UInt128)high * (ulong)_settings.Shards) >> 64);
    }

    private static string ShardId(int shard) => string.Create(CultureInfo.InvariantCulture, $"shardId-{shard:D12}");

    private static string EventId(long id, long timestampMs) =>
        string.Create(CultureInfo.InvariantCulture, $"3{timestampMs:D15}{id:D40}");

    private static string RequestId(SplitMix64 random)
    {
        var bytes = BitConverter.GetBytes(random.NextUInt64()).Concat(BitConverter.GetBytes(random.NextUInt64())).ToArray();
        return new Guid(bytes).ToString();
    }
}
