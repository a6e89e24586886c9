namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// The destination stream with the count of bytes written to it, which is the file offset Parquet's
/// metadata needs (the file starts where the writer started writing; the stream need not be seekable).
/// </summary>
internal sealed class ParquetFileOutput
{
    private readonly Stream _destination;

    public ParquetFileOutput(Stream destination)
    {
        _destination = destination;
    }

    /// <summary>Bytes written so far: the offset of the next byte in the file.</summary>
    public long Position { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _destination.Write(bytes);
        Position += bytes.Length;
    }

    public void Flush() => _destination.Flush();
}
