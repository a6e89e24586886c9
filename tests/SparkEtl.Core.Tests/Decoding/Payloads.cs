using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SparkEtl.Core.Records;

namespace SparkEtl.Core.Tests.Decoding;

/// <summary>Builds real-shaped record data: log lines, CloudWatch envelopes (gzip JSON) and Kinesis records.</summary>
public static class Payloads
{
    public const string Shard = "shardId-000000000001";
    public const string Sequence = "49600000000000000000000001000000000000000000000000000007";
    public const long ArrivalMs = 1_700_000_000_500;
    public const string LogGroup = "/aws/lambda/ticker-producer-1";
    public const string RequestId = "79042c19-0576-bd4c-586a-bf8887e79fa4";

    public static KinesisRecord Record(byte[] data, string shard = Shard, string sequence = Sequence, long arrivalMs = ArrivalMs) =>
        new(shard, sequence, "pk", arrivalMs, data);

    public static KinesisRecord Record(string data) => Record(Encoding.UTF8.GetBytes(data));

    public static string Ticker(string symbol = "JIB", double price = 44.89, long? eventTime = 1_700_000_000_123, string sector = "AUTOMOBILE") =>
        eventTime is { } t
            ? $"{{\"TICKER_SYMBOL\":\"{symbol}\",\"SECTOR\":\"{sector}\",\"CHANGE\":-0.15,\"PRICE\":{price.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"EVENT_TIME\":{t}}}"
            : $"{{\"TICKER_SYMBOL\":\"{symbol}\",\"SECTOR\":\"{sector}\",\"CHANGE\":-0.15,\"PRICE\":{price.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}";

    /// <summary>Python Lambda logging, with the seed's marker, exactly as gen_tickers.py writes it.</summary>
    public static string PythonLine(string json) => $"[INFO]\t2023-11-14T22:13:20.123Z\t{RequestId}\tis_save_kinesis {json}\n";

    /// <summary>Node console.log in Lambda: time, request id, level, then the text.</summary>
    public static string NodeLine(string json) => $"2023-11-14T22:13:20.123Z\t{RequestId}\tINFO\t{json}\n";

    /// <summary>A 56-digit event id like CloudWatch's (and gen_tickers.py's): 36 then the index + 1.</summary>
    public static string EventId(int i) => "36" + (i + 1).ToString("D54", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Log events with ids from <see cref="EventId"/> and timestamps 1700000000000 + index.</summary>
    public static (string Id, long Timestamp, string Message)[] Events(params string[] messages) =>
        messages.Select((m, i) => (EventId(i), 1_700_000_000_000L + i, m)).ToArray();

    /// <summary>A DATA_MESSAGE envelope's JSON, its fields written in <paramref name="order"/>.</summary>
    public static string DataEnvelopeJson(
        (string Id, long Timestamp, string Message)[] events,
        string logGroup = LogGroup,
        string[]? order = null)
    {
        var fields = new Dictionary<string, Action<Utf8JsonWriter>>
        {
            ["messageType"] = w => w.WriteString("messageType", "DATA_MESSAGE"),
            ["owner"] = w => w.WriteString("owner", "123456789012"),
            ["logGroup"] = w => w.WriteString("logGroup", logGroup),
            ["logStream"] = w => w.WriteString("logStream", "2023/11/14/[$LATEST]00000000000000000000000000000001"),
            ["subscriptionFilters"] = w =>
            {
                w.WriteStartArray("subscriptionFilters");
                w.WriteStringValue("is_save_kinesis");
                w.WriteEndArray();
            },
            ["logEvents"] = w =>
            {
                w.WriteStartArray("logEvents");
                foreach (var (id, timestamp, message) in events)
                {
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteNumber("timestamp", timestamp);
                    w.WriteString("message", message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            },
        };
        return WriteObject(order ?? ["messageType", "owner", "logGroup", "logStream", "subscriptionFilters", "logEvents"], fields);
    }

    /// <summary>The CONTROL_MESSAGE exactly as gen_tickers.py (and CloudWatch Logs) sends it.</summary>
    public static string ControlEnvelopeJson(long timestampMs = 1_700_000_000_000) =>
        "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\",\"logStream\":\"\",\"subscriptionFilters\":[],"
        + $"\"logEvents\":[{{\"id\":\"\",\"timestamp\":{timestampMs},\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.\"}}]}}";

    public static byte[] Gzip(string text) => Gzip(Encoding.UTF8.GetBytes(text));

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>The log event messages' UTF-8 bytes, as failures inside an envelope carry them.</summary>
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The KPL aggregate of plain data blobs, one partition key each.</summary>
    public static byte[] Aggregate(params byte[][] records)
    {
        var builder = new KplBuilder();
        foreach (var data in records)
        {
            builder.Record(builder.Key("pk"), data);
        }

        return builder.Build();
    }

    public static byte[] Md5(ReadOnlySpan<byte> data) => MD5.HashData(data);

    private static string WriteObject(string[] order, Dictionary<string, Action<Utf8JsonWriter>> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var name in order)
            {
                fields[name](writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
