using System.Text;
using System.Text.Json;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;
using SparkEtl.Runner.Sources;
using SparkEtl.TestSupport;

namespace SparkEtl.Runner.Tests.Sources;

/// <summary>
/// The hostile corpus (tests/data/hostile, see its README) read through <see cref="CaptureFileReader"/> and
/// <see cref="RecordDecoder"/>: every record must give the golden outcomes of expected.json, and nothing may throw.
/// </summary>
public class HostileCorpusTests
{
    /// <summary>The fallback arrival time the golden outcomes assume: 2023-11-14T22:13:20Z.</summary>
    private const long ArrivalFallbackMs = 1_700_000_000_000;

    private static readonly string Folder = Path.Combine(RepositoryPaths.TestData, "hostile");

    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "expected.json"))).RootElement.GetProperty("files");

    public static TheoryData<string> CorpusFiles => [.. Expected.EnumerateObject().Select(f => f.Name)];

    /// <summary>One record's outcome as the golden file names it.</summary>
    public sealed record Outcome(long At, IReadOnlyList<string> Results, string? FirstFailure)
    {
        public override string ToString() => $"{At}: [{string.Join(", ", Results)}] {FirstFailure}";
    }

    /// <summary>Reads a file as the embedded engine does and decodes each record on its own.</summary>
    public static List<Outcome> Outcomes(string path, long arrivalFallbackMs = ArrivalFallbackMs)
    {
        var decoder = new RecordDecoder(new DecoderOptions());
        var outcomes = new List<Outcome>();
        foreach (var (record, next) in CaptureFileReader.ReadFrom(path, default, arrivalFallbackMs))
        {
            var sink = new Results();
            decoder.Decode(record, sink);
            outcomes.Add(new Outcome(next.Count, sink.Labels, sink.Failures.FirstOrDefault()?.Message));
        }

        return outcomes;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void EachRecord_GivesItsGoldenOutcome(string file)
    {
        var actual = Outcomes(Path.Combine(Folder, file));

        var expected = Expand(Expected.GetProperty(file)).ToList();
        Assert.Equal(expected.Select(e => (e.At, string.Join(" ", e.Results))), actual.Select(a => (a.At, string.Join(" ", a.Results))));
        foreach (var (want, got) in expected.Zip(actual))
        {
            if (want.FirstFailure is not null)
            {
                Assert.True(got.FirstFailure?.Contains(want.FirstFailure, StringComparison.Ordinal) == true, $"record {got.At}: expected a failure containing «{want.FirstFailure}», got «{got.FirstFailure}»");
            }
        }
    }

    [Fact]
    public void EveryFileOfTheCorpus_HasGoldenOutcomes()
    {
        var inputs = Directory.EnumerateFiles(Folder).Select(Path.GetFileName)
            .Where(name => name is not ("README.md" or "expected.json" or "generate.py"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(inputs, Expected.EnumerateObject().Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CaptureFileReader_ErrorRowsOfBrokenLines_CarryTheLineAndTheFallbackArrival()
    {
        var path = Path.Combine(Folder, "arrival-time.jsonl");
        var lines = File.ReadAllLines(path);
        var decoder = new RecordDecoder(new DecoderOptions());
        var errors = new List<ErrorRecord>();
        foreach (var record in CaptureFileReader.ReadFrom(path, default, ArrivalFallbackMs).Select(r => r.Record))
        {
            var sink = new Results();
            decoder.Decode(record, sink);
            errors.AddRange(sink.Failures);
        }

        Assert.Equal(7, errors.Count);
        Assert.All(errors, e => Assert.Equal(ArrivalFallbackMs, e.ArrivalMs));
        Assert.All(errors, e => Assert.Equal(lines[int.Parse(e.Position.SequenceNumber, System.Globalization.CultureInfo.InvariantCulture) - 1], Encoding.UTF8.GetString(e.RawData.Span)));
    }

    [Fact]
    public void HugeLines_JustUnderTheBoundDecodedOverItOneErrorKeepingAPrefix()
    {
        // Generated here: megabytes do not belong in the repository.
        using var folder = new TempDirectory();
        var path = folder.Combine("huge-lines.ndjson");
        const string Ticker = """{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":1700000000000}""";
        using (var file = File.Create(path))
        {
            file.Write(Encoding.UTF8.GetBytes(Ticker + "\n"));
            file.Write(Encoding.UTF8.GetBytes("{\"TICKER_SYMBOL\":\"BIG\",\"PRICE\":2,\"pad\":\""));
            file.Write(Enumerable.Repeat((byte)'p', CaptureFileReader.MaxLineBytes - 100).ToArray());
            file.Write(Encoding.UTF8.GetBytes("\"}\n"));
            file.Write(Enumerable.Repeat((byte)'{', CaptureFileReader.MaxLineBytes + 1).ToArray());
            file.Write(Encoding.UTF8.GetBytes("\n" + Ticker + "\n"));
        }

        var outcomes = Outcomes(path);

        Assert.Equal(["1: accept", "2: accept", "3: fail:capture-line-invalid", "4: accept"], outcomes.Select(o => $"{o.At}: {string.Join(" ", o.Results)}"));
        Assert.StartsWith("Capture line 3 is 16,777,217 bytes long, more than the 16,777,216 bytes a line may have", outcomes[2].FirstFailure);
    }

    private static IEnumerable<Outcome> Expand(JsonElement records)
    {
        foreach (var record in records.EnumerateArray())
        {
            var results = record.GetProperty("results").EnumerateArray().Select(r => r.GetString()!).ToList();
            var contains = record.TryGetProperty("contains", out var c) ? c.GetString() : null;
            if (record.TryGetProperty("from", out var from))
            {
                for (var at = from.GetInt64(); at <= record.GetProperty("to").GetInt64(); at++)
                {
                    yield return new Outcome(at, results, contains);
                }
            }
            else
            {
                yield return new Outcome(record.GetProperty("at").GetInt64(), results, contains);
            }
        }
    }

    /// <summary>The results of one record: labels in order and the failures.</summary>
    private sealed class Results : ITransformSink
    {
        public List<string> Labels { get; } = [];

        public List<ErrorRecord> Failures { get; } = [];

        public void Accept(in Trade trade) => Labels.Add("accept");

        public void Drop(DropReason reason) => Labels.Add($"drop:{reason.Code()}");

        public void Fail(ErrorRecord error)
        {
            Labels.Add($"fail:{error.Type.Code()}");
            Failures.Add(error);
        }
    }
}
