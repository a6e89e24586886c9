using System.IO.Compression;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Transform;
using SparkEtl.Runner.Sources;
using SparkEtl.TestSupport;

namespace SparkEtl.Runner.Tests.Sources;

/// <summary>
/// Real-shaped capture files (GetRecords lines carrying plain, gzip and KPL data, NDJSON, a Records document, a gzip
/// capture) damaged at random, then read by <see cref="CaptureFileReader"/> and decoded. Whatever the damage: no
/// exception, every record gives at least one result, positions only grow, resuming at any position gives the rest
/// again, no row breaks the event-time bound or is dated outside 1970-9999, allocation stays within a bound set by
/// the file, and each case finishes within a deadline.
/// </summary>
public class MutatedCaptureProperties
{
    private const long ArrivalFallbackMs = 1_700_000_000_000;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(400);

    private static readonly byte[][] Seeds = BuildSeeds();

    private static readonly byte[] Meaningful = "{}[]\":,\n\\ "u8.ToArray();

    /// <summary>A seed capture and the damage done to it: (kind, where as a fraction, a byte, another seed).</summary>
    public sealed record Case(int Seed, (int Kind, double At, byte Value, int Other)[] Damage)
    {
        public byte[] Bytes()
        {
            var bytes = Seeds[Seed];
            foreach (var (kind, fraction, value, other) in Damage)
            {
                var at = (int)Math.Min(bytes.Length, Math.Floor(fraction * bytes.Length));
                bytes = kind switch
                {
                    0 when bytes.Length > 0 => Flip(bytes, Math.Min(at, bytes.Length - 1), value == 0 ? (byte)1 : value),
                    1 => bytes[..at],
                    2 => [.. bytes.AsSpan(0, at), Meaningful[value % Meaningful.Length], .. bytes.AsSpan(at)],
                    3 => [.. bytes.AsSpan(0, at), .. Seeds[other % Seeds.Length].AsSpan(Math.Min(at, Seeds[other % Seeds.Length].Length))],
                    4 when bytes.Length > 0 => Flip(bytes, Math.Min(at, bytes.Length - 1), (byte)(bytes[Math.Min(at, bytes.Length - 1)] ^ Meaningful[value % Meaningful.Length])),
                    _ => bytes,
                };
            }

            return bytes;
        }

        public override string ToString() => $"seed {Seed}, damage [{string.Join("; ", Damage.Select(d => $"{d.Kind}@{d.At:0.###}/0x{d.Value:x2}/{d.Other}"))}]";

        private static byte[] Flip(byte[] bytes, int at, byte mask)
        {
            var copy = (byte[])bytes.Clone();
            copy[at] ^= mask;
            return copy;
        }
    }

    private static Arbitrary<Case> Cases()
    {
        var damage =
            from kind in Gen.Choose(0, 4)
            from at in Gen.Choose(0, 10_000)
            from value in Gen.Choose(0, 255)
            from other in Gen.Choose(0, 100)
            select (kind, at / 10_000.0, (byte)value, other);
        var @case =
            from seed in Gen.Choose(0, Seeds.Length - 1)
            from count in Gen.Choose(0, 3)
            from damages in Gen.ArrayOf(damage, count)
            select new Case(seed, damages);
        return @case.ToArbitrary();
    }

