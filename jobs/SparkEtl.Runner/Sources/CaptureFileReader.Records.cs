using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;
using SparkEtl.Runner.Sources.Internal;

namespace SparkEtl.Runner.Sources;

/// <summary>One Kinesis record object (a capture line or an entry of a Records document), checked member by member.</summary>
public static partial class CaptureFileReader
{
    // The GetRecords members (Kinesis API reference, Record) that make a JSON object a Kinesis record.
    private static readonly byte[][] RecordMembers =
    [
        "\"Data\""u8.ToArray(),
        "\"SequenceNumber\""u8.ToArray(),
        "\"ApproximateArrivalTimestamp\""u8.ToArray(),
        "\"PartitionKey\""u8.ToArray(),
    ];

    // Kinesis API reference: ShardId [a-zA-Z0-9_.-]+, 1 to 128 characters; PartitionKey 1 to 256 characters.
    private const string ShardIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
    private static readonly SearchValues<char> ShardIdCharacters = SearchValues.Create(ShardIdAlphabet);
    private static readonly SearchValues<byte> ShardIdBytes = SearchValues.Create(Encoding.ASCII.GetBytes(ShardIdAlphabet));
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    private const int MaxShardIdLength = 128;
    private const int MaxPartitionKeyLength = 256;
    private const int MaxSequenceNumberDigits = 128;

    // Longest text tried as an ISO-8601 arrival time ("2024-03-15T14:30:00.250000+00:00" is 32).
    private const int MaxTimeTextLength = 64;

