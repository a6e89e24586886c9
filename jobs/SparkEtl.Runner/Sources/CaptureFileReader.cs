using System.Globalization;
using System.Text.Json;
using SparkEtl.Core;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;
using SparkEtl.Runner.Sources.Internal;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// Reads a file of records in one of three shapes, told apart by their content:
/// <list type="bullet">
/// <item>JSON lines, each a Kinesis record as GetRecords returns it (<c>Data</c> base64, <c>PartitionKey</c>,
/// <c>SequenceNumber</c>, <c>ApproximateArrivalTimestamp</c> in epoch seconds or ISO-8601) with an optional <c>ShardId</c>;</item>
/// <item>the <c>{"Records":[...]}</c> document that <c>aws kinesis get-records</c> prints;</item>
/// <item>plain NDJSON ticker records, one per line, as a producer puts them on a stream: each line is one
/// record's data, its sequence number is its line number and its arrival time the file's fallback arrival time.</item>
/// </list>
/// A gzip file (such as a raw backup object) is read the same way once inflated.
/// </summary>
/// <remarks>
/// <para>
/// Every input becomes a record; nothing in a file stops the reading. A line (or an entry of a Records document)
/// that is meant as a Kinesis record, a JSON object carrying any of the GetRecords members <c>Data</c>,
/// <c>SequenceNumber</c>, <c>ApproximateArrivalTimestamp</c> or <c>PartitionKey</c> (or text naming one that is not
/// JSON at all), but is not a valid one, becomes a record with a <see cref="KinesisRecord.CaptureProblem"/> naming the
/// line and what is wrong: bad or non-string base64, no <c>Data</c>, a sequence number that is not 1 to 128 decimal
/// digits, an arrival time that is not a time or lies outside 1970-01-01..9999-12-31T23:59:59.999Z, a member given twice
/// or of the wrong type, a shard id that is not one. The decoder turns it into one <c>capture-line-invalid</c> error
/// whose raw data is the line. A line that is not meant as a Kinesis record is passed on as data, so the decoder keeps
/// it in <c>errors</c> if it is bad.
/// </para>
/// <para>
/// Memory is bounded: a line longer than <see cref="MaxLineBytes"/> is not buffered but becomes a
/// <c>capture-line-invalid</c> record carrying its first <see cref="KeptPrefixBytes"/> bytes and naming its length; a
/// Records document larger than <see cref="MaxDocumentBytes"/>, or one that is not valid JSON, becomes one such record.
/// A gzip file whose data turns out corrupt ends with one such record after the lines read before the damage.
/// The data of a line read as a record is a copy of the line in a 64 KiB block shared with the lines around it (a fresh
/// block, never reused), so a record held after its batch holds its block.
/// </para>
/// <para>
/// Broken inputs and NDJSON lines are positioned on <see cref="DefaultShardId"/> at their line number (entry number
/// in a Records document), and take the fallback arrival time: the file's modification time, or the value a caller
/// passes (so a replay comes out the same even if the file was touched).
/// </para>
/// </remarks>
public static partial class CaptureFileReader
{
    /// <summary>The shard assumed for records that do not name one.</summary>
    public const string DefaultShardId = "shardId-000000000000";

    /// <summary>
    /// The longest line read as a record, in bytes: 16 MiB. A Kinesis record holds at most 10 MiB of data and
    /// partition key (1 MiB unless the stream's maximum record size was raised); base64 makes 10 MiB 13.4 MiB (4/3),
    /// and the other GetRecords members add well under 1 KiB, so a line of any real capture fits, with room for
    /// escaped characters. A longer line is <c>capture-line-invalid</c>.
    /// </summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    /// <summary>How many bytes of a line longer than <see cref="MaxLineBytes"/> (or of a Records document that cannot be read) its error keeps as raw data.</summary>
    public const int KeptPrefixBytes = LineReader.KeptPrefixBytes;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> LineWhitespace => " \t"u8;

    private static ReadOnlySpan<byte> JsonWhitespace => " \t\r\n"u8;

    /// <summary>Reads the whole file lazily; throws <see cref="ConfigurationException"/> if it cannot be opened.</summary>
    public static IEnumerable<KinesisRecord> Read(string path) => ReadFrom(path, default).Select(r => r.Record);

    /// <summary>
    /// Reads the file lazily from <paramref name="start"/>, a position an earlier read handed out, with the file's
    /// modification time (<see cref="LastWriteTimeMs"/>) as the fallback arrival time.
    /// </summary>
    public static IEnumerable<PositionedRecord> ReadFrom(string path, SequentialPosition start)
    {
        CheckReadable(path);
        return ReadFrom(path, start, LastWriteTimeMs(path));
    }

    /// <summary>
    /// Reads the file lazily from <paramref name="start"/>, a position an earlier read handed out:
    /// for JSON lines, lines read and the byte offset of the next line (0 in a gzip file); for a Records document,
    /// entries read. NDJSON lines, broken lines and records without an arrival time get
    /// <paramref name="arrivalFallbackMs"/> (epoch ms) as their arrival time.
    /// </summary>
    public static IEnumerable<PositionedRecord> ReadFrom(string path, SequentialPosition start, long arrivalFallbackMs) =>
        ReadFrom(path, start, arrivalFallbackMs, new BatchMemory());

    /// <summary>
    /// <see cref="ReadFrom(string, SequentialPosition, long)"/>, with the records of JSON lines made in
    /// <paramref name="memory"/>, whose batches the caller hands over and takes back.
    /// </summary>
    internal static IEnumerable<PositionedRecord> ReadFrom(string path, SequentialPosition start, long arrivalFallbackMs, BatchMemory memory)
    {
        CheckReadable(path);
        return IsRecordsDocument(path)
            ? ReadRecordsDocument(path, start.Count, arrivalFallbackMs)
            : ReadLines(path, start, arrivalFallbackMs, memory);
    }