    [Fact]
    public void AnyDamagedCapture_EveryRecordGivesSaneResultsAndReadingResumes()
    {
        using var folder = new TempDirectory();
        var index = 0;
        Check.One(Config, Prop.ForAll(Cases(), @case =>
        {
            var bytes = @case.Bytes();
            var path = folder.Combine($"case-{index++}.capture");
            File.WriteAllBytes(path, bytes);

            var reading = Task.Factory.StartNew(() => ReadAndDecode(path), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            Assert.True(reading.Wait(Deadline), $"reading did not finish within {Deadline}: {@case}");
            var (records, allocated) = reading.Result;

            Assert.All(records, r => Assert.True(r.Results > 0 && r.Escaped is null, $"record at {r.At}: {r.Results} results, {r.Escaped}; {@case}"));
            Assert.True(records.Select(r => r.At).SequenceEqual(records.Select(r => r.At).Order()) && records.Select(r => r.At).Distinct().Count() == records.Count, $"positions {string.Join(",", records.Select(r => r.At))}: {@case}");
            Assert.True(allocated <= (64L * bytes.Length) + (8 << 20), $"{allocated:N0} bytes allocated reading {bytes.Length:N0}: {@case}");
            if (records.Count > 1)
            {
                var middle = records[records.Count / 2];
                var rest = CaptureFileReader.ReadFrom(path, middle.Next, ArrivalFallbackMs).Select(r => r.Next.Count);
                Assert.Equal(records.Skip((records.Count / 2) + 1).Select(r => r.At), rest);
            }

            File.Delete(path);
        }));
    }

    private static (List<RecordRead> Records, long Allocated) ReadAndDecode(string path)
    {
        var decoder = new RecordDecoder(new DecoderOptions { MaxDecompressedBytes = 256 * 1024 });
        var records = new List<RecordRead>();
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var (record, next) in CaptureFileReader.ReadFrom(path, default, ArrivalFallbackMs))
        {
            var sink = new CheckingSink();
            decoder.Decode(record, sink);
            records.Add(new RecordRead(next.Count, next, sink.Results, sink.Escaped));
        }

        return (records, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static byte[][] BuildSeeds()
    {
        const string Ticker = """{"TICKER_SYMBOL":"JIB","SECTOR":"AUTOMOBILE","CHANGE":-0.15,"PRICE":44.89,"EVENT_TIME":1700000000123}""";
        var envelope = Gzip(Encoding.UTF8.GetBytes(
            """{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/lambda/t","logStream":"s","subscriptionFilters":["f"],"logEvents":[{"id":"1","timestamp":1700000000000,"message":"[INFO]\tx\tis_save_kinesis """
            + Ticker.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"}]}"));
        string Line(int n, byte[] data, string arrival = "1700000000.5") =>
            $$"""{"ShardId":"shardId-000000000001","SequenceNumber":"4960{{n:D6}}","ApproximateArrivalTimestamp":{{arrival}},"PartitionKey":"pk","Data":"{{Convert.ToBase64String(data)}}"}""";
        var lines = string.Join("\n",
            Line(1, Encoding.UTF8.GetBytes(Ticker)),
            Line(2, envelope),
            Line(3, Encoding.UTF8.GetBytes(Ticker), "1e15"),
            "",
            Line(4, Encoding.UTF8.GetBytes(Ticker.Replace("1700000000123", "\"9999-12-31T00:00:00Z\"", StringComparison.Ordinal)))) + "\n";
        var ndjson = string.Join("\n", Ticker, """{"TICKER_SYMBOL":"../x","PRICE":NaN}""", "", Ticker.Replace("JIB", "WMT", StringComparison.Ordinal)) + "\n";
        var document = "{\n  \"Records\": [\n    " + Line(1, Encoding.UTF8.GetBytes(Ticker)) + ",\n    " + Line(2, envelope) + ",\n    42\n  ],\n  \"MillisBehindLatest\": 0\n}\n";
        return
        [
            Encoding.UTF8.GetBytes(lines),
            Encoding.UTF8.GetBytes(ndjson),
            Encoding.UTF8.GetBytes(document),
            Gzip(Encoding.UTF8.GetBytes(lines)),
        ];
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private sealed record RecordRead(long At, SequentialPosition Next, int Results, string? Escaped);

    private sealed class CheckingSink : ITransformSink
    {
        public int Results { get; private set; }

        public string? Escaped { get; private set; }

        public void Accept(in Trade trade)
        {
            Results++;
            if (trade.EventTimeMs is < TickerTransform.MinEventTimeMs or > TickerTransform.MaxEventTimeMs
                || trade.EventTimeMs - trade.ArrivalMs > TickerTransform.DefaultMaxFutureSkewMs)
            {
                Escaped ??= $"a trade at {trade.EventTimeMs} arriving {trade.ArrivalMs}";
            }
        }

        public void Drop(DropReason reason) => Results++;

        public void Fail(ErrorRecord error)
        {
            Results++;
            if (error.ArrivalMs is < TickerTransform.MinEventTimeMs or > TickerTransform.MaxEventTimeMs)
            {
                Escaped ??= $"an error row dated {error.ArrivalMs}";
            }
        }
    }
}
