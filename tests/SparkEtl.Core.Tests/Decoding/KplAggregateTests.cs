using System.Text;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Producing;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Decoding;

public class KplAggregateTests
{
    private static RecordingSink Decode(byte[] data)
    {
        var sink = new RecordingSink();
        new RecordDecoder(new DecoderOptions()).Decode(Payloads.Record(data), sink);
        return sink;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static ErrorRecord AggregateFailure(byte[] data, string problem)
    {
        var failure = Decode(data).SingleFailure();
        Assert.Equal(ErrorType.AggregateInvalid, failure.Type);
        Assert.Equal($"Data starts with the KPL magic f3 89 9a c2 but is not a valid KPL aggregate: {problem} (shard {Payloads.Shard}, sequence {Payloads.Sequence})", failure.Message);
        Assert.Equal(data, failure.RawData.ToArray());
        return failure;
    }

    [Fact]
    public void Decode_AggregateOfPlainJson_OneTradePerSubRecordWithSubSequence()
    {
        var data = Payloads.Aggregate(Utf8(Payloads.Ticker("JIB")), Utf8(Payloads.Ticker("QXZ")), Utf8(Payloads.Ticker("WMT")));

        var trades = Decode(data).Trades.ToList();

        Assert.Equal(["JIB", "QXZ", "WMT"], trades.Select(t => t.Symbol));
        Assert.Equal(
            [0L, 1L, 2L],
            trades.Select(t => t.Position.SubSequence));
        Assert.All(trades, t => Assert.Equal((Payloads.Shard, Payloads.Sequence, SourcePosition.None), (t.Position.ShardId, t.Position.SequenceNumber, t.Position.EventIndex)));
    }

    [Fact]
    public void Decode_AggregateOfMixedSubRecords_EachDecodedByItsOwnLeadingBytes()
    {
        var envelope = Payloads.Gzip(Payloads.DataEnvelopeJson(Payloads.Events(Payloads.PythonLine(Payloads.Ticker("AMZN")), "END RequestId: 1\n")));
        var data = Payloads.Aggregate(Utf8(Payloads.Ticker("JIB")), envelope, Utf8("not json"), Payloads.Gzip(Payloads.ControlEnvelopeJson()));

        var sink = Decode(data);

        Assert.Equal(["accept", "accept", "drop:platform-log-line", "fail:parse-failed", "drop:control-message"], sink.Labels());
        var fromEnvelope = sink.Trades.Last();
        Assert.Equal(new SourcePosition(Payloads.Shard, Payloads.Sequence, 1, 0), fromEnvelope.Position);
        Assert.Equal(Payloads.LogGroup, fromEnvelope.LogGroup);
        var failure = sink.Failures.Single();
        Assert.Equal("not json"u8.ToArray(), failure.RawData.ToArray());
        Assert.Equal(2, failure.Position.SubSequence);
        Assert.EndsWith($"(shard {Payloads.Shard}, sequence {Payloads.Sequence}, sub-sequence 2)", failure.Message);
    }

    [Fact]
    public void Decode_SubRecordEnvelopeInvalid_FailureCarriesTheSubRecordData()
    {
        var broken = Payloads.Gzip("{\"messageType\":\"NOPE\"}");
        var data = Payloads.Aggregate(Utf8(Payloads.Ticker()), broken);

        var sink = Decode(data);

        Assert.Equal(["accept", "fail:envelope-invalid"], sink.Labels());
        Assert.Equal(broken, sink.Failures.Single().RawData.ToArray());
        Assert.Equal(1, sink.Failures.Single().Position.SubSequence);
    }

    [Fact]
    public void Decode_AggregateInsideAggregate_AggregateInvalidForThatSubRecordOnly()
    {
        var inner = Payloads.Aggregate(Utf8(Payloads.Ticker("QXZ")));
        var data = Payloads.Aggregate(Utf8(Payloads.Ticker("JIB")), inner, Utf8(Payloads.Ticker("WMT")));

        var sink = Decode(data);

        Assert.Equal(["accept", "fail:aggregate-invalid", "accept"], sink.Labels());
        var failure = sink.Failures.Single();
        Assert.Equal(inner, failure.RawData.ToArray());
        Assert.StartsWith("A KPL sub-record is itself a KPL aggregate; aggregates do not nest (", failure.Message);
        Assert.Equal(1, failure.Position.SubSequence);
    }

    [Fact]
    public void Decode_AggregateFromTheRepositoryWriter_RoundTrips()
    {
        var data = KplAggregateWriter.Aggregate([("a", Utf8(Payloads.Ticker("JIB"))), ("b", Utf8(Payloads.Ticker("QXZ"))), ("a", Utf8(Payloads.Ticker("WMT")))]);

        Assert.Equal(["JIB", "QXZ", "WMT"], Decode(data).Trades.Select(t => t.Symbol));
    }

    [Fact]
    public void Decode_ExplicitHashKeysTagsAndUnknownFields_Skipped()
    {
        var builder = new KplBuilder();
        builder.RawField(KplBuilder.Varint(9, 300));
        var key = builder.Key("pk");
        var hashKey = builder.HashKey("170141183460469231731687303715884105728");
        builder.Record(key, Utf8(Payloads.Ticker("JIB")), hashKey, [.. KplBuilder.TagField("env", "prod"), .. KplBuilder.Varint(15, 1), .. KplBuilder.Tag(16, 1), .. new byte[8], .. KplBuilder.Tag(17, 5), .. new byte[4]]);
        builder.RawField([.. KplBuilder.Tag(20, 5), 1, 2, 3, 4]);

        Assert.Equal(["accept"], Decode(builder.Build()).Labels());
    }

    [Fact]
    public void Decode_KeyTablesAfterTheRecords_Accepted()
    {
        var builder = new KplBuilder();
        builder.Record(1, Utf8(Payloads.Ticker("JIB")), hashKeyIndex: 0);
        builder.Key("first");
        builder.Key("second");
        builder.HashKey("1");

        Assert.Equal(["accept"], Decode(builder.Build()).Labels());
    }

    [Fact]
    public void Decode_RepeatedDataField_LastValueWins()
    {
        var builder = new KplBuilder();
        var key = builder.Key("pk");
        builder.Record(key, Utf8(Payloads.Ticker("OLD")), extra: KplBuilder.LengthDelimited(3, Utf8(Payloads.Ticker("NEW"))));

        Assert.Equal("NEW", Decode(builder.Build()).SingleTrade().Symbol);
    }

    [Fact]
    public void Decode_Md5Mismatch_AggregateInvalidWithTheWholeData()
    {
        var builder = new KplBuilder();
        builder.Record(builder.Key("pk"), Utf8(Payloads.Ticker()));

        AggregateFailure(builder.Build(new byte[16]), "the MD5 in its last 16 bytes does not match the protobuf message");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(19)]
    public void Decode_MagicButShorterThanMagicAndMd5_AggregateInvalid(int length)
    {
        byte[] data = [0xF3, 0x89, 0x9A, 0xC2, .. new byte[length - 4]];

        AggregateFailure(data, $"it is {length} bytes, shorter than the 4-byte magic and the 16-byte MD5");
    }

    [Fact]
    public void Decode_EmptyProtobufWithCorrectMd5_AggregateInvalidHoldsNoRecords()
    {
        AggregateFailure(KplBuilder.FromBody([]), "it holds no records");
    }

    [Fact]
    public void Decode_OnlyKeysNoRecords_AggregateInvalid()
    {
        var builder = new KplBuilder();
        builder.Key("pk");

        AggregateFailure(builder.Build(), "it holds no records");
    }

    [Fact]
    public void Decode_PartitionKeyIndexPastTheTable_AggregateInvalid()
    {
        var builder = new KplBuilder();
        var key = builder.Key("pk");
        builder.Record(key, Utf8(Payloads.Ticker()));
        builder.Record(3, Utf8(Payloads.Ticker()));

        AggregateFailure(builder.Build(), "record #1 refers to partition key #3, but the partition key table has 1 entries");
    }

    [Fact]
    public void Decode_ExplicitHashKeyIndexPastTheTable_AggregateInvalid()
    {
        var builder = new KplBuilder();
        builder.Record(builder.Key("pk"), Utf8(Payloads.Ticker()), hashKeyIndex: 0);

        AggregateFailure(builder.Build(), "record #0 refers to explicit hash key #0, but the explicit hash key table has 0 entries");
    }

    public static TheoryData<byte[], string> BrokenRecords => new()
    {
        { KplBuilder.LengthDelimited(3, Utf8("x")), "record #0: the required partition_key_index (field 1) is missing" },
        { KplBuilder.Varint(1, 0), "record #0: the required data (field 3) is missing" },
        { [.. KplBuilder.Varint(1, 0), .. KplBuilder.Varint(3, 5)], "record #0: field 3 has wire type 0, expected 2" },
        { [.. KplBuilder.LengthDelimited(1, [0]), .. KplBuilder.LengthDelimited(3, [])], "record #0: field 1 has wire type 2, expected 0" },
        { [.. KplBuilder.Varint(1, 0), .. KplBuilder.Varint(4, 1)], "record #0: field 4 has wire type 0, expected 2" },
        { [.. KplBuilder.Varint(1, 0), .. KplBuilder.LengthDelimited(3, []), .. KplBuilder.Tag(9, 3)], "record #0: malformed at byte 4 of the record: field 9 runs past the end or cannot be skipped" },
        { [.. KplBuilder.Varint(1, 0), .. KplBuilder.Tag(3, 2), 10, 1], "record #0: malformed at byte 2 of the record: field 3 runs past the end or cannot be skipped" },
        { [.. KplBuilder.Tag(1, 0), 0x80, 0x80], "record #0: malformed at byte 0 of the record: field 1 runs past the end or cannot be skipped" },
        { [.. KplBuilder.Tag(1, 0), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02], "record #0: malformed at byte 0 of the record: field 1 runs past the end or cannot be skipped" },
        { [.. KplBuilder.Varint(1, 0), .. KplBuilder.LengthDelimited(3, []), 0x00], "record #0: malformed at byte 4 of the record: an invalid field key" },
        { [.. KplBuilder.Varint(1, 0), .. KplBuilder.LengthDelimited(3, []), 0x0F], "record #0: malformed at byte 4 of the record: an invalid field key" },
    };

    [Theory]
    [MemberData(nameof(BrokenRecords))]
    public void Decode_MalformedRecordMessage_AggregateInvalid(byte[] recordMessage, string problem)
    {
        var builder = new KplBuilder();
        builder.Key("pk");
        builder.RawRecord(recordMessage);

        AggregateFailure(builder.Build(), problem);
    }

    public static TheoryData<byte[], string> BrokenAggregates => new()
    {
        { KplBuilder.Varint(3, 1), "AggregatedRecord field 3 has wire type 0, expected 2 (length-delimited)" },
        { KplBuilder.Varint(1, 1), "AggregatedRecord field 1 has wire type 0, expected 2 (length-delimited)" },
        { [.. KplBuilder.Tag(3, 2), 0x7F, 0x00], "the protobuf message is malformed at byte 0: field 3 runs past the end or cannot be skipped" },
        { [.. KplBuilder.Tag(3, 2), 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "the protobuf message is malformed at byte 0: field 3 runs past the end or cannot be skipped" },
        { [.. KplBuilder.Tag(7, 1), 1, 2, 3], "the protobuf message is malformed at byte 0: field 7 runs past the end or cannot be skipped" },
        { [.. KplBuilder.Tag(7, 4)], "the protobuf message is malformed at byte 0: field 7 runs past the end or cannot be skipped" },
        { [0x07], "the protobuf message is malformed at byte 0: an invalid field key" },
        { [0x80], "the protobuf message is malformed at byte 0: an invalid field key" },
        { [0x80, 0x80, 0x80, 0x80, 0x80, 0x10], "the protobuf message is malformed at byte 0: an invalid field key" },
    };

    [Theory]
    [MemberData(nameof(BrokenAggregates))]
    public void Decode_MalformedAggregatedRecord_AggregateInvalid(byte[] body, string problem)
    {
        AggregateFailure(KplBuilder.FromBody(body), problem);
    }
}
