using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SparkEtl.Core;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Cli.Inspect;

/// <summary>Writes inspected records as readable text, or as one JSON object per record (<c>--json</c>).</summary>
internal static class InspectionWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteText(TextWriter output, int number, KinesisRecord record, InspectedNode data, IReadOnlyList<TransformResult> results)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(record);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"record {number}: shard {record.ShardId}, sequence {record.SequenceNumber}, partition key {Quote(record.PartitionKey)}, arrival {UtcTimestamp.FromEpochMs(record.ApproximateArrivalMs)}, {record.Data.Length} bytes"));
        WriteNode(output, data, "  ", null, null);
        if (!RecordInspector.Paired(data, results))
        {
            output.WriteLine("  results (in order; the decoder read the data differently from the structure shown):");
            foreach (var result in results)
            {
                output.WriteLine("    " + Describe(result, null, null));
            }
        }

        output.WriteLine();
    }

    public static void WriteJson(TextWriter output, int number, KinesisRecord record, InspectedNode data, IReadOnlyList<TransformResult> results)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(record);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("record", number);
            json.WriteString("shardId", record.ShardId);
            json.WriteString("sequenceNumber", record.SequenceNumber);
            json.WriteString("partitionKey", record.PartitionKey);
            json.WriteString("arrivalTime", UtcTimestamp.FromEpochMs(record.ApproximateArrivalMs));
            json.WriteNumber("dataBytes", record.Data.Length);
            json.WritePropertyName("data");
            WriteNodeJson(json, data, null, null);
            if (!RecordInspector.Paired(data, results))
            {
                json.WriteStartArray("results");
                foreach (var result in results)
                {
                    WriteResultJson(json, result, null, null);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteNode(TextWriter output, InspectedNode node, string indent, string? ticker, long? logTimestamp)
    {
        switch (node.Format)
        {
            case "cloudwatch":
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{indent}gzip CloudWatch Logs envelope, {node.InflatedBytes} bytes inflated"));
                output.WriteLine($"{indent}{string.Join(", ", node.Envelope!.Select(f => $"{f.Name} {f.Json}"))}");
                for (var i = 0; i < node.LogEvents.Count; i++)
                {
                    var e = node.LogEvents[i];
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{indent}log event {i}: id {e.Id ?? "-"}, timestamp {(e.TimestampMs is { } t ? UtcTimestamp.FromEpochMs(t) : "-")}"));
                    output.WriteLine($"{indent}  message: {Escape(e.Message ?? "(none)")}");
                    output.WriteLine($"{indent}  ticker:  {e.Ticker ?? "(no JSON object in the message)"}");
                    if (e.Result is { } result)
                    {
                        output.WriteLine($"{indent}  result:  {Describe(result, e.Ticker, e.TimestampMs)}");
                    }
                }

                break;
            case "kpl":
                if (node.PartitionKeys is null)
                {
                    output.WriteLine($"{indent}KPL aggregate (magic f3 89 9a c2) whose sub-records cannot be listed");
                }
                else
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{indent}KPL aggregate of {node.SubRecords.Count} sub-records, partition keys [{string.Join(", ", node.PartitionKeys.Select(Quote))}]"));
                    foreach (var (index, key, data) in node.SubRecords)
                    {
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{indent}sub-record {index}: partition key {Quote(key)}"));
                        WriteNode(output, data, indent + "  ", null, null);
                    }
                }

                break;
            case "gzip":
                output.WriteLine(node.InflatedBytes is { } inflated
                    ? string.Create(CultureInfo.InvariantCulture, $"{indent}gzip, {inflated} bytes inflated, not a CloudWatch Logs envelope: {Escape(Shorten(node.Text ?? ""))}")
                    : $"{indent}gzip magic 1f 8b, but the data does not inflate (or inflates past decode.maxDecompressedBytes)");
                break;
            default:
                output.WriteLine($"{indent}{(node.Format == "json" ? "JSON" : "text")}: {Escape(Shorten(node.Text ?? ""))}");
                if (node.Format == "json")
                {
                    output.WriteLine($"{indent}ticker:  {node.Ticker ?? "(not one JSON object)"}");
                }

                break;
        }

        if (node.IsUnit && node.Result is { } own)
        {
            output.WriteLine($"{indent}result:  {Describe(own, ticker ?? node.Ticker, logTimestamp)}");
        }
    }

    private static void WriteNodeJson(Utf8JsonWriter json, InspectedNode node, string? ticker, long? logTimestamp)
    {
        json.WriteStartObject();
        json.WriteString("format", node.Format);
        if (node.InflatedBytes is { } inflated)
        {
            json.WriteNumber("inflatedBytes", inflated);
        }

        if (node.Envelope is { } envelope)
        {
            json.WriteStartObject("envelope");
            foreach (var (name, value) in envelope)
            {
                json.WritePropertyName(name);
                json.WriteRawValue(value);
            }

            json.WriteEndObject();
            json.WriteStartArray("logEvents");
            foreach (var e in node.LogEvents)
            {
                json.WriteStartObject();
                WriteStringOrNull(json, "id", e.Id);
                WriteStringOrNull(json, "timestamp", e.TimestampMs is { } t ? UtcTimestamp.FromEpochMs(t) : null);
                WriteStringOrNull(json, "message", e.Message);
                WriteTicker(json, e.Ticker);
                if (e.Result is { } result)
                {
                    json.WritePropertyName("result");
                    WriteResultJson(json, result, e.Ticker, e.TimestampMs);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (node.PartitionKeys is { } keys)
        {
            json.WriteStartArray("partitionKeys");
            foreach (var key in keys)
            {
                json.WriteStringValue(key);
            }

            json.WriteEndArray();
            json.WriteStartArray("subRecords");
            foreach (var (index, key, data) in node.SubRecords)
            {
                json.WriteStartObject();
                json.WriteNumber("index", index);
                json.WriteString("partitionKey", key);
                json.WritePropertyName("data");
                WriteNodeJson(json, data, null, null);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (node.Text is { } text && node.Format != "cloudwatch")
        {
            json.WriteString("text", text);
        }

        if (node.Format == "json")
        {
            WriteTicker(json, node.Ticker);
        }

        if (node.IsUnit && node.Result is { } own)
        {
            json.WritePropertyName("result");
            WriteResultJson(json, own, ticker ?? node.Ticker, logTimestamp);
        }

        json.WriteEndObject();
    }

    private static void WriteResultJson(Utf8JsonWriter json, TransformResult result, string? ticker, long? logTimestamp)
    {
        json.WriteStartObject();
        if (result.Trade is { } trade)
        {
            json.WriteString("outcome", "ok");
            json.WriteString("tickerSymbol", trade.Symbol);
            WriteStringOrNull(json, "sector", trade.Sector);
            json.WriteNumber("price", trade.Price);
            json.WriteString("eventTime", UtcTimestamp.FromEpochMs(trade.EventTimeMs));
            json.WriteString("eventTimeFrom", EventTimeFrom(trade, ticker, logTimestamp));
        }
        else if (result.Dropped is { } reason)
        {
            json.WriteString("outcome", "dropped");
            json.WriteString("reason", reason.Code());
        }
        else if (result.Error is { } error)
        {
            json.WriteString("outcome", "failed");
            json.WriteString("errorType", error.Type.Code());
            json.WriteString("message", error.Message);
        }

        json.WriteEndObject();
    }

    private static string Describe(TransformResult result, string? ticker, long? logTimestamp)
    {
        if (result.Trade is { } trade)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"ok: trade {trade.Symbol} {trade.Sector ?? "(no sector)"} price {trade.Price:R} at {UtcTimestamp.FromEpochMs(trade.EventTimeMs)} (event time from {EventTimeFrom(trade, ticker, logTimestamp)})");
        }

        return result.Dropped is { } reason
            ? $"dropped: {reason.Code()}"
            : $"failed: {result.Error!.Type.Code()}: {result.Error.Message}";
    }

    // Event time = EVENT_TIME, else the log event timestamp, else the arrival time (DESIGN: data contracts).
    private static string EventTimeFrom(Trade trade, string? ticker, long? logTimestamp)
    {
        if (ticker is not null)
        {
            using var document = JsonDocument.Parse(ticker);
            if (document.RootElement.EnumerateObject().Any(p => p.Name.Equals("EVENT_TIME", StringComparison.OrdinalIgnoreCase)))
            {
                return "EVENT_TIME";
            }
        }

        return logTimestamp == trade.EventTimeMs ? "log event timestamp" : "arrival time";
    }

    private static void WriteTicker(Utf8JsonWriter json, string? ticker)
    {
        json.WritePropertyName("ticker");
        if (ticker is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(ticker);
        }
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static string Quote(string text) => "\"" + text + "\"";

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
