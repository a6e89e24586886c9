using System.Text;
using SparkEtl.Runner.Sources;

namespace SparkEtl.Runner.Tests.Sources;

public class LineReaderTests
{
    private static List<(string Line, long Length, bool Cut, long Number, long NextOffset)> ReadAll(Stream stream, int maxLineBytes, int initialBufferBytes = 16)
    {
        using var reader = new LineReader(stream, maxLineBytes, initialBufferBytes);
        var lines = new List<(string, long, bool, long, long)>();
        while (reader.TryReadLine(out var line))
        {
            lines.Add((Encoding.UTF8.GetString(line.Span), reader.LastLineLength, reader.LastLineWasCut, reader.LineNumber, reader.NextLineOffset));
        }

        Assert.Null(reader.StreamProblem);
        return lines;
    }

    [Fact]
    public void TryReadLine_LinesAroundTheBound_WholeUpToItCutPastIt()
    {
        var text = "abc\r\n" + new string('x', 10) + "\n" + new string('y', 11) + "\n\nlast";

        var lines = ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLineBytes: 10, initialBufferBytes: 4);

        Assert.Equal(
        [
            ("abc", 4L, false, 1L, 5L),
            (new string('x', 10), 10L, false, 2L, 16L),
            (new string('y', 11), 11L, true, 3L, 28L),
            ("", 0L, false, 4L, 29L),
            ("last", 4L, false, 5L, 33L),
        ],
        lines);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(4096)]
    public void TryReadLine_EveryReadSize_SameLines(int chunk)
    {
        var text = string.Join("\n", Enumerable.Range(0, 60).Select(i => new string((char)('a' + (i % 26)), i * 7))) + "\n";
        var expected = ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLineBytes: 200, initialBufferBytes: 1 << 16);

        var actual = ReadAll(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk), maxLineBytes: 200);

        Assert.Equal(expected, actual);
        Assert.Equal(60, actual.Count);
        Assert.Equal(31, actual.Count(l => l.Cut));
        Assert.All(actual.Where(l => l.Cut), l => Assert.True(l.Line.Length == Math.Min(LineReader.KeptPrefixBytes, 201) && l.Length > 200, l.ToString()));
    }

    [Fact]
    public void TryReadLine_HugeLineWithoutEnd_CutAndMemoryStaysAtTheBound()
    {
        // 64 MiB of one line, produced on the fly: the reader never holds more than its bound.
        var stream = new RepeatingStream((byte)'z', 64L << 20);

        var lines = ReadAll(stream, maxLineBytes: 1 << 20);

        var line = Assert.Single(lines);
        Assert.Equal((64L << 20, true), (line.Length, line.Cut));
        Assert.Equal(LineReader.KeptPrefixBytes, line.Line.Length);
        Assert.True(stream.LargestRead <= (1 << 20) + 1, $"read {stream.LargestRead} bytes at once");
    }

    [Fact]
    public void TryReadLine_StreamFailsAsCorrupt_EndsThereAndSaysWhy()
    {
        using var reader = new LineReader(new FailingStream("one\ntwo\nthr"u8.ToArray()), 100);
        var lines = new List<string>();
        while (reader.TryReadLine(out var line))
        {
            lines.Add(Encoding.UTF8.GetString(line.Span));
        }

        Assert.Equal(["one", "two", "thr"], lines);
        Assert.Equal("The data is corrupt.", reader.StreamProblem);
    }

    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }

    private sealed class RepeatingStream(byte value, long length) : Stream
    {
        private long _left = length;

        public int LargestRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            buffer.AsSpan(offset, n).Fill(value);
            _left -= n;
            LargestRead = Math.Max(LargestRead, count);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class FailingStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            return read > 0 ? read : throw new InvalidDataException("The data is corrupt.");
        }
    }
}
