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
    public void Read_RecordLineWithBadBase64_IsPassedOnWholeSoNothingIsLost()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("capture.jsonl");
        var line = """{"SequenceNumber":"7","ApproximateArrivalTimestamp":1,"PartitionKey":"k","Data":"!!!not base64"}""";
        File.WriteAllText(path, line + "\n");

        var record = Assert.Single(CaptureFileReader.Read(path));

        Assert.Equal(line, Encoding.UTF8.GetString(record.Data.Span));
    }

    [Fact]
    public void Read_MissingFile_IsAConfigurationErrorNamingTheSource()
    {
        var error = Assert.Throws<ConfigurationException>(() => CaptureFileReader.Read("/no/such/capture.jsonl"));

        Assert.Equal("source", error.Setting);
        Assert.Contains("/no/such/capture.jsonl", error.Message, StringComparison.Ordinal);
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
