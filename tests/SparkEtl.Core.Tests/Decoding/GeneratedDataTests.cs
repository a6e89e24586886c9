using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Decoding;

/// <summary>
/// Decodes the committed generator output in tests/data/decoding (see its README.md)
/// and checks every ticker against an independent reading of the same file with System.Text.Json's
/// DOM and GZipStream.
/// </summary>
public class GeneratedDataTests
{
    // Located from this source file rather than the test binary, so runs with --artifacts-path outside the checkout work too.
    private static string DataFile(string name, [CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "data", "decoding", name));

    private static List<KinesisRecord> ReadRecords(string name) =>
        File.ReadLines(DataFile(name)).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            return new KinesisRecord(
                root.GetProperty("ShardId").GetString()!,
                root.GetProperty("SequenceNumber").GetString()!,
                root.GetProperty("PartitionKey").GetString()!,
                (long)Math.Round(root.GetProperty("ApproximateArrivalTimestamp").GetDouble() * 1000),
                Convert.FromBase64String(root.GetProperty("Data").GetString()!));
        }).ToList();

    private static (string Symbol, string Sector, double Price, long EventTime) ReadTicker(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return (root.GetProperty("TICKER_SYMBOL").GetString()!, root.GetProperty("SECTOR").GetString()!, root.GetProperty("PRICE").GetDouble(), root.GetProperty("EVENT_TIME").GetInt64());
    }

    private static RecordingSink DecodeAll(IEnumerable<KinesisRecord> records)
    {
        var decoder = new RecordDecoder(new DecoderOptions());
        var sink = new RecordingSink();
        foreach (var record in records)
        {
            decoder.Decode(record, sink);
        }

        return sink;
    }

    [Fact]
    public void Decode_GeneratedCloudWatchRecords_EveryTickerIsTheExpectedTrade()
    {
        var records = ReadRecords("kinesis-cwl-300-seed3.jsonl");
        var expected = new List<Trade>();
        var controlMessages = 0;
        foreach (var record in records)
        {
            using var inflated = new GZipStream(new MemoryStream(record.Data.ToArray()), CompressionMode.Decompress);
            using var envelope = JsonDocument.Parse(inflated);
            if (envelope.RootElement.GetProperty("messageType").GetString() == "CONTROL_MESSAGE")
            {
                controlMessages++;
                continue;
            }

            var logGroup = envelope.RootElement.GetProperty("logGroup").GetString();
            var index = 0;
            foreach (var logEvent in envelope.RootElement.GetProperty("logEvents").EnumerateArray())
            {
                var message = logEvent.GetProperty("message").GetString()!;
                var marker = message.IndexOf("is_save_kinesis ", StringComparison.Ordinal);
                var (symbol, sector, price, eventTime) = ReadTicker(message[(marker + "is_save_kinesis ".Length)..]);
                expected.Add(new Trade(symbol, sector, price, eventTime, new SourcePosition(record.ShardId, record.SequenceNumber, SourcePosition.None, index++), logGroup, logEvent.GetProperty("id").GetString(), record.ApproximateArrivalMs));
            }
        }

        var sink = DecodeAll(records);

        Assert.Equal(1, controlMessages);
        Assert.Equal(300, expected.Count);
        Assert.Equal(Enumerable.Repeat(DropReason.ControlMessage, 1), sink.Drops);
        Assert.Empty(sink.Failures);
        Assert.Equal(expected, sink.Trades);
    }

    [Fact]
    public void Decode_GeneratedRawRecords_EveryRecordIsTheExpectedTrade()
    {
        var records = ReadRecords("kinesis-raw-300-seed3.jsonl");
        var expected = records.Select(record =>
        {
            var (symbol, sector, price, eventTime) = ReadTicker(System.Text.Encoding.UTF8.GetString(record.Data.Span));
            return new Trade(symbol, sector, price, eventTime, record.Position, null, null, record.ApproximateArrivalMs);
        }).ToList();

        var sink = DecodeAll(records);

        Assert.Equal(300, records.Count);
        Assert.Equal(300, sink.Results.Count);
        Assert.Equal(expected, sink.Trades);
    }

    [Fact]
    public void Decode_GeneratedRawRecords_FirstTradeHasTheGeneratorsValues()
    {
        // Pinned from the file, so a change of the generator or the decoder shows here.
        var first = DecodeAll(ReadRecords("kinesis-raw-300-seed3.jsonl").Take(1)).SingleTrade();

        Assert.Equal(
            new Trade("VD", "MEDIA", 493.1, 1_700_000_000_000, new SourcePosition("shardId-000000000003", "49600000000000000000000003000000000000000000000000000000", SourcePosition.None, SourcePosition.None), null, null, 1_700_000_000_050),
            first);
        Assert.Equal("493.1", first.Price.ToString(CultureInfo.InvariantCulture));
    }
}
