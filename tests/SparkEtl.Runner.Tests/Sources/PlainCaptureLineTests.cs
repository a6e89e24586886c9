using System.Text;
using SparkEtl.Core.Records;
using SparkEtl.Runner.Sources;
using SparkEtl.Runner.Sources.Internal;

namespace SparkEtl.Runner.Tests.Sources;

/// <summary>
/// The direct reading of plainly written capture lines against the general one: over generated lines, written plainly
/// or not, valid or not, every line the direct reading takes gives the record the general reading gives, and the lines
/// the capture tools write are taken.
/// </summary>
public class PlainCaptureLineTests
{
    private const long ArrivalFallbackMs = 1_700_000_000_000;

    private const int Lines = 20_000;

    [Fact]
    public void GeneratedLines_TakenOnlyWhenTheGeneralReadingGivesTheSameRecord()
    {
        var random = new Random(20261202);
        var taken = 0;
        var valid = 0;
        for (var i = 0; i < Lines; i++)
        {
            var line = Encoding.UTF8.GetBytes(GenerateLine(random));
            var expected = CaptureFileReader.ReadAnyLine(line, i + 1, ArrivalFallbackMs, new CaptureFileReader.RepeatedStrings(CaptureFileReader.DefaultShardId), new BatchMemory());
            var actual = CaptureFileReader.TryReadPlainLine(line, ArrivalFallbackMs, new CaptureFileReader.RepeatedStrings(), new CaptureFileReader.RepeatedStrings(), new BatchMemory());
            var isRecord = expected.CaptureProblem is null && expected.PartitionKey.Length + expected.SequenceNumber.Length > 0 && !expected.Data.Span.SequenceEqual(line);
            valid += isRecord ? 1 : 0;
            if (actual is null)
            {
                continue;
            }

            taken++;
            Assert.True(isRecord, $"taken, but the general reading gives {Describe(expected)}: {Encoding.UTF8.GetString(line)}");
            Assert.True(Describe(expected) == Describe(actual), $"{Describe(actual)} instead of {Describe(expected)}: {Encoding.UTF8.GetString(line)}");
        }

        // Most generated lines are written plainly; many carry one thing the direct reading leaves to the general one.
        Assert.True(taken >= Lines / 4 && taken <= valid - (Lines / 20), $"{taken:N0} lines taken of {valid:N0} valid records in {Lines:N0}");
    }

    [Theory]
    [InlineData("""{"ShardId":"shardId-000000000001","SequenceNumber":"49610010000000000000000000000000000000000000000000000000","ApproximateArrivalTimestamp":1710513000.000,"PartitionKey":"cwl-control","Data":"eyJhIjoxfQ=="}""")]
    [InlineData("""{"ShardId":"shardId-000000000001","SequenceNumber":"7","PartitionKey":"JIB","ApproximateArrivalTimestamp":1710513000.25,"Data":"eyJhIjoxfQ=="}""")]
    [InlineData("""{"SequenceNumber":"7","Data":"","ApproximateArrivalTimestamp":0}""")]
    [InlineData("""  { "Data" : "eyJhIjoxfQ==" , "SequenceNumber" : "7" }  """ + "\r")]
    public void CaptureToolLines_AreTakenDirectly(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var expected = CaptureFileReader.ReadAnyLine(bytes, 1, ArrivalFallbackMs, new CaptureFileReader.RepeatedStrings(), new BatchMemory());

        var actual = CaptureFileReader.TryReadPlainLine(bytes, ArrivalFallbackMs, new CaptureFileReader.RepeatedStrings(), new CaptureFileReader.RepeatedStrings(), new BatchMemory());

        Assert.NotNull(actual);
        Assert.Equal(Describe(expected), Describe(actual));
    }

    private static string Describe(KinesisRecord record) =>
        $"[{record.ShardId}|{record.SequenceNumber}|{record.PartitionKey}|{record.ApproximateArrivalMs}|{Convert.ToHexString(record.Data.Span)}|{record.CaptureProblem}]";

