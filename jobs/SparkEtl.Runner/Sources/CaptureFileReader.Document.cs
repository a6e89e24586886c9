using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using SparkEtl.Core.Transform;

namespace SparkEtl.Runner.Sources;

/// <summary>The <c>{"Records":[...]}</c> document <c>aws kinesis get-records</c> prints, read whole within a bound.</summary>
public static partial class CaptureFileReader
{
    /// <summary>
    /// The largest <c>{"Records":[...]}</c> document read, in bytes (inflated): 64 MiB. One GetRecords response carries
    /// at most 10 MiB of data (13.4 MiB as base64, a little more pretty-printed); a larger document is one
    /// <c>capture-line-invalid</c> record. A capture that large belongs in JSON lines, which are read line by line.
    /// </summary>
    public const int MaxDocumentBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Whether the file is a Records document: its first non-empty line is a lone <c>{</c> (pretty-printed, as the AWS
    /// CLI prints it), opens an object with a <c>"Records"</c> member, or is a whole object with a <c>Records</c> array.
    /// Anything else, including a first line that is broken JSON, is read as JSON lines.
    /// </summary>
    private static bool IsRecordsDocument(string path)
    {
        using var file = Open(path, IsGzip(path));
        using var lines = new LineReader(file, MaxLineBytes);
        while (lines.TryReadLine(out var line))
        {
            var text = (lines.LineNumber == 1 ? WithoutBom(line) : line).Span.Trim(JsonWhitespace);
            if (text.IsEmpty)
            {
                continue;
            }

            if (lines.LastLineWasCut || text[0] != (byte)'{')
            {
                return false;
            }

            if (text.Length == 1 || text[1..].TrimStart(JsonWhitespace).StartsWith("\"Records\""u8))
            {
                return true;
            }

            try
            {
                using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = JsonProblem.MaxDepth });
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        return false;
    }

    private static IEnumerable<PositionedRecord> ReadRecordsDocument(string path, long start, long arrivalFallbackMs)
    {
        var (bytes, problem) = LoadDocument(path);
        JsonDocument? document = null;
        if (problem is null)
        {
            try
            {
                document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = JsonProblem.MaxDepth });
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || !document.RootElement.TryGetProperty("Records", out var array) || array.ValueKind != JsonValueKind.Array)
                {
                    problem = "it has no \"Records\" array";
                }
            }
            catch (JsonException e)
            {
                problem = $"it is not valid JSON ({JsonProblem.Find(bytes.Span) ?? e.Message})";
            }
        }

        using (document)
        {
            if (problem is not null)
            {
                // The document cannot be enumerated: it stands as one broken record, so the file still yields a row.
                if (start < 1)
                {
                    var raw = bytes.Span[..Math.Min(bytes.Length, KeptPrefixBytes)].ToArray();
                    yield return new PositionedRecord(
                        Broken(1, $"The {{\"Records\":[...]}} document cannot be read: {problem}; its first {raw.Length:N0} bytes are kept", raw, arrivalFallbackMs),
                        new SequentialPosition(1, 0));
                }

                yield break;
            }

            var shards = new RepeatedStrings(DefaultShardId);
            var index = 0L;
            foreach (var element in document!.RootElement.GetProperty("Records").EnumerateArray())
            {
                index++;
                if (index <= start)
                {
                    continue;
                }

                var what = string.Create(CultureInfo.InvariantCulture, $"Entry #{index} of the {{\"Records\":[...]}} document");
                yield return new PositionedRecord(
                    ParseRecord(element, JsonMarshal.GetRawUtf8Value(element), what, index, arrivalFallbackMs, shards),
                    new SequentialPosition(index, 0));
            }
        }
    }

    /// <summary>The file's (inflated) bytes without a byte order mark, or what kept them from being read whole.</summary>
    private static (ReadOnlyMemory<byte> Bytes, string? Problem) LoadDocument(string path)
    {
        using var stream = Open(path, IsGzip(path));
        var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        string? problem = null;
        try
        {
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                if (buffer.Length + read > MaxDocumentBytes)
                {
                    buffer.Write(chunk, 0, (int)(MaxDocumentBytes - buffer.Length));
                    problem = string.Create(CultureInfo.InvariantCulture, $"it is larger than {MaxDocumentBytes:N0} bytes, more than one GetRecords response can be; write such a capture as JSON lines");
                    break;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"the gzip file is damaged (its data does not inflate, or fails its CRC-32 check) after {buffer.Length:N0} inflated bytes");
        }

        var bytes = WithoutBom(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        return (bytes, problem);
    }
}
