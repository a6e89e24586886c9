using SparkEtl.Aws.Kinesis;
using SparkEtl.Core;
using SparkEtl.Core.Records;
using SparkEtl.Runner.Sources.Kinesis;

namespace SparkEtl.Runner.Tests.Kinesis;

public sealed class ShardPositionTests
{
    [Theory]
    [InlineData("trim", ShardPositionKind.TrimHorizon)]
    [InlineData("at:1710513000123", ShardPositionKind.AtTimestamp)]
    [InlineData("seq:49590338271490256608559692538361571095921575989136588898", ShardPositionKind.After)]
    [InlineData("seq:0", ShardPositionKind.After)]
    [InlineData("end:49590338271490256608559692538361571095921575989136588898", ShardPositionKind.End)]
    [InlineData("end:", ShardPositionKind.End)]
    public void Parse_EveryTokenForm_RoundTrips(string token, ShardPositionKind kind)
    {
        var position = ShardPosition.Parse(token, "a test");

        Assert.Equal(kind, position.Kind);
        Assert.Equal(token, position.Token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("seq:")]
    [InlineData("seq:0123")]
    [InlineData("seq:12a")]
    [InlineData("at:-5")]
    [InlineData("at:")]
    [InlineData("end:x")]
    [InlineData("12@40")]
    public void Parse_AnythingElse_FailsNamingWhereItCameFrom(string token)
    {
        var e = Assert.Throws<SparkEtlException>(() => ShardPosition.Parse(token, "offsets/7"));

        Assert.Contains("offsets/7", e.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{token}\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeqAndEndOfTheSameRecord_AreTheSamePoint_OtherPositionsAreNot()
    {
        var after = ShardPosition.After("42");

        Assert.True(after.IsSamePoint(after.Ended()));
        Assert.True(after.Ended().IsSamePoint(after));
        Assert.False(after.IsSamePoint(ShardPosition.After("43")));
        Assert.False(ShardPosition.TrimHorizon.IsSamePoint(ShardPosition.TrimHorizon.Ended()));
        Assert.True(ShardPosition.AtTimestamp(5).IsSamePoint(ShardPosition.AtTimestamp(5)));
        Assert.False(ShardPosition.AtTimestamp(5).IsSamePoint(ShardPosition.TrimHorizon));
    }

    [Fact]
    public void ToIteratorPosition_ReadsWhatFollows_AndAnEndedShardHasNothing()
    {
        Assert.Equal(ShardIteratorPosition.TrimHorizon, ShardPosition.TrimHorizon.ToIteratorPosition());
        Assert.Equal(ShardIteratorPosition.AfterSequenceNumber("42"), ShardPosition.After("42").ToIteratorPosition());
        Assert.Equal(ShardIteratorPosition.AtTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(1_710_513_000_123)), ShardPosition.AtTimestamp(1_710_513_000_123).ToIteratorPosition());
        Assert.Throws<InvalidOperationException>(() => ShardPosition.After("42").Ended().ToIteratorPosition());
    }

    [Fact]
    public void Precedes_ComparesSequenceNumbersAsNumbers()
    {
        var record = new KinesisRecord("shardId-000000000000", "100", "k", 0, new byte[1]);

        Assert.True(ShardPosition.After("99").Precedes(record));
        Assert.False(ShardPosition.After("100").Precedes(record));
        Assert.False(ShardPosition.After("1000").Precedes(record));
        Assert.True(ShardPosition.TrimHorizon.Precedes(record));
    }
}
