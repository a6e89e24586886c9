using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using SparkEtl.Core;
using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// Reads a file of records in one of three shapes, told apart by their content:
/// <list type="bullet">
/// <item>JSON lines, each a Kinesis record as GetRecords returns it (<c>Data</c> base64, <c>PartitionKey</c>,
/// <c>SequenceNumber</c>, <c>ApproximateArrivalTimestamp</c> in epoch seconds or ISO-8601) with an optional <c>ShardId</c>;</item>
/// <item>the <c>{"Records":[...]}</c> document that <c>aws kinesis get-records</c> prints;</item>
/// <item>plain NDJSON ticker records, one per line, as a producer puts them on a stream: each line is one
/// record's data, its sequence number is its line number and its arrival time the file's modification time.</item>
/// </list>
/// A line that is not a Kinesis record is passed on as data, so the decoder keeps it in <c>errors</c> if it is bad.
/// A gzip file (such as a raw backup object) is read the same way once inflated.
/// </summary>
public static class CaptureFileReader
{
    /// <summary>The shard assumed for records that do not name one.</summary>
    public const string DefaultShardId = "shardId-000000000000";

    /// <summary>Reads the whole file lazily; throws <see cref="ConfigurationException"/> if it cannot be opened.</summary>
    public static IEnumerable<KinesisRecord> Read(string path) => ReadFrom(path, default).Select(r => r.Record);

    /// <summary>
    /// Reads the file lazily from <paramref name="start"/>, a position an earlier read handed out:
    /// for JSON lines, lines read and the byte offset of the next line; for a Records document, records read.
    /// </summary>
    public static IEnumerable<PositionedRecord> ReadFrom(string path, SequentialPosition start) =>
        ReadFrom(path, start, new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeMilliseconds());

    /// <summary>As <see cref="ReadFrom(string, SequentialPosition)"/>, giving records without an arrival time <paramref name="arrivalFallbackMs"/>.</summary>
    public static IEnumerable<PositionedRecord> ReadFrom(string path, SequentialPosition start, long arrivalFallbackMs)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException("source", $"file:{path}", "file:PATH naming a readable file of captured Kinesis records or ticker NDJSON");
        }

        return IsRecordsDocument(path) ? ReadRecordsDocument(path, arrivalFallbackMs).Skip(checked((int)start.Count)) : ReadLines(path, start, arrivalFallbackMs);
    }

    private static bool IsGzip(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
    }

    private static Stream Open(string path, bool gzip)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return gzip ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress) : file;
    }

    private static bool IsRecordsDocument(string path)
    {
        using var file = Open(path, IsGzip(path));
        using var lines = new LineReader(file, 1 << 16);
        while (lines.TryReadLine(out var line))
        {
            var text = line.Span.Trim(" \t"u8);
            if (text.IsEmpty)
            {
                continue;
            }

            // A pretty-printed document opens with a line that is not a whole JSON value.
            using var document = ReadObject(text);
            return document is null
                ? text[0] == (byte)'{'
                : document.RootElement.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array;
        }

        return false;
    }

    private static IEnumerable<PositionedRecord> ReadRecordsDocument(string path, long arrivalFallback)
    {
        using var stream = Open(path, IsGzip(path));
        using var document = JsonDocument.Parse(stream);
        if (!document.RootElement.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            throw new ConfigurationException("source", $"file:{path}", "a file of JSON lines, or a {\"Records\":[...]} document as aws kinesis get-records prints");
        }

        var index = 0L;
        foreach (var element in records.EnumerateArray())
        {
            index++;
            var record = TryParseRecord(element, arrivalFallback, out var parsed)
                ? parsed
                : PlainRecord(System.Text.Encoding.UTF8.GetBytes(element.GetRawText()), index, arrivalFallback);
            yield return new PositionedRecord(record, new SequentialPosition(index, 0));
        }
    }

    private static IEnumerable<PositionedRecord> ReadLines(string path, SequentialPosition start, long arrivalFallback)
    {
        var gzip = IsGzip(path);
        using var file = Open(path, gzip);

        // A plain file resumes at a byte offset; an inflated one can only skip the lines already read.
        if (!gzip)
        {
            file.Position = start.ByteOffset;
        }

        using var lines = new LineReader(file, linesBefore: gzip ? 0 : start.Count);
        while (lines.TryReadLine(out var line))
        {
            if (gzip && lines.LineNumber <= start.Count)
            {
                continue;
            }

            if (line.Span.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            var next = new SequentialPosition(lines.LineNumber, gzip ? 0 : lines.NextLineOffset);
            if (LooksLikeKinesisRecord(line.Span))
            {
                using var document = ReadObject(line.Span);
                if (document is not null && TryParseRecord(document.RootElement, arrivalFallback, out var record))
                {
                    yield return new PositionedRecord(record, next);
                    continue;
                }
            }

            yield return new PositionedRecord(PlainRecord(line.ToArray(), lines.LineNumber, arrivalFallback), next);
        }
    }

    // A cheap test before parsing: a Kinesis record line carries both of these members.
    private static bool LooksLikeKinesisRecord(ReadOnlySpan<byte> line) =>
        line.IndexOf("\"Data\""u8) >= 0 && line.IndexOf("\"SequenceNumber\""u8) >= 0;

    private static KinesisRecord PlainRecord(byte[] data, long lineNumber, long arrivalMs) =>
        new(DefaultShardId, lineNumber.ToString(CultureInfo.InvariantCulture), "", arrivalMs, data);

    /// <summary>Parses one whole JSON object, or returns null when the bytes are not one.</summary>
    private static JsonDocument? ReadObject(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty || json[0] != (byte)'{')
        {
            return null;
        }

        var reader = new Utf8JsonReader(json);
        try
        {
            return JsonDocument.TryParseValue(ref reader, out var parsed) ? parsed : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryParseRecord(JsonElement element, long arrivalFallback, out KinesisRecord record)
    {
        record = null!;
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("Data", out var data) || data.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("SequenceNumber", out var sequence) || sequence.ValueKind != JsonValueKind.String
            || !IsDecimal(sequence.GetString()!))
        {
            return false;
        }

        var bytes = DecodeBase64(data.GetString()!);
        if (bytes is null)
        {
            return false;
        }

        var shard = element.TryGetProperty("ShardId", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : DefaultShardId;
        var key = element.TryGetProperty("PartitionKey", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "";
        var arrival = element.TryGetProperty("ApproximateArrivalTimestamp", out var a) ? ArrivalMs(a) ?? arrivalFallback : arrivalFallback;
        record = new KinesisRecord(string.Intern(shard), sequence.GetString()!, key, arrival, bytes);
        return true;
    }

    private static byte[]? DecodeBase64(string text)
    {
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
    }

    // GetRecords returns epoch seconds with a fraction; the AWS CLI may print ISO-8601 instead.
    private static long? ArrivalMs(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var seconds) && double.IsFinite(seconds) => (long)Math.Round(seconds * 1000),
        JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => t.ToUnixTimeMilliseconds(),
        _ => null,
    };

    private static bool IsDecimal(string text) => text.Length is > 0 and <= 128 && !text.AsSpan().ContainsAnyExcept(Digits);

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");
}
