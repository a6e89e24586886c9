using System.Text;
using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>
/// Every file of the hostile corpus (tests/data/hostile) through <c>sparketl run</c>: the run
/// and a restart on the same warehouse exit 0, and every record is accounted for. Trades, error rows by type (read
/// back with DuckDB) and drops (from the progress records) come to the golden outcomes of expected.json, and no
/// partition outside the years the data really has appears.
/// </summary>
public class HostileInputTests
{
    private static readonly string Corpus = Path.Combine(RepositoryPaths.TestData, "hostile");

    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Corpus, "expected.json"))).RootElement.GetProperty("files");

    public static TheoryData<string> CorpusFiles => [.. Expected.EnumerateObject().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Run_EachCorpusFile_ExitsZeroTwiceAndAccountsForEveryRecord(string file)
    {
        using var folder = new TempDirectory();
        var warehouse = folder.Combine("warehouse");
        var expected = Totals.Of(Expected.GetProperty(file));

        // In process, to keep the suite quick; the cases below run the built CLI as a child, as a scheduler would.
        var first = await CliRunner.RunAsync(Args(Path.Combine(Corpus, file), warehouse));
        var files = SparkEtlChild.VisibleDataFiles(warehouse);
        var restart = await CliRunner.RunAsync(Args(Path.Combine(Corpus, file), warehouse));

        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}: {first.StandardError}");
        Assert.True(restart.ExitCode == 0, $"restart exit {restart.ExitCode}: {restart.StandardError}");
        var progress = Progress(first.StandardError);
        Assert.Equal(expected.Records, progress.InputRecords);
        var tables = await TablesAsync(warehouse);
        Assert.Equal(expected.Accepted, tables.Trades);
        Assert.Equal(expected.Dropped, progress.Dropped);
        Assert.Equal(expected.FailedByType, tables.ErrorsByType);
        Assert.Equal(0, Progress(restart.StandardError).InputRecords);
        Assert.Equal(files, SparkEtlChild.VisibleDataFiles(warehouse));
        Assert.DoesNotContain(Partitions(warehouse), p => p.StartsWith("dt=9999", StringComparison.Ordinal) || string.CompareOrdinal(p, "dt=1970-01-02") < 0);
    }

    [Fact]
    public async Task Run_YearNineThousandNineHundredNinetyNineRecord_OneEventTimeErrorAndNoSuchPartition()
    {
        using var folder = new TempDirectory();
        var warehouse = folder.Combine("warehouse");

        var run = await RunAsync(Path.Combine(Corpus, "event-time-bound.jsonl"), warehouse);

        Assert.True(run.ExitCode == 0, run.StandardError);
        var rows = await NodeInterop.DuckDbQueryAsync(
            $"SELECT error_type, message FROM read_parquet({NodeInterop.SqlString(warehouse + "/errors/*/*.parquet")}) WHERE sequence_number = '49600000000000000000000000000000000000000000000000000002'");
        var row = Assert.Single(rows);
        Assert.Equal("event-time-out-of-range", row.GetProperty("error_type").GetString());
        Assert.Contains("9999-12-31T00:00:00.000Z", row.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Partitions(warehouse), p => p.Contains("9999", StringComparison.Ordinal));
        Assert.Equal(["dt=2023-11-14"], Partitions(warehouse).Distinct());
    }

    [Fact]
    public async Task Run_ArrivalTime1e15_OneCaptureLineErrorCarryingTheLineAndTheRestartExitsZero()
    {
        using var folder = new TempDirectory();
        var warehouse = folder.Combine("warehouse");
        var input = folder.Combine("arrival.jsonl");
        File.Copy(Path.Combine(Corpus, "arrival-time.jsonl"), input);
        var modified = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(input, modified);

        var first = await RunAsync(input, warehouse);
        var restart = await RunAsync(input, warehouse);

        Assert.True(first.ExitCode == 0, first.StandardError);
        Assert.True(restart.ExitCode == 0, restart.StandardError);
        var row = Assert.Single(await NodeInterop.DuckDbQueryAsync(
            $"SELECT error_type, message, raw_data, arrival_time FROM read_parquet({NodeInterop.SqlString(warehouse + "/errors/*/*.parquet")}) WHERE sequence_number = '2'"));
        Assert.Equal("capture-line-invalid", row.GetProperty("error_type").GetString());
        Assert.StartsWith("Capture line 2 is not a valid Kinesis record: ApproximateArrivalTimestamp 1e15 is outside", row.GetProperty("message").GetString());
        Assert.Equal(File.ReadLines(input).ElementAt(1), Encoding.UTF8.GetString(Convert.FromBase64String(row.GetProperty("raw_data").GetString()!)));
        Assert.Equal(new DateTimeOffset(modified).ToUnixTimeMilliseconds(), row.GetProperty("arrival_time").GetInt64());
        Assert.Contains("dt=2024-05-06", Partitions(warehouse));
    }

    [Fact]
    public async Task Run_HugeLines_ExitsZeroAndAccountsForEachLine()
    {
        // Generated here: megabytes do not belong in the repository. Line 3 is past the 16 MiB bound; line 2 is just under it.
        using var folder = new TempDirectory();
        var input = folder.Combine("huge.ndjson");
        const string Ticker = """{"TICKER_SYMBOL":"JIB","PRICE":1}""";
        using (var file = File.Create(input))
        {
            file.Write(Encoding.UTF8.GetBytes(Ticker + "\n{\"TICKER_SYMBOL\":\"BIG\",\"PRICE\":2,\"pad\":\""));
            file.Write(Enumerable.Repeat((byte)'p', (16 << 20) - 100).ToArray());
            file.Write("\"}\n"u8);
            file.Write(Enumerable.Repeat((byte)'x', (17 << 20) + 3).ToArray());
            file.Write(Encoding.UTF8.GetBytes("\n" + Ticker + "\n"));
        }

        var warehouse = folder.Combine("warehouse");
        var first = await RunAsync(input, warehouse);
        var restart = await RunAsync(input, warehouse);

        Assert.True(first.ExitCode == 0, first.StandardError);
        Assert.True(restart.ExitCode == 0, restart.StandardError);
        var tables = await TablesAsync(warehouse);
        Assert.Equal(3, tables.Trades);
        Assert.Equal(("capture-line-invalid", 1L), Assert.Single(tables.ErrorsByType.Select(e => (e.Key, e.Value))));
        var row = Assert.Single(await NodeInterop.DuckDbQueryAsync(
            $"SELECT message, octet_length(from_base64(raw_data)) AS kept FROM read_parquet({NodeInterop.SqlString(warehouse + "/errors/*/*.parquet")})"));
        Assert.StartsWith("Capture line 3 is 17,825,795 bytes long", row.GetProperty("message").GetString());
        Assert.Equal(4096, row.GetProperty("kept").GetInt64());
    }

    private static string[] Args(string input, string warehouse) => ["run", "--source", $"file:{input}", "--warehouse", warehouse, "--progress", "json"];

    private static Task<ProcessResult> RunAsync(string input, string warehouse) => SparkEtlChild.RunAsync(Args(input, warehouse));

    private static List<string> Partitions(string warehouse) =>
        [.. Directory.EnumerateDirectories(warehouse, "dt=*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>Trades and error rows by type, read back with DuckDB in one query (late-record rows left out: they mark trades, not inputs).</summary>
    private static async Task<Tables> TablesAsync(string warehouse)
    {
        var parts = new List<string>();
        if (Directory.Exists(Path.Combine(warehouse, "trades")))
        {
            parts.Add($"SELECT 'trades' AS kind, count(*) AS n FROM read_parquet({NodeInterop.SqlString(warehouse + "/trades/*/*.parquet")})");
        }

        if (Directory.Exists(Path.Combine(warehouse, "errors")))
        {
            parts.Add($"SELECT error_type AS kind, count(*) AS n FROM read_parquet({NodeInterop.SqlString(warehouse + "/errors/*/*.parquet")}) WHERE error_type <> 'late-record' GROUP BY 1");
        }

        long trades = 0;
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in parts.Count == 0 ? [] : await NodeInterop.DuckDbQueryAsync(string.Join(" UNION ALL ", parts)))
        {
            var kind = row.GetProperty("kind").GetString()!;
            if (kind == "trades")
            {
                trades = row.GetProperty("n").GetInt64();
            }
            else
            {
                errors[kind] = row.GetProperty("n").GetInt64();
            }
        }

        return new Tables(trades, errors);
    }

    /// <summary>Records read and drops counted, summed over the progress records a run prints (one JSON line per batch).</summary>
    private static (long InputRecords, long Dropped) Progress(string standardError)
    {
        long records = 0, dropped = 0;
        foreach (var line in standardError.Split('\n').Where(l => l.StartsWith('{')))
        {
            using var batch = JsonDocument.Parse(line);
            records += batch.RootElement.GetProperty("numInputRows").GetInt64();
            dropped += batch.RootElement.GetProperty("droppedByReason").EnumerateObject().Sum(r => r.Value.GetInt64());
        }

        return (records, dropped);
    }

    private sealed record Tables(long Trades, SortedDictionary<string, long> ErrorsByType);

    /// <summary>What a corpus file must come to, summed from its golden outcomes.</summary>
    private sealed record Totals(long Records, long Accepted, long Dropped, SortedDictionary<string, long> FailedByType)
    {
        public static Totals Of(JsonElement outcomes)
        {
            long records = 0, accepted = 0, dropped = 0;
            var failed = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var outcome in outcomes.EnumerateArray())
            {
                var count = outcome.TryGetProperty("from", out var from) ? outcome.GetProperty("to").GetInt64() - from.GetInt64() + 1 : 1;
                records += count;
                foreach (var result in outcome.GetProperty("results").EnumerateArray().Select(r => r.GetString()!))
                {
                    if (result == "accept")
                    {
                        accepted += count;
                    }
                    else if (result.StartsWith("drop:", StringComparison.Ordinal))
                    {
                        dropped += count;
                    }
                    else
                    {
                        var type = result["fail:".Length..];
                        failed[type] = failed.GetValueOrDefault(type) + count;
                    }
                }
            }

            return new Totals(records, accepted, dropped, failed);
        }
    }
}
