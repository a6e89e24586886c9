using System.IO.Compression;
using System.Text;
using System.Text.Json;
using SparkEtl.Cli.Inspect.Internal;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Records;

namespace SparkEtl.Cli.Inspect;

/// <summary>
/// Decodes records as the pipeline does (<see cref="RecordDecoder"/>, the same options) and shows what each holds: the
/// CloudWatch Logs envelope's fields and log events, KPL sub-records, the ticker JSON found, and each unit's transform
/// result with its reason. This is what the verification Lambdas of the tutorials did by hand (base64, gunzip, print).
/// </summary>
internal sealed class RecordInspector(DecoderOptions options)
{
    private static readonly byte[] Gzip = [0x1f, 0x8b];
    private readonly RecordDecoder _decoder = new(options);

    /// <summary>The structure of <paramref name="record"/>'s data with the decoder's results on its units; also every result in order.</summary>
    public (InspectedNode Data, IReadOnlyList<TransformResult> Results) Inspect(KinesisRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sink = new CollectingSink();
        _decoder.Decode(record, sink);
        var node = Read(record.Data, insideAggregate: false);

        // The decoder yields one result per unit, in order: pair them. If the structure seen here and the decoder
        // disagree (data this view reads differently), the results stay on the record, unpaired.
        var units = new List<Action<TransformResult>>();
        CollectUnits(node, units);
        if (units.Count == sink.Results.Count)
        {
            for (var i = 0; i < units.Count; i++)
            {
                units[i](sink.Results[i]);
            }
        }

        return (node, sink.Results);
    }

    /// <summary>True when every result is on a unit of the node.</summary>
    public static bool Paired(InspectedNode node, IReadOnlyList<TransformResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var units = new List<Action<TransformResult>>();
        CollectUnits(node, units);
        return units.Count == results.Count;
    }

    private static void CollectUnits(InspectedNode node, List<Action<TransformResult>> units)
    {
        if (node.IsUnit)
        {
            units.Add(r => node.Result = r);
            return;
        }

        foreach (var logEvent in node.LogEvents)
        {
            units.Add(r => logEvent.Result = r);
        }

        foreach (var (_, _, data) in node.SubRecords)
        {
            CollectUnits(data, units);
        }
    }

    private InspectedNode Read(ReadOnlyMemory<byte> data, bool insideAggregate)
    {
        var bytes = data.Span;
        if (bytes.StartsWith(Gzip))
        {
            return ReadGzip(data);
        }

        if (bytes.StartsWith(KplSubRecords.Magic))
        {
            if (!insideAggregate && KplSubRecords.TryRead(bytes, out var keys, out var records))
            {
                return new InspectedNode
                {
                    Format = "kpl",
                    PartitionKeys = keys,
                    SubRecords = [.. records.Select((r, i) => (i, r.KeyIndex < (ulong)keys.Count ? keys[(int)r.KeyIndex] : "?", Read(r.Data, insideAggregate: true)))],
                };
            }

            return new InspectedNode { Format = "kpl", IsUnit = true };
        }

        var text = Encoding.UTF8.GetString(bytes);
        return new InspectedNode { Format = LooksLikeJson(text) ? "json" : "text", Text = text, Ticker = TickerIn(text, whole: true), IsUnit = true };
    }

    private InspectedNode ReadGzip(ReadOnlyMemory<byte> data)
    {
        byte[] inflated;
        try
        {
            using var input = new MemoryStream(data.ToArray(), writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > options.MaxDecompressedBytes)
                {
                    return new InspectedNode { Format = "gzip", IsUnit = true };
                }
            }

            inflated = output.ToArray();
        }
        catch (InvalidDataException)
        {
            return new InspectedNode { Format = "gzip", IsUnit = true };
        }

        // Bytes that start like gzip but hold no deflate stream inflate to nothing without an error.
        if (inflated.Length == 0)
        {
            return new InspectedNode { Format = "gzip", IsUnit = true };
        }

        try
        {
            using var document = JsonDocument.Parse(inflated);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messageType", out var type))
            {
                return new InspectedNode { Format = "gzip", InflatedBytes = inflated.Length, Text = Encoding.UTF8.GetString(inflated), IsUnit = true };
            }

            var envelope = new List<(string, string)>();
            foreach (var name in new[] { "messageType", "owner", "logGroup", "logStream", "subscriptionFilters" })
            {
                envelope.Add((name, root.TryGetProperty(name, out var value) ? value.GetRawText() : "null"));
            }

            var events = new List<InspectedLogEvent>();
            if (root.TryGetProperty("logEvents", out var logEvents) && logEvents.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in logEvents.EnumerateArray())
                {
                    var message = e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    events.Add(new InspectedLogEvent
                    {
                        Id = e.TryGetProperty("id", out var id) ? (id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText()) : null,
                        TimestampMs = e.TryGetProperty("timestamp", out var t) && t.TryGetInt64(out var ms) ? ms : null,
                        Message = message,
                        Ticker = message is null ? null : TickerIn(message, whole: false),
                    });
                }
            }

            // A DATA_MESSAGE yields a result per log event; anything else (a CONTROL_MESSAGE) one for the record.
            var data_ = type.ValueKind == JsonValueKind.String && type.GetString() == "DATA_MESSAGE";
            return new InspectedNode { Format = "cloudwatch", InflatedBytes = inflated.Length, Envelope = envelope, LogEvents = events, IsUnit = !data_ };
        }
        catch (JsonException)
        {
            return new InspectedNode { Format = "gzip", InflatedBytes = inflated.Length, Text = Encoding.UTF8.GetString(inflated), IsUnit = true };
        }
    }

    private static bool LooksLikeJson(string text) => text.TrimStart().StartsWith('{');

    /// <summary>The JSON object the transform would read: the whole text, or (in a log line) what follows its prefix.</summary>
    private static string? TickerIn(string text, bool whole)
    {
        var start = whole ? (LooksLikeJson(text) ? text.IndexOf('{', StringComparison.Ordinal) : -1) : text.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var candidate = text[start..].Trim();
        try
        {
            using var document = JsonDocument.Parse(candidate);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.GetRawText() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