    /// <summary>Whether the text names a GetRecords member as an object key (<c>"Data":</c>…), whether or not it is valid JSON.</summary>
    private static bool NamesRecordMember(ReadOnlySpan<byte> line)
    {
        foreach (var member in RecordMembers)
        {
            var rest = line;
            while (true)
            {
                var at = rest.IndexOf(member);
                if (at < 0)
                {
                    break;
                }

                rest = rest[(at + member.Length)..];
                var after = rest.TrimStart(JsonWhitespace);
                if (!after.IsEmpty && after[0] == (byte)':')
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasRecordMember(JsonElement root)
    {
        foreach (var member in root.EnumerateObject())
        {
            if (member.NameEquals("Data"u8) || member.NameEquals("SequenceNumber"u8) || member.NameEquals("ApproximateArrivalTimestamp"u8) || member.NameEquals("PartitionKey"u8))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The record <paramref name="root"/> stands for, or a broken record naming every problem found; a record is made in
    /// <paramref name="memory"/>, its data decoded there, when one is given.
    /// </summary>
    private static KinesisRecord ParseRecord(
        JsonElement root, ReadOnlySpan<byte> raw, string what, long number, long arrivalFallbackMs, RepeatedStrings shards, BatchMemory? memory = null)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Broken(number, $"{what} is not a valid Kinesis record: it is not a JSON object but {Describe(root)}", raw.ToArray(), arrivalFallbackMs);
        }

        var invalidUtf8 = JsonProblem.InvalidUtf8Offset(raw);
        if (invalidUtf8 >= 0)
        {
            return Broken(number, $"{what} is not a valid Kinesis record: it is not valid JSON ({JsonProblem.Find(raw)})", raw.ToArray(), arrivalFallbackMs);
        }

        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        ReadOnlyMemory<byte>? data = null;
        string? sequence = null, partitionKey = null, shardId = null;
        long? arrivalMs = null;
        foreach (var member in root.EnumerateObject())
        {
            var name = member.NameEquals("Data"u8) ? "Data"
                : member.NameEquals("SequenceNumber"u8) ? "SequenceNumber"
                : member.NameEquals("ApproximateArrivalTimestamp"u8) ? "ApproximateArrivalTimestamp"
                : member.NameEquals("PartitionKey"u8) ? "PartitionKey"
                : member.NameEquals("ShardId"u8) ? "ShardId"
                : null;
            if (name is null)
            {
                // Other members (EncryptionType, …) carry nothing the job keeps.
                continue;
            }

            if (!seen.Add(name))
            {
                problems.Add($"{name} appears more than once");
                continue;
            }

            var value = member.Value;
            var problem = name switch
            {
                "Data" => ReadData(value, memory, out data),
                "SequenceNumber" => ReadSequenceNumber(value, out sequence),
                "ApproximateArrivalTimestamp" => ReadArrival(value, out arrivalMs),
                "PartitionKey" => ReadPartitionKey(value, out partitionKey),
                _ => ReadShardId(value, out shardId),
            };
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        if (!seen.Contains("Data"))
        {
            problems.Insert(0, "Data is missing");
        }

        if (!seen.Contains("SequenceNumber"))
        {
            problems.Insert(0, "SequenceNumber is missing");
        }

        if (problems.Count > 0)
        {
            return Broken(number, $"{what} is not a valid Kinesis record: {string.Join("; ", problems)}", raw.ToArray(), arrivalFallbackMs);
        }

        var shard = shards.Intern(shardId ?? DefaultShardId);
        var arrival = arrivalMs ?? arrivalFallbackMs;
        return memory?.Record(shard, sequence!, partitionKey ?? "", arrival, data!.Value)
            ?? new KinesisRecord(shard, sequence!, partitionKey ?? "", arrival, data!.Value);
    }

    private static string? ReadData(JsonElement value, BatchMemory? memory, out ReadOnlyMemory<byte>? data)
    {
        data = null;
        if (value.ValueKind != JsonValueKind.String)
        {
            return $"Data must be a base64 string, got {Describe(value)}";
        }

        // Strict base64 (RFC 4648, padded, no whitespace), straight from the UTF-8 text: no string of the line is made.
        // Text without escapes (what the CLI and the capture tools write) is decoded into the batch's memory.
        var text = JsonMarshal.GetRawUtf8Value(value)[1..^1];
        if (memory is not null && !text.Contains((byte)'\\'))
        {
            if (TryDecodeBase64(text, memory, everyCharacter: false, out var decoded))
            {
                data = decoded;
                return null;
            }
        }
        else if (value.TryGetBytesFromBase64(out var bytes))
        {
            data = bytes;
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"Data is not valid base64 ({JsonMarshal.GetRawUtf8Value(value).Length - 2:N0} characters, starting {Describe(value)})");
    }

    /// <summary>
    /// Strict base64 (RFC 4648, padded) decoded into <paramref name="memory"/>; nothing is kept when it is not. With
    /// <paramref name="everyCharacter"/>, also not when the decoder skipped any character as whitespace.
    /// </summary>
    private static bool TryDecodeBase64(ReadOnlySpan<byte> text, BatchMemory memory, bool everyCharacter, out ReadOnlyMemory<byte> data)
    {
        var room = memory.Reserve(text.Length / 4 * 3);
        var decoded = Base64.DecodeFromUtf8(text, room.Span, out var consumed, out var written) == OperationStatus.Done && consumed == text.Length;
        if (decoded && everyCharacter)
        {
            var padding = text.EndsWith("=="u8) ? 2 : text.EndsWith("="u8) ? 1 : 0;
            decoded = text.Length % 4 == 0 && written == (text.Length / 4 * 3) - padding;
        }

        data = memory.Keep(room, decoded ? written : 0);
        return decoded;
    }

    private static string? ReadSequenceNumber(JsonElement value, out string? sequence)
    {
        sequence = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (sequence is null || sequence.Length is 0 or > MaxSequenceNumberDigits || sequence.AsSpan().ContainsAnyExcept(Digits))
        {
            sequence = null;
            return $"SequenceNumber must be a string of 1 to {MaxSequenceNumberDigits} decimal digits, got {Describe(value)}";
        }

        return null;
    }

    // GetRecords returns epoch seconds with a fraction; the AWS CLI may print ISO-8601 instead.
    private static string? ReadArrival(JsonElement value, out long? arrivalMs)
    {
        arrivalMs = null;
        const string Expected = "ApproximateArrivalTimestamp must be epoch seconds or an ISO-8601 time";
        double ms;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (!value.TryGetDouble(out var seconds) || !double.IsFinite(seconds))
                {
                    return $"{Expected}, got {Describe(value)}, which is not a finite number";
                }

                ms = Math.Round(seconds * 1000);
                break;
            case JsonValueKind.String when JsonMarshal.GetRawUtf8Value(value).Length <= MaxTimeTextLength
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time):
                ms = time.ToUnixTimeMilliseconds();
                break;
            default:
                return $"{Expected}, got {Describe(value)}";
        }

        if (ms is < TickerTransform.MinEventTimeMs or > TickerTransform.MaxEventTimeMs)
        {
            return $"ApproximateArrivalTimestamp {Describe(value)} is outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (numbers are epoch seconds)";
        }

        arrivalMs = (long)ms;
        return null;
    }

    private static string? ReadPartitionKey(JsonElement value, out string? partitionKey)
    {
        partitionKey = value.ValueKind == JsonValueKind.String && JsonMarshal.GetRawUtf8Value(value).Length <= MaxPartitionKeyLength * 6 ? value.GetString() : null;
        if (partitionKey is null || partitionKey.Length > MaxPartitionKeyLength)
        {
            partitionKey = null;
            return $"PartitionKey must be a string of at most {MaxPartitionKeyLength} characters, got {Describe(value)}";
        }

        return null;
    }

    private static string? ReadShardId(JsonElement value, out string? shardId)
    {
        shardId = value.ValueKind == JsonValueKind.String && JsonMarshal.GetRawUtf8Value(value).Length <= MaxShardIdLength * 6 ? value.GetString() : null;
        if (shardId is null || shardId.Length is 0 or > MaxShardIdLength || shardId.AsSpan().ContainsAnyExcept(ShardIdCharacters))
        {
            shardId = null;
            return $"ShardId must be 1 to {MaxShardIdLength} letters, digits, '_', '.' or '-', got {Describe(value)}";
        }

        return null;
    }

    /// <summary>A found value as messages show it: strings and numbers as written (cut short), else its kind.</summary>
    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String or JsonValueKind.Number => JsonProblem.Show(JsonMarshal.GetRawUtf8Value(value)),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "nothing",
    };

    /// <summary>
    /// Strings that repeat from line to line (shard ids, partition keys): one string per distinct value, for at most
    /// <see cref="Capacity"/> values, so a file of hostile values cannot grow a table without limit (string.Intern would
    /// keep them for the process's life).
    /// </summary>
    internal sealed class RepeatedStrings
    {
        /// <summary>The longest ASCII text <see cref="Intern(ReadOnlySpan{byte})"/> takes.</summary>
        public const int MaxAsciiLength = 256;

        private const int Capacity = 1024;
        private readonly Dictionary<string, string> _values;
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;

        public RepeatedStrings(params string[] known)
        {
            _values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var value in known)
            {
                _values[value] = value;
            }

            _byChars = _values.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public string Intern(string value) => _values.TryGetValue(value, out var pooled) ? pooled : Keep(value);

        /// <summary>The string of ASCII text of at most <see cref="MaxAsciiLength"/> bytes, made only the first time it is seen.</summary>
        public string Intern(ReadOnlySpan<byte> ascii)
        {
            Span<char> chars = stackalloc char[MaxAsciiLength];
            var text = chars[..Encoding.ASCII.GetChars(ascii, chars)];
            return _byChars.TryGetValue(text, out var pooled) ? pooled : Keep(new string(text));
        }

        private string Keep(string value)
        {
            if (_values.Count < Capacity)
            {
                _values.Add(value, value);
            }

            return value;
        }
    }
}
