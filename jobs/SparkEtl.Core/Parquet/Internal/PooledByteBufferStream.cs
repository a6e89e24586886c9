namespace SparkEtl.Core.Parquet.Internal;

/// <summary>A write-only stream appending to a <see cref="PooledByteBuffer"/>, for codecs that only speak <see cref="Stream"/>.</summary>
internal sealed class PooledByteBufferStream : Stream
{
    private readonly PooledByteBuffer _buffer;

    public PooledByteBufferStream(PooledByteBuffer buffer)
    {
        _buffer = buffer;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _buffer.Length;

    public override long Position
    {
        get => _buffer.Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => _buffer.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => _buffer.Write(buffer);

    public override void WriteByte(byte value) => _buffer.WriteByte(value);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