    private static string GenerateLine(Random random)
    {
        var members = new List<string>();
        if (random.Next(20) > 0)
        {
            members.Add(Member("Data", GenerateData(random)));
        }

        if (random.Next(20) > 0)
        {
            members.Add(Member("SequenceNumber", GenerateSequenceNumber(random)));
        }

        if (random.Next(5) > 0)
        {
            members.Add(Member("ApproximateArrivalTimestamp", GenerateArrival(random)));
        }

        if (random.Next(4) > 0)
        {
            members.Add(Member("PartitionKey", GeneratePartitionKey(random)));
        }

        if (random.Next(3) > 0)
        {
            members.Add(Member("ShardId", random.Next(4) > 0 ? $"\"shardId-00000000000{random.Next(4)}\"" : Pick(random, "\"\"", "\"shard id\"", "\"s_1.2-3\"", $"\"{new string('s', 129)}\"", $"\"{new string('s', 128)}\"", "1", "\"shardId-00000000000\\u0031\"")));
        }

        members = [.. members.OrderBy(_ => random.Next(4) == 0 ? random.Next() : 0)];
        switch (random.Next(30))
        {
            case 0:
                members.Add(Member("EncryptionType", "\"KMS\""));
                break;
            case 1 when members.Count > 0:
                members.Add(members[random.Next(members.Count)]);
                break;
            case 2:
                members.Add("\"Data\" \"x\"");
                break;
        }

        var space = random.Next(6) == 0 ? Pick(random, " ", "\t", "  ", "\r\n") : "";
        var line = space + "{" + space + string.Join(space + "," + space, members) + space + "}" + space;
        return random.Next(40) switch
        {
            0 => line[..random.Next(line.Length)],
            1 => line + Pick(random, "x", ",", "}", "{}"),
            2 => line.Insert(random.Next(line.Length), Pick(random, "\"", ",", ":", "\\", " ", "é", "\u0001")),
            _ => line,
        };
    }

    private static string Member(string name, string value) => $"\"{name}\":{value}";

    private static string GenerateData(Random random)
    {
        var bytes = new byte[random.Next(0, 48)];
        random.NextBytes(bytes);
        var text = Convert.ToBase64String(bytes);
        return random.Next(40) switch
        {
            0 when text.Length > 0 => $"\"{text[..^1]}\"",
            1 => $"\"{text} \"",
            2 when text.Length > 4 => $"\"{text.Insert(4, " ")}\"",
            3 => $"\"{text.Replace("/", "\\/", StringComparison.Ordinal)}\"",
            4 => $"\"{text}=\"",
            5 when text.Length > 2 => $"\"{text.Insert(2, "\t")}\"",
            8 when text.Length > 4 => $"\"{text.Insert(4, Pick(random, "\t\t\t\t", "\n\r\n\r", "    "))}\"",
            6 => $"\"{text.TrimEnd('=')}\"",
            7 => "null",
            _ => $"\"{text}\"",
        };
    }

    private static string GenerateSequenceNumber(Random random)
    {
        var digits = string.Concat(Enumerable.Range(0, random.Next(1, 60)).Select(_ => (char)('0' + random.Next(10))));
        return random.Next(40) switch
        {
            0 => "\"\"",
            1 => $"\"{new string('9', 128)}\"",
            2 => $"\"{new string('9', 129)}\"",
            3 => $"\"{digits}a\"",
            4 => digits,
            5 => $"\"\\u0031{digits}\"",
            6 => $"\"{digits} \"",
            _ => $"\"{digits}\"",
        };
    }

    private static string GenerateArrival(Random random) => random.Next(60) switch
    {
        0 => "0",
        1 => "01",
        2 => "1e9",
        3 => "1E9",
        4 => "-1",
        5 => "1.",
        6 => ".5",
        7 => "253402300800",
        8 => "253402300799.999",
        9 => "253402300799.9995",
        10 => "\"2024-03-15T14:30:00Z\"",
        11 => "1710513000.1234567",
        12 => "null",
        13 => "1710513000.0005",
        14 => "00.5",
        15 => "1" + new string('0', 400),
        16 => "1710513000.5e0",
        _ => $"{random.NextInt64(0, 4_000_000_000)}{Pick(random, "", ".0", ".000", $".{random.Next(1000):D3}", $".{random.Next(100):D2}", $".{random.Next(1_000_000):D6}")}",
    };

    private static string GeneratePartitionKey(Random random)
    {
        var key = string.Concat(Enumerable.Range(0, random.Next(0, 20)).Select(_ => (char)random.Next(' ', '~' + 1))).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        return random.Next(40) switch
        {
            0 => $"\"{new string('k', 256)}\"",
            1 => $"\"{new string('k', 257)}\"",
            2 => "\"ключ\"",
            3 => "\"k\u007f\"",
            4 => "7",
            _ => $"\"{key}\"",
        };
    }

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];
}
