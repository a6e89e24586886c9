namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Where encoded bytes go, with the count of bytes written, which is the file offset Parquet's metadata needs (the file
/// starts where the writer started writing; the stream need not be seekable): the destination stream, or a buffer that
/// holds one column chunk encoded apart from the others (its offsets count from the chunk's start).
/// </summary>
internal sealed class ParquetFileOutput
{
    private readonly Stream? _destination;
    private readonly PooledByteBuffer? _buffer;

    public ParquetFileOutput(Stream destination)
    {
        _destination = destination;
    }

    public ParquetFileOutput(PooledByteBuffer buffer)
    {
        _buffer = buffer;
    }

    /// <summary>Bytes written so far: the offset of the next byte in the file.</summary>
    public long Position { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_buffer is not null)
        {
            _buffer.Write(bytes);
        }
        else
        {
            _destination!.Write(bytes);
        }

        Position += bytes.Length;
    }

    public void Flush() => _destination?.Flush();
}
