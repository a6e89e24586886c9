using System.Buffers;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// Splits a stream into lines of UTF-8 bytes ('\n', with an optional '\r' before it) without
/// making strings. The memory handed out is valid until the next call.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private long _bufferOffset;
    private int _start;
    private int _end;
    private bool _eof;

    /// <param name="stream">Read from its current position on.</param>
    /// <param name="linesBefore">Lines before the stream's current position, so <see cref="LineNumber"/> counts from the file's start.</param>
    public LineReader(Stream stream, int initialBufferBytes = 1 << 20, long linesBefore = 0)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(initialBufferBytes);
        _bufferOffset = stream.CanSeek ? stream.Position : 0;
        LineNumber = linesBefore;
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The stream offset where the next line starts.</summary>
    public long NextLineOffset => _bufferOffset + _start;

    /// <summary>Reads the next line, or returns false at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Trim(_buffer.AsMemory(_start, newline));
                _start += newline + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (_end > _start)
                {
                    line = Trim(_buffer.AsMemory(_start, _end - _start));
                    _start = _end;
                    LineNumber++;
                    return true;
                }

                line = default;
                return false;
            }

            Fill();
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // A line longer than the buffer: grow, keeping what was read.
            var larger = ArrayPool<byte>.Shared.Rent(checked(_buffer.Length * 2));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
