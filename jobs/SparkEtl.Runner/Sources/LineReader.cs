using System.Buffers;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// Splits a stream into lines of UTF-8 bytes ('\n', with an optional '\r' before it) without
/// making strings, in bounded memory. The memory handed out is valid until the next call.
/// </summary>
/// <remarks>
/// A line longer than the reader's maximum is not buffered: it comes out cut to its first
/// <see cref="KeptPrefixBytes"/> bytes, with <see cref="LastLineWasCut"/> set and its full length in
/// <see cref="LastLineLength"/>, and reading goes on with the next line. So the buffer never grows past the
/// maximum (plus one byte), whatever the input. A stream that fails as corrupt (a gzip file whose inflation
/// throws <see cref="InvalidDataException"/>) ends there: what was read before the failure is the last line,
/// and <see cref="StreamProblem"/> says what failed. Other I/O errors are thrown.
/// </remarks>
internal sealed class LineReader : IDisposable
{
    /// <summary>How many bytes of a line longer than the maximum are kept.</summary>
    public const int KeptPrefixBytes = 4096;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private byte[]? _prefix;
    private long _bufferOffset;
    private int _start;
    private int _end;
    private bool _eof;

    /// <param name="stream">Read from its current position on.</param>
    /// <param name="maxLineBytes">The longest line returned whole, in bytes without its line end; 1 or more.</param>
    /// <param name="initialBufferBytes">The buffer's first size; it doubles as long lines need, up to <paramref name="maxLineBytes"/> + 1.</param>
    /// <param name="linesBefore">Lines before the stream's current position, so <see cref="LineNumber"/> counts from the file's start.</param>
    public LineReader(Stream stream, int maxLineBytes, int initialBufferBytes = 1 << 16, long linesBefore = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLineBytes, Array.MaxLength - 1);
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(initialBufferBytes, 16), maxLineBytes + 1));
        _bufferOffset = stream.CanSeek ? stream.Position : 0;
        LineNumber = linesBefore;
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The stream offset where the next line starts.</summary>
    public long NextLineOffset => _bufferOffset + _start;

    /// <summary>The full length in bytes of the line last returned, without its line end (more than the line handed out when it was cut).</summary>
    public long LastLineLength { get; private set; }

    /// <summary>Whether the line last returned was longer than the maximum and so cut to its first <see cref="KeptPrefixBytes"/> bytes.</summary>
    public bool LastLineWasCut { get; private set; }

    /// <summary>Null, or the message of the <see cref="InvalidDataException"/> that stopped the reading (lines inflated in that same read are lost with it).</summary>
    public string? StreamProblem { get; private set; }

    // The buffer holds at most one whole line of the maximum length and its '\n'.
    private int Capacity => Math.Min(_buffer.Length, _maxLineBytes + 1);

    /// <summary>Reads the next line, or returns false at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        LastLineWasCut = false;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Whole(_start, newline);
                _start += newline + 1;
                return true;
            }

            if (_eof)
            {
                if (_end > _start)
                {
                    line = Whole(_start, _end - _start);
                    _start = _end;
                    return true;
                }

                line = default;
                return false;
            }

            if (_start == 0 && _end == Capacity && Capacity > _maxLineBytes)
            {
                line = SkipLongLine();
                return true;
            }

            Fill();
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private ReadOnlyMemory<byte> Whole(int start, int length)
    {
        LineNumber++;
        LastLineLength = length;
        var line = _buffer.AsMemory(start, length);
        return line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
    }

    // The buffer is full of one line with no end in sight: keep its start, then read on to its end
    // through the same buffer without keeping anything.
    private ReadOnlyMemory<byte> SkipLongLine()
    {
        _prefix ??= new byte[KeptPrefixBytes];
        var kept = Math.Min(KeptPrefixBytes, _end);
        _buffer.AsSpan(0, kept).CopyTo(_prefix);
        long length = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                length += newline;
                _start += newline + 1;
                break;
            }

            length += _end - _start;
            _bufferOffset += _end;
            _start = _end = 0;
            if (_eof)
            {
                break;
            }

            ReadMore();
        }

        LineNumber++;
        LastLineLength = length;
        LastLineWasCut = true;
        return _prefix.AsMemory(0, kept);
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
            // A line longer than the buffer: grow, keeping what was read, up to the maximum line and its end.
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, (long)_maxLineBytes + 1));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        ReadMore();
    }

    private void ReadMore()
    {
        int read;
        try
        {
            read = _stream.Read(_buffer, _end, Capacity - _end);
        }
        catch (InvalidDataException e)
        {
            // GZipStream found the compressed data corrupt: nothing after this point can be read.
            StreamProblem = e.Message;
            read = 0;
        }

        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
