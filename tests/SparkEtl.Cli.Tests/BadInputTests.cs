using System.IO.Compression;
using System.Text;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>Bad records land in the errors table with type, reason and raw bytes, and the run goes on.</summary>
public class BadInputTests
{
    [Fact]
    public async Task Run_CaptureWithBadRecords_KeepsEachInErrorsAndWritesTheGoodOnes()
    {
        using var folder = new TempDirectory();
        var good = """{"TICKER_SYMBOL":"JIB","SECTOR":"AUTOMOBILE","CHANGE":-0.15,"PRICE":44.89,"EVENT_TIME":1700000000123}""";
        var records = new (string Name, byte[] Data)[]
        {
            ("good", Encoding.UTF8.GetBytes(good)),
            ("corrupt-gzip", [0x1f, 0x8b, 0x08, 0x00, 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef]),
            ("not-json", Encoding.UTF8.GetBytes("hello, world")),
            ("bad-price", Encoding.UTF8.GetBytes("""{"TICKER_SYMBOL":"JIB","PRICE":"abc"}""")),
            ("path-symbol", Encoding.UTF8.GetBytes("""{"TICKER_SYMBOL":"../../etc","PRICE":1.5}""")),
            ("gzip-not-envelope", Gzip("""{"hello":"world"}""")),
            ("lower-case", Encoding.UTF8.GetBytes("""{"ticker_symbol":"WMT","sector":"RETAIL","price":10.5,"event_time":1700000000999}""")),
        };
        var capture = folder.Combine("capture.jsonl");
        await File.WriteAllLinesAsync(capture, records.Select((r, i) =>
            $$"""{"ShardId":"shardId-000000000001","SequenceNumber":"4960{{i:D10}}","PartitionKey":"{{r.Name}}","ApproximateArrivalTimestamp":1700000001.5,"Data":"{{Convert.ToBase64String(r.Data)}}"}"""));
        var warehouse = folder.Combine("warehouse");

        var run = await CliRunner.RunAsync("run", "--source", $"file:{capture}", "--warehouse", warehouse, "--quiet");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var errors = await NodeInterop.DuckDbQueryAsync(
            $"SELECT error_type, message, raw_data, shard_id, sequence_number, arrival_time FROM read_parquet({NodeInterop.SqlString(warehouse + "/errors/*/*.parquet")}) ORDER BY sequence_number");
        Assert.Equal(
            ["decompression-failed", "parse-failed", "validation-failed", "validation-failed", "envelope-invalid"],
            errors.Select(e => e.GetProperty("error_type").GetString()));
        Assert.Equal(
            [records[1].Data, records[2].Data, records[3].Data, records[4].Data, records[5].Data],
            errors.Select(e => Convert.FromBase64String(e.GetProperty("raw_data").GetString()!)));
        Assert.All(errors, e => Assert.Equal("shardId-000000000001", e.GetProperty("shard_id").GetString()));
        Assert.All(errors, e => Assert.Equal(1_700_000_001_500, e.GetProperty("arrival_time").GetInt64()));
        Assert.Contains("PRICE", errors[2].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("4960", errors[2].GetProperty("message").GetString(), StringComparison.Ordinal);

        var trades = await NodeInterop.DuckDbQueryAsync(
            $"SELECT ticker_symbol, sector, price, event_time FROM read_parquet({NodeInterop.SqlString(warehouse + "/trades/*/*.parquet")}) ORDER BY ticker_symbol");
        Assert.Equal(["JIB AUTOMOBILE 44.89 1700000000123", "WMT RETAIL 10.5 1700000000999"],
            trades.Select(t => $"{t.GetProperty("ticker_symbol").GetString()} {t.GetProperty("sector").GetString()} {t.GetProperty("price").GetDouble()} {t.GetProperty("event_time").GetInt64()}"));
        Assert.Contains("failed", run.StandardOutput, StringComparison.Ordinal);
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