    /// <summary>The file's last modification time in epoch milliseconds: the default fallback arrival time of its records.</summary>
    public static long LastWriteTimeMs(string path) => new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeMilliseconds();

    private static void CheckReadable(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException("source", $"file:{path}", "file:PATH naming a readable file of captured Kinesis records or ticker NDJSON");
        }
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

    private static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> firstLine) =>
        firstLine.Span.StartsWith(Utf8Bom) ? firstLine[Utf8Bom.Length..] : firstLine;

    private static IEnumerable<PositionedRecord> ReadLines(string path, SequentialPosition start, long arrivalFallbackMs, BatchMemory memory)
    {
        var gzip = IsGzip(path);
        using var file = Open(path, gzip);

        // A plain file resumes at a byte offset; an inflated one can only skip the lines already read.
        if (!gzip)
        {
            file.Position = start.ByteOffset;
        }

        var shards = new RepeatedStrings(DefaultShardId);
        var partitionKeys = new RepeatedStrings();
        using var lines = new LineReader(file, MaxLineBytes, 1 << 20, linesBefore: gzip ? 0 : start.Count);
        while (lines.TryReadLine(out var line))
        {
            if (gzip && lines.LineNumber <= start.Count)
            {
                continue;
            }

            if (lines.LineNumber == 1)
            {
                line = WithoutBom(line);
            }

            if (!lines.LastLineWasCut && line.Span.Trim(LineWhitespace).IsEmpty)
            {
                continue;
            }

            var next = new SequentialPosition(lines.LineNumber, gzip ? 0 : lines.NextLineOffset);
            yield return new PositionedRecord(ReadLine(line, lines, arrivalFallbackMs, shards, partitionKeys, memory), next);
        }

        if (lines.StreamProblem is not null && lines.LineNumber + 1 > start.Count)
        {
            // The inflater's own words (InvalidDataException's message) are generic and can mislead ("unsupported
            // compression method" for a bad CRC), so the message says what is known instead.
            var number = lines.LineNumber + 1;
            var where = lines.LineNumber == 0 ? "before any line could be read" : string.Create(CultureInfo.InvariantCulture, $"after line {lines.LineNumber}");
            var message = string.Create(CultureInfo.InvariantCulture,
                $"Capture line {number} cannot be read: the gzip file is damaged (its data does not inflate, or fails its CRC-32 check), found {where}; nothing after that can be read");
            yield return new PositionedRecord(Broken(number, message, ReadOnlyMemory<byte>.Empty, arrivalFallbackMs), new SequentialPosition(number, 0));
        }
    }

    // The line is the reader's buffer, valid until the next line is read: what a record keeps of it is copied into slabs.
    private static KinesisRecord ReadLine(
        ReadOnlyMemory<byte> line, LineReader lines, long arrivalFallbackMs, RepeatedStrings shards, RepeatedStrings partitionKeys, BatchMemory memory)
    {
        var number = lines.LineNumber;
        if (lines.LastLineWasCut)
        {
            var message = string.Create(CultureInfo.InvariantCulture,
                $"Capture line {number} is {lines.LastLineLength:N0} bytes long, more than the {MaxLineBytes:N0} bytes a line may have (a Kinesis record holds at most 10 MiB of data, 13.4 MiB as base64); its first {line.Length:N0} bytes are kept");
            return Broken(number, message, memory.Copy(line.Span), arrivalFallbackMs);
        }

        return TryReadPlainLine(line.Span, arrivalFallbackMs, shards, partitionKeys, memory)
            ?? ReadAnyLine(line, number, arrivalFallbackMs, shards, memory);
    }

    /// <summary>A whole line, however it is written: a Kinesis record, valid or broken, or data.</summary>
    internal static KinesisRecord ReadAnyLine(ReadOnlyMemory<byte> line, long number, long arrivalFallbackMs, RepeatedStrings shards, BatchMemory memory)
    {
        if (!NamesRecordMember(line.Span))
        {
            return Plain(memory, line.Span, number, arrivalFallbackMs);
        }

        var what = string.Create(CultureInfo.InvariantCulture, $"Capture line {number}");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = JsonProblem.MaxDepth });
        }
        catch (JsonException e)
        {
            return Broken(number, $"{what} is not a valid Kinesis record: it is not valid JSON ({JsonProblem.Find(line.Span) ?? e.Message})", memory.Copy(line.Span), arrivalFallbackMs);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !HasRecordMember(root))
            {
                // Valid JSON that only mentions a member name in a value or a nested object: ticker data, for the decoder.
                return Plain(memory, line.Span, number, arrivalFallbackMs);
            }

            return ParseRecord(root, line.Span, what, number, arrivalFallbackMs, shards, memory);
        }
    }

    private static KinesisRecord Plain(BatchMemory memory, ReadOnlySpan<byte> line, long lineNumber, long arrivalMs) =>
        memory.Record(DefaultShardId, lineNumber, "", arrivalMs, memory.Copy(line));

    /// <summary>A record standing for input that is not a valid Kinesis record: the decoder makes it one capture-line-invalid error.</summary>
    private static KinesisRecord Broken(long number, string problem, ReadOnlyMemory<byte> raw, long arrivalMs) =>
        new(DefaultShardId, number, "", arrivalMs, raw) { CaptureProblem = problem };
}
