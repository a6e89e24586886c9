using System.Text;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Transform;
using Xunit.Abstractions;

namespace SparkEtl.Core.Tests.Decoding;

/// <summary>
/// Corrupt-every-byte, truncate-at-every-length and split-at-every-byte runs over real-shaped
/// envelopes and aggregates: every input must end in sink calls, never in an exception or a hang,
/// and the outcomes must be the ones the formats' checks imply.
/// </summary>
public class CorruptionTests(ITestOutputHelper output)
{
    private static readonly string EnvelopeJson = Payloads.DataEnvelopeJson(Payloads.Events(
        Payloads.PythonLine(Payloads.Ticker("JIB")),
        "START RequestId: 1 Version: $LATEST\n",
        Payloads.NodeLine(Payloads.Ticker("BRK.B", 350.5, null)),
        "[INFO]\tno ticker\n"));

    private static readonly string[] EnvelopeLabels = ["accept", "drop:platform-log-line", "accept", "fail:parse-failed"];

    private readonly RecordDecoder _decoder = new(new DecoderOptions());

    private RecordingSink Decode(byte[] data)
    {
        var sink = new RecordingSink();
        _decoder.Decode(Payloads.Record(data), sink);
        Assert.NotEmpty(sink.Results);
        return sink;
    }

    private void Report(string what, Dictionary<string, int> outcomes) =>
        output.WriteLine($"{what}: {string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} x{o.Value}"))}");

    private static void Count(Dictionary<string, int> outcomes, string key) =>
        outcomes[key] = outcomes.GetValueOrDefault(key) + 1;

    [Fact]
    public void Decode_GzipEnvelopeWithEveryByteFlipped_IntactResultOrOneFailure()
    {
        var data = Payloads.Gzip(EnvelopeJson);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < data.Length; i++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                var corrupt = (byte[])data.Clone();
                corrupt[i] ^= mask;

                var labels = Decode(corrupt).Labels();

                // Either the flip hit a header byte that no check covers (MTIME, XFL, OS) and the result
                // is intact, or it is one failure for the whole record.
                var key = labels.SequenceEqual(EnvelopeLabels) ? "intact" : Assert.Single(labels);
                Assert.Contains(key, (string[])["intact", "fail:decompression-failed", "fail:parse-failed"]);
                if (i < 2)
                {
                    Assert.Equal("fail:parse-failed", key);
                }

                if (key == "intact")
                {
                    // Only bits no check covers: FLG's FTEXT hint, MTIME, XFL and OS in the header, and
                    // the padding bits after the last deflate code, in the byte before the trailer.
                    Assert.True(i is >= 3 and <= 9 || i == data.Length - 9, $"byte {i} flipped with {mask:x2} went unnoticed");
                }

                Count(outcomes, key);
            }
        }

        Report($"gzip envelope of {data.Length} bytes, 3 flips per byte", outcomes);
    }

    [Fact]
    public void Decode_GzipEnvelopeTruncatedAtEveryLength_OneFailure()
    {
        var data = Payloads.Gzip(EnvelopeJson);
        for (var length = 0; length < data.Length; length++)
        {
            var failure = Decode(data[..length]).SingleFailure();

            Assert.Equal(length < 2 ? ErrorType.ParseFailed : ErrorType.DecompressionFailed, failure.Type);
            Assert.Equal(data[..length], failure.RawData.ToArray());
        }
    }

    [Fact]
    public void Decode_EnvelopeJsonCorruptedAtEveryByte_ResultsOrOneEnvelopeFailure()
    {
        var json = Encoding.UTF8.GetBytes(EnvelopeJson);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < json.Length; i++)
        {
            foreach (var replacement in "\"{}[]\\:,0 x\u0001"u8.ToArray().Append((byte)0xFF))
            {
                if (json[i] == replacement)
                {
                    continue;
                }

                var corrupt = (byte[])json.Clone();
                corrupt[i] = replacement;

                var labels = Decode(Payloads.Gzip(corrupt)).Labels();

                // All or nothing: an invalid envelope never leaks some of its events' results.
                if (labels.Contains("fail:envelope-invalid"))
                {
                    Assert.Single(labels);
                }
                else
                {
                    Assert.True(labels.Count is 1 or 4, string.Join(", ", labels));
                }

                Count(outcomes, string.Join("+", labels));
            }
        }

        Assert.True(outcomes.ContainsKey("fail:envelope-invalid"));
        Report($"envelope JSON of {json.Length} bytes, every byte replaced", outcomes);
    }

    [Fact]
    public void Decode_EnvelopesCorruptedAtEveryByte_IntoATradeBuffer_GiveWhatTheyGiveASinkThatKeepsEverything()
    {
        // A sink with a trade buffer gets an envelope's trades as they are read and has them taken back when the envelope
        // fails: over many envelopes, some failing half way, it must end up with exactly the results a recording sink gets.
        var json = Encoding.UTF8.GetBytes(EnvelopeJson);
        var listed = new RecordingSink();
        var buffered = new BufferSink();
        var toList = new RecordDecoder(new DecoderOptions());
        var toBuffer = new RecordDecoder(new DecoderOptions());
        buffered.Accept(new Trade("JIB", null, 1, 0, new SparkEtl.Core.Records.SourcePosition("shardId-0", 1, -1, -1), null, null, 0), "kept-from-before"u8);
        for (var i = 0; i < json.Length; i++)
        {
            foreach (var replacement in "\"}]:,0 x\u0001"u8.ToArray())
            {
                var corrupt = (byte[])json.Clone();
                corrupt[i] = replacement;
                var record = Payloads.Record(Payloads.Gzip(corrupt));

                toList.Decode(record, listed);
                toBuffer.Decode(record, buffered);
            }
        }

        Assert.Equal("kept-from-before", buffered.Trades[0].LogEventId);
        Assert.Equal(listed.Trades, buffered.Trades.Skip(1));
        Assert.Equal(buffered.Trades.Count, buffered.Accepted);
        Assert.Equal(listed.Labels().Where(l => l != "accept"), buffered.Others.Labels());
        Assert.Equal(listed.Failures.Select(f => f.Message), buffered.Others.Failures.Select(f => f.Message));
        Assert.Contains("fail:envelope-invalid", buffered.Others.Labels());
        Assert.True(listed.Trades.Count() > 1_000, $"{listed.Trades.Count()} trades");
    }

    [Fact]
    public void Decode_EnvelopeJsonTruncatedAtEveryLength_EnvelopeInvalid()
    {
        var json = Encoding.UTF8.GetBytes(EnvelopeJson);

        // From 1: GZipStream writes no bytes at all for empty input.
        for (var length = 1; length < json.Length; length++)
        {
            Assert.Equal(["fail:envelope-invalid"], Decode(Payloads.Gzip(json[..length])).Labels());
        }
    }

    [Fact]
    public void Decode_EnvelopeSplitIntoTwoGzipMembersAtEveryByte_SameResults()
    {
        var json = Encoding.UTF8.GetBytes(EnvelopeJson);
        var expected = Decode(Payloads.Gzip(json)).Results;
        for (var split = 0; split <= json.Length; split++)
        {
            var actual = Decode([.. Payloads.Gzip(json[..split]), .. Payloads.Gzip(json[split..])]).Results;

            Assert.Equal(expected.Select(r => r.Trade), actual.Select(r => r.Trade));
            Assert.Equal(expected.Select(r => r.Label), actual.Select(r => r.Label));
        }
    }

    private static byte[] SampleAggregate()
    {
        var builder = new KplBuilder();
        var key = builder.Key("JIB");
        var hashKey = builder.HashKey("1");
        builder.Record(key, Encoding.UTF8.GetBytes(Payloads.Ticker("JIB")));
        builder.Record(key, Payloads.Gzip(EnvelopeJson), hashKey, KplBuilder.TagField("k", "v"));
        builder.Record(builder.Key("WMT"), Encoding.UTF8.GetBytes(Payloads.Ticker("WMT")));
        return builder.Build();
    }

    [Fact]
    public void Decode_KplAggregateWithEveryByteFlipped_OneFailure()
    {
        var data = SampleAggregate();
        Assert.Equal(["accept", .. EnvelopeLabels, "accept"], Decode(data).Labels());
        for (var i = 0; i < data.Length; i++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                var corrupt = (byte[])data.Clone();
                corrupt[i] ^= mask;

                var failure = Decode(corrupt).SingleFailure();

                // A flipped magic byte makes it plain data; any other flip breaks the MD5.
                Assert.Equal(i < 4 ? ErrorType.ParseFailed : ErrorType.AggregateInvalid, failure.Type);
                Assert.Equal(corrupt, failure.RawData.ToArray());
            }
        }
    }

    [Fact]
    public void Decode_KplAggregateTruncatedAtEveryLength_OneFailure()
    {
        var data = SampleAggregate();
        for (var length = 0; length < data.Length; length++)
        {
            var failure = Decode(data[..length]).SingleFailure();

            Assert.Equal(length < 4 ? ErrorType.ParseFailed : ErrorType.AggregateInvalid, failure.Type);
        }
    }

    [Fact]
    public void Decode_KplProtobufCorruptedAtEveryByteWithMatchingMd5_OnlySinkCalls()
    {
        // Re-signing each corruption gets past the MD5, so the protobuf reader itself meets the damage.
        var body = SampleAggregate()[4..^16];
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < body.Length; i++)
        {
            foreach (var mask in new byte[] { 0x01, 0x08, 0x80, 0xFF })
            {
                var corrupt = (byte[])body.Clone();
                corrupt[i] ^= mask;

                var labels = Decode(KplBuilder.FromBody(corrupt)).Labels();

                if (labels.Contains("fail:aggregate-invalid") && labels.Count > 1)
                {
                    // Only a sub-record that became a nested aggregate fails alone; the aggregate itself is all or nothing.
                    Assert.Single(labels, l => l == "fail:aggregate-invalid");
                }

                Count(outcomes, labels.Count == 1 ? labels[0] : $"{labels.Count} results");
            }
        }

        Assert.True(outcomes.ContainsKey("fail:aggregate-invalid"));
        Report($"KPL protobuf of {body.Length} bytes re-signed after each flip", outcomes);
    }

    [Fact]
    public void Decode_RandomBytesAfterEachMagic_OnlySinkCalls()
    {
        var random = new Random(20231114);
        byte[][] magics = [[0x1F, 0x8B], [0x1F, 0x8B, 0x08, 0x00], [0xF3, 0x89, 0x9A, 0xC2], [(byte)'{'], []];
        for (var i = 0; i < 3000; i++)
        {
            var tail = new byte[random.Next(0, 200)];
            random.NextBytes(tail);

            Decode([.. magics[i % magics.Length], .. tail]);
        }
    }

    /// <summary>Keeps trades in a <see cref="TradeBuffer"/>, as the embedded engine's collector does, and the rest as recorded.</summary>
    private sealed class BufferSink : ITradeBufferSink
    {
        public TradeBuffer Trades { get; } = new();

        public int Accepted { get; private set; }

        public RecordingSink Others { get; } = new();

        public void Accept(in Trade trade)
        {
            Trades.Add(trade);
            Accepted++;
        }

        public void Accept(in Trade trade, ReadOnlySpan<byte> logEventId)
        {
            Trades.Add(trade, logEventId);
            Accepted++;
        }

        public void AcceptAdded(int count) => Accepted += count;

        public void Drop(DropReason reason) => Others.Drop(reason);

        public void Fail(ErrorRecord error) => Others.Fail(error);
    }
}
