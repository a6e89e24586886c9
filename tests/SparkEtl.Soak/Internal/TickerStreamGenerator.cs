using System.Globalization;
using System.IO.Compression;
using System.Text;
using SparkEtl.Core;
using SparkEtl.Core.Producing;

namespace SparkEtl.Soak.Internal;

/// <summary>
/// Makes the soak's Kinesis records from a seed: ticker JSON as plain records (45%), gzip CloudWatch Logs envelopes of
/// Lambda log lines (35%) and KPL aggregates (20%), with the variants real producers send (lower-case and mixed-case
/// field names, ISO-8601 and epoch event times, log lines with and without a prefix, events without EVENT_TIME whose
/// time is the log event's), and about 1% of units malformed on purpose, plus whole records that cannot decode,
/// control messages and Lambda platform lines that must be dropped.
/// </summary>
/// <remarks>
/// Every trade is told apart by (symbol, event time, price): event times move forward per symbol, except ties (3.5%:
/// the symbol's previous event time again, at another price, so open and close need the tie-break) and stragglers
/// (0.5%: 75 to 195 s in the past, so some trades come late). Every record's data is unique (a serial in <c>CHANGE</c>,
/// which the job drops), so a record is found on the stream by the digest of its data.
/// </remarks>
internal sealed class TickerStreamGenerator
{
    /// <summary>The symbol of the sentinels put at the end; the check leaves it out of the bars.</summary>
    public const string SentinelSymbol = "SOAK.END";

    private const string Owner = "123456789012";

    private static readonly (string Symbol, string Sector)[] Symbols =
    [
        ("JIB", "AUTOMOBILE"), ("AMZN", "RETAIL"), ("BRK.B", "FINANCIAL"), ("^GSPC", "INDEX"), ("TBV", "ENERGY"), ("QXZ", "HEALTHCARE"),
        ("WAS", "TECHNOLOGY"), ("NFS", "ENERGY"), ("ALY", "RETAIL"), ("KFU", "TECHNOLOGY"), ("PJN", "AUTOMOBILE"), ("DFG", "FINANCIAL"),
    ];

