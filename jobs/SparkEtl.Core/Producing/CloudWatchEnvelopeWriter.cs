using System.IO.Compression;
using System.Text.Json;

namespace SparkEtl.Core.Producing;

/// <summary>
/// Writes CloudWatch Logs subscription envelopes as a subscription filter delivers them to Kinesis:
/// gzip-compressed JSON with <c>messageType</c>, <c>owner</c>, <c>logGroup</c>, <c>logStream</c>,
/// <c>subscriptionFilters</c> and <c>logEvents</c>. Used by the demo source and the producer.
/// </summary>
public static class CloudWatchEnvelopeWriter
{
    /// <summary>A DATA_MESSAGE envelope carrying <paramref name="events"/>, gzip-compressed.</summary>
    public static byte[] DataMessage(string owner, string logGroup, string logStream, string subscriptionFilter, IReadOnlyList<CloudWatchLogEvent> events) =>
        Gzip(json =>
        {
            json.WriteString("messageType", "DATA_MESSAGE");
            json.WriteString("owner", owner);
            json.WriteString("logGroup", logGroup);
            json.WriteString("logStream", logStream);
            json.WriteStartArray("subscriptionFilters");
            json.WriteStringValue(subscriptionFilter);
            json.WriteEndArray();
            WriteEvents(json, events);
        });

    /// <summary>
    /// The CONTROL_MESSAGE envelope CloudWatch Logs sends when a subscription is created, to check
    /// that the destination stream is reachable.
    /// </summary>
    public static byte[] ControlMessage(long timestampMs) =>
        Gzip(json =>
        {
            json.WriteString("messageType", "CONTROL_MESSAGE");
            json.WriteString("owner", "CloudwatchLogs");
            json.WriteString("logGroup", "");
            json.WriteString("logStream", "");
            json.WriteStartArray("subscriptionFilters");
            json.WriteEndArray();
            WriteEvents(json, [new CloudWatchLogEvent("", timestampMs, "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.")]);
        });

    private static void WriteEvents(Utf8JsonWriter json, IReadOnlyList<CloudWatchLogEvent> events)
    {
        json.WriteStartArray("logEvents");
        foreach (var e in events)
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteNumber("timestamp", e.TimestampMs);
            json.WriteString("message", e.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static byte[] Gzip(Action<Utf8JsonWriter> writeBody)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var json = new Utf8JsonWriter(gzip, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            writeBody(json);
            json.WriteEndObject();
        }

        return output.ToArray();
    }
}
