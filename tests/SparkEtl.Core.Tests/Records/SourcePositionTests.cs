using System.Globalization;
using SparkEtl.Core.Records;

namespace SparkEtl.Core.Tests.Records;

/// <summary>
/// A sequence number held as a number (a file's line number) is the same value as its decimal text: equality, hashing,
/// order and every text made of it do not depend on which form a position holds.
/// </summary>
public class SourcePositionTests
{
    private const string Shard = "shardId-000000000000";

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(1_000_000L)]
    [InlineData(long.MaxValue - 1)]
    public void NumberAndItsText_AreEqual_HashAlike_AndReadTheSame(long number)
    {
        var text = number.ToString(CultureInfo.InvariantCulture);
        var held = new SourcePosition(Shard, number, 3, 1);
        var written = new SourcePosition(Shard, text, 3, 1);

        Assert.True(held == written);
        Assert.True(written.Equals(held));
        Assert.Equal(written.GetHashCode(), held.GetHashCode());
        Assert.Equal(0, held.CompareTo(written));
        Assert.Equal(text, held.SequenceNumber);
        Assert.Equal(written.ToString(), held.ToString());
        Assert.Equal(new KinesisRecord(Shard, text, "", 0, Array.Empty<byte>()).Position, new KinesisRecord(Shard, number, "", 0, Array.Empty<byte>()).Position);
    }

    [Fact]
    public void NumericSequenceNumber_IsFormattedAsUtf8_TextOneIsNot()
    {
        Span<byte> utf8 = stackalloc byte[20];

        Assert.True(new SourcePosition(Shard, 1234L, -1, -1).TryFormatNumericSequenceNumber(utf8, out var written));
        Assert.Equal("1234"u8.ToArray(), utf8[..written].ToArray());
        Assert.False(new SourcePosition(Shard, "1234", -1, -1).TryFormatNumericSequenceNumber(utf8, out _));
        Assert.False(default(SourcePosition).TryFormatNumericSequenceNumber(utf8, out _));
    }

    [Fact]
    public void DifferentValues_AreNotEqual_InEitherForm()
    {
        var seven = new SourcePosition(Shard, 7L, -1, -1);

        Assert.NotEqual(seven, new SourcePosition(Shard, "8", -1, -1));
        Assert.NotEqual(seven, new SourcePosition(Shard, 70L, -1, -1));
        Assert.NotEqual(seven, new SourcePosition(Shard, "07", -1, -1)); // equal in order, but not the same text
        Assert.Equal(0, seven.CompareTo(new SourcePosition(Shard, "07", -1, -1)));
        Assert.NotEqual(seven, new SourcePosition("shardId-000000000001", 7L, -1, -1));
        Assert.NotEqual(seven, seven with { EventIndex = 0 });
        Assert.NotEqual(default, new SourcePosition(null!, 0L, 0, 0));
        Assert.Null(default(SourcePosition).SequenceNumber);
    }

    [Fact]
    public void Order_IsTheSameWhicheverFormEachSideHolds()
    {
        var random = new Random(11);
        var numbers = Enumerable.Range(0, 400).Select(_ => random.NextInt64(0, 5_000_000_000L) / (long)Math.Pow(10, random.Next(0, 9))).ToArray();
        for (var i = 0; i < numbers.Length - 1; i++)
        {
            var (a, b) = (numbers[i], numbers[i + 1]);
            var expected = Math.Sign(a.CompareTo(b));
            var textA = a.ToString(CultureInfo.InvariantCulture);
            var textB = b.ToString(CultureInfo.InvariantCulture);
            foreach (var (left, right) in new[]
            {
                (new SourcePosition(Shard, a, -1, -1), new SourcePosition(Shard, b, -1, -1)),
                (new SourcePosition(Shard, a, -1, -1), new SourcePosition(Shard, textB, -1, -1)),
                (new SourcePosition(Shard, textA, -1, -1), new SourcePosition(Shard, b, -1, -1)),
                (new SourcePosition(Shard, textA, -1, -1), new SourcePosition(Shard, textB, -1, -1)),
            })
            {
                Assert.Equal(expected, Math.Sign(left.CompareTo(right)));
                Assert.Equal(-expected, Math.Sign(right.CompareTo(left)));
                Assert.Equal(expected == 0, left == right);
            }
        }
    }

    [Fact]
    public void NegativeNumber_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SourcePosition(Shard, -1L, -1, -1));
    }
}