    private static readonly (string Group, string Stream)[] LogStreams =
    [
        ("/aws/lambda/ticker-producer", "2026/12/01/[$LATEST]5f1a2b3c4d5e6f708192a3b4c5d6e7f8"),
        ("/aws/lambda/ticker-producer", "2026/12/01/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
        ("/aws/lambda/ticker-producer", "2026/12/01/[$LATEST]77aa88bb99cc00dd11ee22ff33aa44bb"),
        ("/aws/lambda/quote-relay", "2026/12/01/[$LATEST]9f8e7d6c5b4a39281706f5e4d3c2b1a0"),
        ("/aws/lambda/quote-relay", "2026/12/01/[$LATEST]1029384756abcdef1029384756abcdef"),
        ("/aws/lambda/quote-relay", "2026/12/01/[$LATEST]fedcba0987654321fedcba0987654321"),
    ];

    private readonly Random _random;
    private readonly Dictionary<string, long> _lastTime = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _priceCents = new(StringComparer.Ordinal);
    private readonly HashSet<(string Symbol, long Time, long Cents)> _keys = [];
    private long _nextRecordId;
    private long _nextEventId;
    private long _serial;
    private long _lastControlMs;

    public TickerStreamGenerator(long seed)
    {
        _random = new Random(unchecked((int)(seed ^ (seed >>> 32))));
        foreach (var (symbol, _) in Symbols)
        {
            _priceCents[symbol] = 1_000 + _random.Next(49_000);
        }
    }

    /// <summary>The latest event time given to a trade so far (epoch ms), or 0.</summary>
    public long MaxEventTimeMs { get; private set; }

    /// <summary>The next record, with event times around <paramref name="nowMs"/>.</summary>
    public ProducedRecord Next(long nowMs)
    {
        var shape = _random.NextDouble();
        return shape < 0.45 ? Raw(nowMs) : shape < 0.80 ? CloudWatch(nowMs) : Kpl(nowMs);
    }

    /// <summary>
    /// A sentinel trade for the shard that owns <paramref name="explicitHashKey"/>: symbol <see cref="SentinelSymbol"/>,
    /// at <paramref name="eventTimeMs"/>, put with that hash key so it lands on that shard.
    /// </summary>
    public ProducedRecord Sentinel(string explicitHashKey, long eventTimeMs)
    {
        var json = string.Create(CultureInfo.InvariantCulture, $"{{\"TICKER_SYMBOL\":\"{SentinelSymbol}\",\"SECTOR\":\"NONE\",\"PRICE\":1.00,\"EVENT_TIME\":{eventTimeMs}}}");
        var unit = new ProducedUnit(UnitKind.Sentinel, null, null, null, SentinelSymbol, "NONE", eventTimeMs, 100);
        return new ProducedRecord(_nextRecordId++, "sentinel", "sentinel", explicitHashKey, Encoding.UTF8.GetBytes(json), [unit]);
    }

    private ProducedRecord Raw(long nowMs)
    {
        if (_random.NextDouble() < 0.006)
        {
            return Garbage();
        }

        var (unit, json) = Ticker(nowMs, null, null, allowLogTime: false);
        return Record("raw", PartitionKey(), Encoding.UTF8.GetBytes(json), [unit]);
    }

    private ProducedRecord CloudWatch(long nowMs)
    {
        if (_random.NextDouble() < 0.01)
        {
            // CloudWatch Logs checks a destination with a control message; it carries no ticker and is dropped.
            _lastControlMs = Math.Max(nowMs, _lastControlMs + 1);
            return Record("cloudwatch", "control", CloudWatchEnvelopeWriter.ControlMessage(_lastControlMs), [Drop(null, null)]);
        }

        var (group, stream) = LogStreams[_random.Next(LogStreams.Length)];
        var count = 1 + _random.Next(12);
        var events = new List<CloudWatchLogEvent>(count + 1);
        var units = new List<ProducedUnit>(count + 1);
        for (var i = 0; i < count; i++)
        {
            var id = EventId();
            var (unit, json) = Ticker(nowMs, null, id, allowLogTime: true);
            var requestId = RequestId();
            var iso = UtcTimestamp.FromEpochMs(nowMs);
            var line = _random.Next(3) switch
            {
                0 => $"[INFO]\t{iso}\t{requestId}\tticker {json}\n",
                1 => $"{iso}\t{requestId}\tINFO\t{json}\n",
                _ => json,
            };
            events.Add(new CloudWatchLogEvent(id, unit.Kind == UnitKind.Trade ? unit.EventTimeMs : nowMs, line));
            units.Add(unit);
        }

        if (_random.NextDouble() < 0.1)
        {
            // A Lambda log group carries the platform's own lines too; they are dropped.
            var id = EventId();
            events.Add(new CloudWatchLogEvent(id, nowMs, $"REPORT RequestId: {RequestId()}\tDuration: 12.41 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 71 MB\n"));
            units.Add(Drop(null, id));
        }

        var data = CloudWatchEnvelopeWriter.DataMessage(Owner, group, stream, "soak-tickers", events);
        return Record("cloudwatch", $"{group}/{stream}", data, units);
    }

    private ProducedRecord Kpl(long nowMs)
    {
        var count = 2 + _random.Next(9);
        var subRecords = new List<(string PartitionKey, byte[] Data)>(count);
        var units = new List<ProducedUnit>(count);
        for (var i = 0; i < count; i++)
        {
            var (unit, json) = Ticker(nowMs, i, null, allowLogTime: false);
            subRecords.Add((PartitionKey(), Encoding.UTF8.GetBytes(json)));
            units.Add(unit);
        }

        var data = KplAggregateWriter.Aggregate(subRecords);
        if (_random.NextDouble() < 0.01)
        {
            // A damaged aggregate (its MD5 trailer does not match): the whole record is one error.
            data[^1] ^= 0x5A;
            return Record("kpl", subRecords[0].PartitionKey, data, [Error("aggregate-invalid", null, null)]);
        }

        return Record("kpl", subRecords[0].PartitionKey, data, units);
    }

    /// <summary>A whole record that cannot decode: bad gzip, gzip that is not an envelope, or a broken KPL aggregate.</summary>
    private ProducedRecord Garbage()
    {
        var serial = _serial++;
        switch (_random.Next(3))
        {
            case 0:
                var bytes = new byte[52];
                _random.NextBytes(bytes);
                bytes[0] = 0x1f;
                bytes[1] = 0x8b;
                bytes[2] = 0x08;
                bytes[3] = 0x00;
                return Record("garbage", PartitionKey(), bytes, [Error("decompression-failed", null, null)]);
            case 1:
                return Record("garbage", PartitionKey(), Gzip(string.Create(CultureInfo.InvariantCulture, $"{{\"soak\":{serial},\"not\":\"an envelope\"}}")), [Error("envelope-invalid", null, null)]);
            default:
                var kpl = new byte[40];
                _random.NextBytes(kpl);
                KplAggregateWriter.Magic.CopyTo(kpl);
                return Record("garbage", PartitionKey(), kpl, [Error("aggregate-invalid", null, null)]);
        }
    }

    /// <summary>One ticker unit and its JSON: a trade, or (1%) a malformed one of six kinds.</summary>
    private (ProducedUnit Unit, string Json) Ticker(long nowMs, long? subSequence, string? logEventId, bool allowLogTime)
    {
        var (symbol, sector) = Symbols[_random.Next(Symbols.Length)];
        var time = NextEventTime(symbol, nowMs);
        var cents = NextPrice(symbol, time);
        var change = Decimal(_serial++);
        if (_random.NextDouble() >= 0.01)
        {
            // Without EVENT_TIME a log event's time is the trade's (the job takes the log event timestamp).
            var withTime = !allowLogTime || _random.NextDouble() >= 0.3;
            var json = TickerJson(symbol, sector, change, Decimal(cents), withTime ? EventTimeText(time) : null);
            return (new ProducedUnit(UnitKind.Trade, subSequence, logEventId, null, symbol, sector, time, cents), json);
        }

        var (type, text) = _random.Next(6) switch
        {
            0 => ("parse-failed", TickerJson(symbol, sector, change, Decimal(cents), EventTimeText(time))[..^1]),
            1 => ("validation-failed", TickerJson(symbol, sector, change, "\"n/a\"", EventTimeText(time))),
            2 => ("validation-failed", TickerJson(symbol, sector, change, "-" + Decimal(cents), EventTimeText(time))),
            3 => ("validation-failed", TickerJson("../" + symbol, sector, change, Decimal(cents), EventTimeText(time))),
            4 => ("event-time-out-of-range", TickerJson(symbol, sector, change, Decimal(cents), "\"9999-12-31T00:00:00Z\"")),
            _ => ("event-time-out-of-range", TickerJson(symbol, sector, change, Decimal(cents), (nowMs + 7_200_000).ToString(CultureInfo.InvariantCulture))),
        };
        return (new ProducedUnit(UnitKind.Error, subSequence, logEventId, type, symbol, sector, time, cents), text);
    }

    private string TickerJson(string symbol, string sector, string change, string price, string? eventTime)
    {
        var names = _random.NextDouble();
        var (symbolName, sectorName, changeName, priceName, timeName) = names < 0.85 ? ("TICKER_SYMBOL", "SECTOR", "CHANGE", "PRICE", "EVENT_TIME")
            : names < 0.95 ? ("ticker_symbol", "sector", "change", "price", "event_time")
            : ("Ticker_Symbol", "Sector", "Change", "Price", "Event_Time");
        var json = $"{{\"{symbolName}\":\"{symbol}\",\"{sectorName}\":\"{sector}\",\"{changeName}\":{change},\"{priceName}\":{price}";
        return eventTime is null ? json + "}" : $"{json},\"{timeName}\":{eventTime}}}";
    }

    private string EventTimeText(long time) => _random.NextDouble() < 0.7
        ? time.ToString(CultureInfo.InvariantCulture)
        : "\"" + UtcTimestamp.FromEpochMs(time) + "\"";

    private long NextEventTime(string symbol, long nowMs)
    {
        var draw = _random.NextDouble();
        var hasLast = _lastTime.TryGetValue(symbol, out var last);
        if (draw < 0.005)
        {
            return nowMs - 75_000 - _random.Next(120_000);
        }

        if (draw < 0.04 && hasLast)
        {
            return last;
        }

        var time = hasLast ? Math.Max(nowMs, last + 1) : nowMs;
        _lastTime[symbol] = time;
        MaxEventTimeMs = Math.Max(MaxEventTimeMs, time);
        return time;
    }

    /// <summary>A random walk in cents per symbol, never below 1.00, and never a (symbol, time, price) given before.</summary>
    private long NextPrice(string symbol, long time)
    {
        var cents = Math.Max(100, _priceCents[symbol] + _random.Next(-25, 26));
        while (!_keys.Add((symbol, time, cents)))
        {
            cents++;
        }

        _priceCents[symbol] = cents;
        return cents;
    }

    private ProducedRecord Record(string shape, string partitionKey, byte[] data, IReadOnlyList<ProducedUnit> units) =>
        new(_nextRecordId++, shape, partitionKey, null, data, units);

    private static ProducedUnit Drop(long? subSequence, string? logEventId) => new(UnitKind.Drop, subSequence, logEventId, null, string.Empty, string.Empty, 0, 0);

    private static ProducedUnit Error(string type, long? subSequence, string? logEventId) => new(UnitKind.Error, subSequence, logEventId, type, string.Empty, string.Empty, 0, 0);

    private string PartitionKey() => string.Create(CultureInfo.InvariantCulture, $"pk-{_random.Next(1_000_000)}");

    // CloudWatch log event ids are 56-digit decimal strings; fixed width keeps their text order their numeric order.
    private string EventId() => string.Create(CultureInfo.InvariantCulture, $"{++_nextEventId:D56}");

    private string RequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    /// <summary>A whole number of hundredths as a decimal: 4489 -> 44.89.</summary>
    private static string Decimal(long hundredths) =>
        string.Create(CultureInfo.InvariantCulture, $"{hundredths / 100}.{hundredths % 100:D2}");

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
