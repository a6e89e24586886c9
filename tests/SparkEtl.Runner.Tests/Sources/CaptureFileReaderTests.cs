using System.Text;
using SparkEtl.Core;
using SparkEtl.Runner.Sources;
using SparkEtl.TestSupport;

namespace SparkEtl.Runner.Tests.Sources;

public class CaptureFileReaderTests
{
    private const string Ticker = """{"TICKER_SYMBOL":"JIB","PRICE":44.89}""";

    [Fact]
    public void Read_KinesisRecordLines_DecodesDataAndKeepsEveryField()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("capture.jsonl");
        File.WriteAllText(path, $$"""
            {"ShardId":"shardId-000000000003","SequenceNumber":"49600000000000000000000000000000000000000000000000000001","ApproximateArrivalTimestamp":1700000000.125,"PartitionKey":"JIB","Data":"{{B64(Ticker)}}"}

            {"SequenceNumber":"2","ApproximateArrivalTimestamp":"2023-11-14T22:13:21.5Z","PartitionKey":"k","Data":"{{B64("x")}}"}
            """);

        var records = CaptureFileReader.Read(path).ToList();

        Assert.Equal(2, records.Count);
        Assert.Equal(("shardId-000000000003", "49600000000000000000000000000000000000000000000000000001", "JIB", 1_700_000_000_125L, Ticker),
            (records[0].ShardId, records[0].SequenceNumber, records[0].PartitionKey, records[0].ApproximateArrivalMs, Encoding.UTF8.GetString(records[0].Data.Span)));
        Assert.Equal((CaptureFileReader.DefaultShardId, 1_700_000_001_500L, "x"),
            (records[1].ShardId, records[1].ApproximateArrivalMs, Encoding.UTF8.GetString(records[1].Data.Span)));
    }

    [Fact]
    public void Read_AwsCliGetRecordsOutput_ReadsTheRecordsArray()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("get-records.json");
        File.WriteAllText(path, $$"""
            {
                "Records": [
                    {
                        "SequenceNumber": "49650000000000000000000000000000000000000000000000000007",
                        "ApproximateArrivalTimestamp": "2024-03-15T14:30:00.250000+00:00",
                        "Data": "{{B64(Ticker)}}",
                        "PartitionKey": "JIB"
                    }
                ],
                "NextShardIterator": "AAAA",
                "MillisBehindLatest": 0
            }
            """);

        var record = Assert.Single(CaptureFileReader.Read(path));

        Assert.Equal(Ticker, Encoding.UTF8.GetString(record.Data.Span));
        Assert.Equal(DateTimeOffset.Parse("2024-03-15T14:30:00.25Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), record.ApproximateArrivalMs);
    }

    [Fact]
    public void Read_PlainNdjson_EachLineIsOneRecordNumberedByLine()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("tickers.ndjson");
        File.WriteAllText(path, Ticker + "\r\n" + "not json at all\n" + Ticker);

        var records = CaptureFileReader.Read(path).ToList();

        Assert.Equal(["1", "2", "3"], records.Select(r => r.SequenceNumber));
        Assert.Equal([Ticker, "not json at all", Ticker], records.Select(r => Encoding.UTF8.GetString(r.Data.Span)));
        Assert.All(records, r => Assert.Equal(CaptureFileReader.DefaultShardId, r.ShardId));
    }

    [Fact]
    public void Read_RecordLineWithBadBase64_IsACaptureProblemCarryingTheWholeLine()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("capture.jsonl");
        var line = """{"SequenceNumber":"7","ApproximateArrivalTimestamp":1,"PartitionKey":"k","Data":"!!!not base64"}""";
        File.WriteAllText(path, line + "\n");

        var record = Assert.Single(CaptureFileReader.Read(path));

        Assert.Equal(line, Encoding.UTF8.GetString(record.Data.Span));
        Assert.Equal("Capture line 1 is not a valid Kinesis record: Data is not valid base64 (13 characters, starting \"!!!not base64\")", record.CaptureProblem);
        Assert.Equal((CaptureFileReader.DefaultShardId, "1"), (record.ShardId, record.SequenceNumber));
    }

    [Theory]
    [InlineData("""{"SequenceNumber":"1","PartitionKey":"k"}""", "Data is missing")]
    [InlineData("""{"Data":"eA=="}""", "SequenceNumber is missing")]
    [InlineData("""{"PartitionKey":"k"}""", "SequenceNumber is missing; Data is missing")]
    [InlineData("""{"SequenceNumber":"49x","Data":"eA=="}""", "SequenceNumber must be a string of 1 to 128 decimal digits, got \"49x\"")]
    [InlineData("""{"SequenceNumber":49,"Data":"eA=="}""", "SequenceNumber must be a string of 1 to 128 decimal digits, got 49")]
    [InlineData("""{"SequenceNumber":"","Data":"eA=="}""", "SequenceNumber must be a string of 1 to 128 decimal digits, got \"\"")]
    [InlineData("""{"SequenceNumber":"1","Data":42}""", "Data must be a base64 string, got 42")]
    [InlineData("""{"SequenceNumber":"1","Data":null}""", "Data must be a base64 string, got null")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA"}""", "Data is not valid base64")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA==","Data":"eQ=="}""", "Data appears more than once")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA==","ApproximateArrivalTimestamp":1e15}""", "ApproximateArrivalTimestamp 1e15 is outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (numbers are epoch seconds)")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA==","ApproximateArrivalTimestamp":-0.5}""", "ApproximateArrivalTimestamp -0.5 is outside 1970-01-01T00:00:00Z")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA==","ApproximateArrivalTimestamp":1e400}""", "ApproximateArrivalTimestamp must be epoch seconds or an ISO-8601 time, got 1e400, which is not a finite number")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA==","ApproximateArrivalTimestamp":"NaN"}""", "ApproximateArrivalTimestamp must be epoch seconds or an ISO-8601 time, got \"NaN\"")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA==","ApproximateArrivalTimestamp":"1969-12-31T23:59:59Z"}""", "ApproximateArrivalTimestamp \"1969-12-31T23:59:59Z\" is outside 1970-01-01T00:00:00Z")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA==","ApproximateArrivalTimestamp":true}""", "ApproximateArrivalTimestamp must be epoch seconds or an ISO-8601 time, got true")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA==","PartitionKey":7}""", "PartitionKey must be a string of at most 256 characters, got 7")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA==","ShardId":"../x"}""", "ShardId must be 1 to 128 letters, digits, '_', '.' or '-', got \"../x\"")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA==","ShardId":"a/b"}""", "ShardId must be 1 to 128 letters, digits, '_', '.' or '-', got \"a/b\"")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA==""", "it is not valid JSON (the JSON ends early, after 34 bytes (truncated?))")]
    [InlineData("""{ "ApproximateArrivalTimestamp" : 1700000000 }""", "SequenceNumber is missing; Data is missing")]
    [InlineData("{\"TICKER_SYMBOL\":\"JIB\",\"PartitionKey\"\t:\"k\"}", "SequenceNumber is missing; Data is missing")]
    [InlineData("""{"Data" :"eA=="}""", "SequenceNumber is missing")]
    [InlineData("""{"SequenceNumber":"1","Data":"eA==","ApproximateArrivalTimestamp":NaN}""", "it is not valid JSON (NaN at byte 66: JSON has no NaN or Infinity literals)")]
    public void Read_LineMeantAsAKinesisRecordButBroken_IsACaptureProblemNamingTheLineAndWhatIsWrong(string line, string problem)
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("capture.jsonl");
        File.WriteAllText(path, Ticker + "\n" + line + "\n" + Ticker + "\n");

        var records = CaptureFileReader.Read(path).ToList();

        Assert.True(records[0].CaptureProblem is null && records[2].CaptureProblem is null);
        Assert.StartsWith($"Capture line 2 is not a valid Kinesis record: {problem}", records[1].CaptureProblem);
        Assert.Equal(line, Encoding.UTF8.GetString(records[1].Data.Span));
        Assert.Equal(["1", "2", "3"], records.Select(r => r.SequenceNumber));
    }

    [Fact]
    public void Read_RecordLineNestedTooDeep_IsACaptureProblemNamingTheDepth()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("capture.jsonl");
        File.WriteAllText(path, $$"""{"SequenceNumber":"1","Data":"eA==","x":{{new string('[', 100)}}{{new string(']', 100)}}}""");

        var record = Assert.Single(CaptureFileReader.Read(path));

        Assert.Equal("Capture line 1 is not a valid Kinesis record: it is not valid JSON (nesting deeper than 64 levels at byte 103)", record.CaptureProblem);
    }

    [Fact]
    public void Read_RecordLineWithInvalidUtf8_IsACaptureProblemNamingTheByte()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("capture.jsonl");
        byte[] line = [.. "{\"SequenceNumber\":\"1\",\"Data\":\"eA==\",\"PartitionKey\":\"k"u8, 0xFF, .. "\"}"u8];
        File.WriteAllBytes(path, line);

        var record = Assert.Single(CaptureFileReader.Read(path));

        Assert.Equal("Capture line 1 is not a valid Kinesis record: it is not valid JSON (invalid UTF-8 at byte 53 (0xff): JSON text must be UTF-8)", record.CaptureProblem);
        Assert.Equal(line, record.Data.ToArray());
    }

    [Theory]
    [InlineData("""{"TICKER_SYMBOL":"JIB","PRICE":1,"meta":{"Data":"x","SequenceNumber":"1"}}""")]
    [InlineData("""{"TICKER_SYMBOL":"JIB","PRICE":1,"note":"\"Data\": is only text"}""")]
    [InlineData("""[{"Data":"eA==","SequenceNumber":"1"}]""")]
    [InlineData("""{"TICKER_SYMBOL":"JIB","PRICE":NaN}""")]
    public void Read_LineNotMeantAsAKinesisRecord_IsPassedOnAsData(string line)
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("tickers.ndjson");
        File.WriteAllText(path, line + "\n");

        var record = Assert.Single(CaptureFileReader.Read(path));

        Assert.Null(record.CaptureProblem);
        Assert.Equal(line, Encoding.UTF8.GetString(record.Data.Span));
    }

    [Fact]
    public void ReadFrom_FallbackArrivalGiven_NdjsonBrokenAndUntimedRecordsTakeItWhateverTheFilesTime()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("capture.jsonl");
        File.WriteAllLines(path,
        [
            Ticker,
            """{"SequenceNumber":"5","Data":"!"}""",
            $$"""{"SequenceNumber":"6","Data":"{{B64(Ticker)}}"}""",
            $$"""{"SequenceNumber":"7","Data":"{{B64(Ticker)}}","ApproximateArrivalTimestamp":1700000000.5}""",
        ]);
        File.SetLastWriteTimeUtc(path, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var records = CaptureFileReader.ReadFrom(path, default, arrivalFallbackMs: 1_600_000_000_000).Select(r => r.Record).ToList();
        var byFileTime = CaptureFileReader.ReadFrom(path, default).Select(r => r.Record.ApproximateArrivalMs).ToList();

        Assert.Equal([1_600_000_000_000L, 1_600_000_000_000L, 1_600_000_000_000L, 1_700_000_000_500L], records.Select(r => r.ApproximateArrivalMs));
        Assert.Equal([1_893_456_000_000L, 1_893_456_000_000L, 1_893_456_000_000L, 1_700_000_000_500L], byFileTime);
        Assert.Equal(1_893_456_000_000L, CaptureFileReader.LastWriteTimeMs(path));
    }

    [Fact]
    public void Read_LineLongerThanTheBound_OneCaptureProblemKeepingAPrefixAndReadingOn()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("capture.jsonl");
        var length = CaptureFileReader.MaxLineBytes + 12_345;
        using (var file = File.Create(path))
        {
            file.Write(Encoding.UTF8.GetBytes(Ticker + "\n"));
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'A');
            for (var left = length; left > 0; left -= chunk.Length)
            {
                file.Write(chunk, 0, Math.Min(left, chunk.Length));
            }

            file.Write(Encoding.UTF8.GetBytes("\n" + Ticker + "\n"));
        }

        var records = CaptureFileReader.ReadFrom(path, default).ToList();

        Assert.Equal(3, records.Count);
        Assert.True(records[0].Record.CaptureProblem is null && records[2].Record.CaptureProblem is null);
        Assert.Equal(
            $"Capture line 2 is 16,789,561 bytes long, more than the 16,777,216 bytes a line may have (a Kinesis record holds at most 10 MiB of data, 13.4 MiB as base64); its first 4,096 bytes are kept",
            records[1].Record.CaptureProblem);
        Assert.Equal(Enumerable.Repeat((byte)'A', CaptureFileReader.KeptPrefixBytes), records[1].Record.Data.ToArray());
        Assert.Equal(Ticker, Encoding.UTF8.GetString(records[2].Record.Data.Span));

        // Resuming after the long line reads on from the next one.
        var resumed = Assert.Single(CaptureFileReader.ReadFrom(path, records[1].Next));
        Assert.Equal(("3", Ticker), (resumed.Record.SequenceNumber, Encoding.UTF8.GetString(resumed.Record.Data.Span)));
    }

    [Fact]
    public void Read_FirstLineBrokenJsonThatLooksLikeARecord_ReadAsLinesNotAsADocument()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("capture.jsonl");
        File.WriteAllText(path, "{\"SequenceNumber\":\"1\",\"Data\":\"e\n" + Ticker + "\n");

        var records = CaptureFileReader.Read(path).ToList();

        Assert.Equal(2, records.Count);
        Assert.StartsWith("Capture line 1 is not a valid Kinesis record: it is not valid JSON", records[0].CaptureProblem);
        Assert.Null(records[1].CaptureProblem);
    }

    [Fact]
    public void Read_RecordsDocumentWithBrokenEntries_EachEntryARecordOrACaptureProblem()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("get-records.json");
        File.WriteAllText(path, $$"""
            {
                "Records": [
                    { "SequenceNumber": "1", "ApproximateArrivalTimestamp": 1700000000.5, "Data": "{{B64(Ticker)}}", "PartitionKey": "k" },
                    { "SequenceNumber": "2", "Data": "%%%" },
                    42,
                    { "SequenceNumber": "4", "ApproximateArrivalTimestamp": 1e15, "Data": "{{B64(Ticker)}}" },
                    { "PartitionKey": "k" }
                ]
            }
            """);

        var records = CaptureFileReader.ReadFrom(path, default, 1_600_000_000_000).ToList();

        Assert.Equal([1L, 2, 3, 4, 5], records.Select(r => r.Next.Count));
        Assert.Null(records[0].Record.CaptureProblem);
        Assert.Equal([
            "Entry #2 of the {\"Records\":[...]} document is not a valid Kinesis record: Data is not valid base64 (3 characters, starting \"%%%\")",
            "Entry #3 of the {\"Records\":[...]} document is not a valid Kinesis record: it is not a JSON object but 42",
            "Entry #4 of the {\"Records\":[...]} document is not a valid Kinesis record: ApproximateArrivalTimestamp 1e15 is outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (numbers are epoch seconds)",
            "Entry #5 of the {\"Records\":[...]} document is not a valid Kinesis record: SequenceNumber is missing; Data is missing"],
            records.Skip(1).Select(r => r.Record.CaptureProblem));
        Assert.Equal("42", Encoding.UTF8.GetString(records[2].Record.Data.Span));
        Assert.All(records.Skip(1), r => Assert.Equal(1_600_000_000_000L, r.Record.ApproximateArrivalMs));
        Assert.Equal(["4", "5"], CaptureFileReader.ReadFrom(path, new SequentialPosition(3, 0), 0).Select(r => r.Record.SequenceNumber));
    }

    [Theory]
    [InlineData("{\n  \"Records\": [\n    { \"SequenceNumber\": \"1\", \"Data\": \"eA==\" },\n    { \"Seq", "it is not valid JSON (the JSON ends early")]
    [InlineData("{\n  \"NextShardIterator\": \"AAAA\"\n}\n", "it has no \"Records\" array")]
    [InlineData("{\"Records\": {\"Data\": \"eA==\"}}", "it has no \"Records\" array")]
    public void Read_RecordsDocumentThatCannotBeRead_OneCaptureProblemForTheFile(string text, string problem)
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("get-records.json");
        File.WriteAllText(path, text);

        var record = Assert.Single(CaptureFileReader.ReadFrom(path, default));

        Assert.StartsWith($"The {{\"Records\":[...]}} document cannot be read: {problem}", record.Record.CaptureProblem);
        Assert.Equal(text, Encoding.UTF8.GetString(record.Record.Data.Span));
        Assert.Empty(CaptureFileReader.ReadFrom(path, record.Next));
    }

    [Fact]
    public void Read_GzipFileCorruptPartWay_TheLinesBeforeThenOneCaptureProblem()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("capture.jsonl.gz");
        var text = string.Concat(Enumerable.Range(1, 2000).Select(i => $$"""{"TICKER_SYMBOL":"S{{i}}","PRICE":{{i}}}""" + "\n"));
        var gzip = Gzip(Encoding.UTF8.GetBytes(text));
        gzip[gzip.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, gzip);

        var records = CaptureFileReader.ReadFrom(path, default).ToList();

        var last = records[^1];
        Assert.All(records.SkipLast(1), r => Assert.Null(r.Record.CaptureProblem));
        Assert.Matches(@"^Capture line \d+ cannot be read: the gzip file is damaged \(its data does not inflate, or fails its CRC-32 check\), found after line \d+; nothing after that can be read$", last.Record.CaptureProblem);
        Assert.Equal(records.Count, (int)last.Next.Count);
        Assert.Empty(CaptureFileReader.ReadFrom(path, last.Next));
    }

    [Fact]
    public void Read_GzipFileTruncated_TheCutLineIsTheLastRecord()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("capture.jsonl.gz");
        var text = string.Concat(Enumerable.Range(1, 500).Select(i => $$"""{"SequenceNumber":"{{i}}","Data":"{{B64($"{{\"TICKER_SYMBOL\":\"S{i}\",\"PRICE\":{i * 7919 % 10007}}}")}}"}""" + "\n"));
        var gzip = Gzip(Encoding.UTF8.GetBytes(text));
        File.WriteAllBytes(path, gzip[..(gzip.Length / 2)]);

        var records = CaptureFileReader.Read(path).ToList();

        Assert.All(records.SkipLast(1), r => Assert.Null(r.CaptureProblem));
        Assert.InRange(records.Count, 2, 499);
        Assert.StartsWith($"Capture line {records.Count} is not a valid Kinesis record: it is not valid JSON (the JSON ends early", records[^1].CaptureProblem);
    }

    [Fact]
    public void Read_ByteOrderMarkBeforeTheFirstLine_Ignored()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("tickers.ndjson");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Ticker + "\n")]);

        Assert.Equal(Ticker, Encoding.UTF8.GetString(Assert.Single(CaptureFileReader.Read(path)).Data.Span));
    }

    [Fact]
    public void ReadFrom_ResumedAtEachPosition_SameRecordsAsOneReadThroughBrokenLines()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("capture.jsonl");
        File.WriteAllLines(path,
        [
            Ticker,
            """{"SequenceNumber":"x","Data":"!"}""",
            "",
            $$"""{"SequenceNumber":"9","Data":"{{B64(Ticker)}}","ApproximateArrivalTimestamp":1e15}""",
            "not json",
            $$"""{"SequenceNumber":"10","Data":"{{B64(Ticker)}}"}""",
        ]);
        var all = CaptureFileReader.ReadFrom(path, default, 5).ToList();

        for (var i = 0; i < all.Count; i++)
        {
            var rest = CaptureFileReader.ReadFrom(path, all[i].Next, 5).ToList();
            Assert.Equal(
                all.Skip(i + 1).Select(r => (r.Record.SequenceNumber, r.Record.CaptureProblem, r.Record.Data.ToArray(), r.Next)),
                rest.Select(r => (r.Record.SequenceNumber, r.Record.CaptureProblem, r.Record.Data.ToArray(), r.Next)));
        }

        Assert.Equal(["1", "2", "4", "5", "10"], all.Select(r => r.Record.SequenceNumber));
    }

    [Fact]
    public void Read_MissingFile_IsAConfigurationErrorNamingTheSource()
    {
        var error = Assert.Throws<ConfigurationException>(() => CaptureFileReader.Read("/no/such/capture.jsonl"));

        Assert.Equal("source", error.Setting);
        Assert.Contains("/no/such/capture.jsonl", error.Message, StringComparison.Ordinal);
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
