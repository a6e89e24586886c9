using System.Runtime.CompilerServices;
using SparkEtl.Core.Parquet.Internal;

namespace SparkEtl.Core.Parquet;

/// <summary>
/// Writes one Parquet file (format version 1 metadata, data pages v1) row by row to a stream.
/// </summary>
/// <remarks>
/// <para>
/// A row is written by giving each column exactly one value (in any column order) with the method of its
/// type, then calling <see cref="EndRow"/>. Rows are buffered per column until their buffered size reaches
/// <see cref="ParquetWriterOptions.RowGroupTargetBytes"/>, then encoded and written as one row group; the
/// destination therefore receives data in row-group-sized bursts.
/// </para>
/// <para>
/// The file is valid only after <see cref="Complete"/>, which writes the last row group and the footer.
/// <see cref="Dispose"/> without it aborts: no footer is written, so what reached the destination is not a
/// Parquet file and no reader mistakes it for a finished one. The writer never disposes the destination
/// stream, and offsets in the file count from where the writer started writing.
/// </para>
/// <para>
/// Misuse throws at once and leaves the writer as it was: <see cref="ArgumentOutOfRangeException"/> for a
/// column index outside the schema, <see cref="ArgumentException"/> for a method that does not match the
/// column's type, <see cref="ArgumentNullException"/> for null into a REQUIRED column,
/// <see cref="InvalidOperationException"/> for a second value in one row, a column left without a value at
/// <see cref="EndRow"/>, or any call after <see cref="Complete"/>, and <see cref="ObjectDisposedException"/>
/// after <see cref="Dispose"/>. If writing to the destination fails, the exception propagates and every
/// later call throws <see cref="InvalidOperationException"/>. Not thread-safe.
/// </para>
/// </remarks>
public sealed class ParquetFileWriter : IDisposable
{
    // A column's values (and its definition levels) each live in one array: a row group is cut early once a
    // column reaches this many bytes or rows, whatever RowGroupTargetBytes says, to stay clear of the array
    // length limit and of int row counts in page headers.
    private const long MaxColumnBufferBytes = 1L << 30;

    // Below this many rows a row group is encoded on the calling thread: handing columns out costs more than it saves.
    private const int MinRowsToEncodeInParallel = 16 * 1024;

    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    private readonly ParquetFileOutput _output;
    private readonly ParquetSchema _schema;
    private readonly ParquetWriterOptions _options;
    private readonly ColumnBuffer[] _columns;
    private readonly ColumnChunkWriter _chunkWriter;
    private readonly List<RowGroupMetadata> _rowGroups = [];

    // Per column, the most one row group buffered: what the next file of the same table can start with.
    private ColumnLoad[]? _largestLoads;
    private int _rowsInGroup;
    private long _bufferedBytes;
    private long _rowCount;
    private State _state;
    private Exception? _failure;
    private bool _buffersReleased;
    private ParquetColumnStatistics[]? _statistics;
    private readonly System.Collections.Concurrent.ConcurrentBag<ColumnChunkWriter> _spareChunkWriters = [];
    private PooledByteBuffer?[]? _encodedChunks;

    /// <summary>Starts a file on <paramref name="destination"/>; nothing is written before the first row group or <see cref="Complete"/>.</summary>
    /// <param name="destination">A writable stream; it need not be seekable and is not disposed by the writer.</param>
    /// <param name="schema">The file's columns.</param>
    /// <param name="options">Layout and compression; null for the defaults.</param>
    /// <exception cref="ArgumentException">The stream is not writable or an option is out of range.</exception>
    public ParquetFileWriter(Stream destination, ParquetSchema schema, ParquetWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(schema);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream is not writable.", nameof(destination));
        }

        options ??= new ParquetWriterOptions();
        Validate(options);
        _output = new ParquetFileOutput(destination);
        _schema = schema;
        _options = options;
        _columns = new ColumnBuffer[schema.Columns.Count];
        try
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                _columns[i] = CreateBuffer(schema.Columns[i], i);
            }

            _chunkWriter = new ColumnChunkWriter(PageCompressors.Create(options.Compression), options.PageTargetBytes, options.DictionaryEnabled);
        }
        catch
        {
            ReleaseBuffers();
            throw;
        }
    }

    private enum State
    {
        Open,
        Completed,
        Failed,
        Disposed,
    }

    /// <summary>Rows ended with <see cref="EndRow"/> so far, written or still buffered.</summary>
    public long RowCount => _rowCount;

    /// <summary>
    /// Per-column counts, bounds and sizes over the whole file, in schema order. Available once
    /// <see cref="Complete"/> has succeeded.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file is not complete.</exception>
    public IReadOnlyList<ParquetColumnStatistics> ColumnStatistics => _state == State.Completed && _statistics is not null
        ? _statistics
        : throw new InvalidOperationException("Column statistics are known only once the Parquet file is complete.");

    /// <summary>Per column, the most rows and stored bytes one row group of this file buffered (none before a row group is written).</summary>
    internal ReadOnlySpan<ColumnLoad> LargestLoads => _largestLoads;

    /// <summary>
    /// Makes each column's buffers room for <paramref name="loads"/> (a load per column, as <see cref="LargestLoads"/> of
    /// an earlier file of the same schema gives them), before any row: the file's bytes are the same either way.
    /// </summary>
    internal void EnsureCapacity(ReadOnlySpan<ColumnLoad> loads)
    {
        for (var i = 0; i < Math.Min(loads.Length, _columns.Length); i++)
        {
            _columns[i].EnsureCapacity(loads[i].Rows, loads[i].Bytes);
        }
    }

    /// <summary>File offsets of the row groups (where each one's first page starts), ascending. Available once <see cref="Complete"/> has succeeded.</summary>
    /// <exception cref="InvalidOperationException">The file is not complete.</exception>
    public IReadOnlyList<long> RowGroupOffsets => _state == State.Completed
        ? [.. _rowGroups.Select(g => g.FileOffset)]
        : throw new InvalidOperationException("Row group offsets are known only once the Parquet file is complete.");

    /// <summary>
    /// Gives a String column its value for the current row, stored as UTF-8 (an unpaired surrogate becomes
    /// U+FFFD, so the column always holds valid UTF-8); null only for a nullable column.
    /// </summary>
    public void WriteString(int column, string? value)
    {
        var buffer = Target<StringColumnBuffer>(column, nameof(WriteString), value is null);
        if (value is null)
        {
            AddNull(buffer);
            return;
        }

        _bufferedBytes += buffer.Add(value);
        AddLevelBytes(buffer);
    }

    /// <summary>
    /// Gives a String column its value for the current row as UTF-8 bytes, stored as they are: no string is made.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="utf8"/> is not valid UTF-8 (the column always holds valid UTF-8).</exception>
    public void WriteUtf8(int column, ReadOnlySpan<byte> utf8)
    {
        var buffer = Target<StringColumnBuffer>(column, nameof(WriteUtf8), isNull: false);
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new ArgumentException($"Row {_rowCount}: the value for {Describe(buffer)} is not valid UTF-8.", nameof(utf8));
        }

        AddUtf8(buffer, utf8);
    }

    /// <summary>
    /// <see cref="WriteUtf8"/> for text made by the caller in a form that is valid UTF-8 by construction, such as
    /// decimal digits, so it is not checked again.
    /// </summary>
    internal void WriteTrustedUtf8(int column, ReadOnlySpan<byte> utf8) =>
        AddUtf8(Target<StringColumnBuffer>(column, nameof(WriteUtf8), isNull: false), utf8);

    private void AddUtf8(StringColumnBuffer buffer, ReadOnlySpan<byte> utf8)
    {
        _bufferedBytes += buffer.AddUtf8(utf8);
        AddLevelBytes(buffer);
    }

    /// <summary>
    /// Gives an Int64 or timestamp column its value for the current row in the column's own unit (milliseconds for
    /// TimestampMillis, microseconds for TimestampMicros and LocalTimestampMicros); null only for a nullable column.
    /// </summary>
    public void WriteInt64(int column, long? value)
    {
        var buffer = Target<Int64ColumnBuffer>(column, nameof(WriteInt64), value is null);
        if (value is not { } number)
        {
            AddNull(buffer);
            return;
        }

        buffer.Add(number);
        _bufferedBytes += sizeof(long);
        AddLevelBytes(buffer);
    }

    /// <summary>
    /// Gives a timestamp column its value for the current row as epoch milliseconds, stored in the column's unit
    /// (times 1000 for the microsecond types); null only for a nullable column.
    /// </summary>
    /// <exception cref="ArgumentException">The column is not a timestamp column.</exception>
    /// <exception cref="OverflowException">The value does not fit the column's unit.</exception>
    public void WriteTimestampMillis(int column, long? epochMs)
    {
        var buffer = Target<Int64ColumnBuffer>(column, nameof(WriteTimestampMillis), epochMs is null);
        var type = buffer.Column.Type;
        if (type is ParquetColumnType.Int64)
        {
            throw new ArgumentException($"{nameof(WriteTimestampMillis)} cannot write {Describe(buffer)}, which is of type Int64; use {nameof(WriteInt64)}.", nameof(column));
        }

        if (epochMs is not { } ms)
        {
            AddNull(buffer);
            return;
        }

        buffer.Add(type == ParquetColumnType.TimestampMillis ? ms : checked(ms * 1000));
        _bufferedBytes += sizeof(long);
        AddLevelBytes(buffer);
    }

    /// <summary>Gives a Double column its value for the current row (NaN, infinities and -0.0 are kept as they are); null only for a nullable column.</summary>
    public void WriteDouble(int column, double? value)
    {
        var buffer = Target<DoubleColumnBuffer>(column, nameof(WriteDouble), value is null);
        if (value is not { } number)
        {
            AddNull(buffer);
            return;
        }

        buffer.Add(number);
        _bufferedBytes += sizeof(double);
        AddLevelBytes(buffer);
    }

    /// <summary>
    /// Ends the current row, which must have a value (or null) for every column. Writes a row group when the
    /// buffered bytes reach <see cref="ParquetWriterOptions.RowGroupTargetBytes"/>.
    /// </summary>
    public void EndRow()
    {
        EnsureOpen();
        foreach (var column in _columns)
        {
            if (column.RowCount == _rowsInGroup)
            {
                throw new InvalidOperationException(
                    $"Row {_rowCount} has no value for {MissingColumns()}; every column needs a value (or null) before EndRow.");
            }
        }

        _rowsInGroup++;
        _rowCount++;

        // A column never holds more than the total, so the per-column limit needs checking only past it.
        if (_bufferedBytes >= _options.RowGroupTargetBytes || (_bufferedBytes >= MaxColumnBufferBytes && AnyColumnNearLimit()))
        {
            Run(FlushRowGroup);
        }
    }

    /// <summary>
    /// Writes the buffered rows as the last row group, then the footer (FileMetaData, its length and "PAR1"),
    /// and flushes the destination. Only now is the file valid. A file without rows is valid too: it has
    /// zero row groups. The current row must have been ended.
    /// </summary>
    public void Complete()
    {
        EnsureOpen();
        if (_columns.Any(c => c.RowCount != _rowsInGroup))
        {
            throw new InvalidOperationException(
                $"Row {_rowCount} was started but not ended (values given for {GivenColumns()}); call EndRow before Complete.");
        }

        Run(() =>
        {
            if (_rowsInGroup > 0)
            {
                FlushRowGroup();
            }

            WriteMagicOnce();
            WriteFooter();
            _output.Flush();
        });
        _statistics = FileStatistics.Merge(_schema, _rowGroups);
        _state = State.Completed;
        ReleaseBuffers();
    }

    /// <summary>
    /// Releases the buffers. Without <see cref="Complete"/> this aborts the file: nothing more is written,
    /// in particular no footer. Never throws.
    /// </summary>
    public void Dispose()
    {
        if (_state == State.Disposed)
        {
            return;
        }

        _state = State.Disposed;
        ReleaseBuffers();
    }

    private static void Validate(ParquetWriterOptions options)
    {
        if (!Enum.IsDefined(options.Compression))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.Compression, $"{nameof(ParquetWriterOptions.Compression)} must be a defined ParquetCompression.");
        }

        if (options.RowGroupTargetBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.RowGroupTargetBytes, $"{nameof(ParquetWriterOptions.RowGroupTargetBytes)} must be positive.");
        }

        if (options.PageTargetBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.PageTargetBytes, $"{nameof(ParquetWriterOptions.PageTargetBytes)} must be positive.");
        }

        if (options.EncodeParallelism <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.EncodeParallelism, $"{nameof(ParquetWriterOptions.EncodeParallelism)} must be positive.");
        }

        if (options.CreatedBy is null)
        {
            throw new ArgumentException($"{nameof(ParquetWriterOptions.CreatedBy)} must not be null.", nameof(options));
        }
    }

    private static ColumnBuffer CreateBuffer(ParquetColumn column, int index) => column.Type switch
    {
        ParquetColumnType.String => new StringColumnBuffer(column, index),
        ParquetColumnType.Int64 or ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros or ParquetColumnType.LocalTimestampMicros
            => new Int64ColumnBuffer(column, index),
        ParquetColumnType.Double => new DoubleColumnBuffer(column, index),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "Not a ParquetColumnType."),
    };

    private static string MethodFor(ParquetColumnType type) => type switch
    {
        ParquetColumnType.String => nameof(WriteString),
        ParquetColumnType.Int64 or ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros or ParquetColumnType.LocalTimestampMicros
            => nameof(WriteInt64),
        _ => nameof(WriteDouble),
    };

    /// <summary>
    /// Checks a write against the writer's state and the column, and returns the column's buffer, whose
    /// class stands for the write method's type (one type test per value, no string work). Inlined into each write
    /// method, where <typeparamref name="TBuffer"/> is a known sealed class, the test is one compare: a shared generic
    /// body would look the type up at run time for every value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TBuffer Target<TBuffer>(int column, string method, bool isNull)
        where TBuffer : ColumnBuffer
    {
        if (_state == State.Open && (uint)column < (uint)_columns.Length && _columns[column] is TBuffer buffer
            && (!isNull || buffer.Column.Nullable) && buffer.RowCount == _rowsInGroup)
        {
            return buffer;
        }

        return RefuseTarget<TBuffer>(column, method, isNull);
    }

    /// <summary>The checks of <see cref="Target{TBuffer}"/> one by one, throwing for the first that fails.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TBuffer RefuseTarget<TBuffer>(int column, string method, bool isNull)
        where TBuffer : ColumnBuffer
    {
        EnsureOpen();
        if ((uint)column >= (uint)_columns.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(column), column, $"The schema has {_columns.Length} columns (indices 0 to {_columns.Length - 1}).");
        }

        if (_columns[column] is not TBuffer buffer)
        {
            var other = _columns[column];
            throw new ArgumentException(
                $"{method} cannot write {Describe(other)}, which is of type {other.Column.Type}; use {MethodFor(other.Column.Type)}.",
                nameof(column));
        }

        if (isNull && !buffer.Column.Nullable)
        {
            throw new ArgumentNullException(
                "value", $"Row {_rowCount}: null cannot be written to {Describe(buffer)}, which is not nullable (REQUIRED).");
        }

        if (buffer.RowCount != _rowsInGroup)
        {
            throw new InvalidOperationException(
                $"Row {_rowCount} already has a value for {Describe(buffer)}; call EndRow before writing the next row.");
        }

        return buffer;
    }

    private static string Describe(ColumnBuffer buffer) => $"column \"{buffer.Column.Name}\" (index {buffer.Index})";

    private void AddNull(ColumnBuffer buffer)
    {
        buffer.AddNull();
        _bufferedBytes++;
    }

    private void AddLevelBytes(ColumnBuffer buffer)
    {
        if (buffer.Column.Nullable)
        {
            _bufferedBytes++;
        }
    }

    private bool AnyColumnNearLimit()
    {
        foreach (var column in _columns)
        {
            if (column.PlainValueBytes >= MaxColumnBufferBytes || column.RowCount >= MaxColumnBufferBytes)
            {
                return true;
            }
        }

        return false;
    }

    private string MissingColumns() => string.Join(", ", _columns.Where(c => c.RowCount == _rowsInGroup).Select(Describe));

    private string GivenColumns() => string.Join(", ", _columns.Where(c => c.RowCount != _rowsInGroup).Select(Describe));

    private void EnsureOpen()
    {
        switch (_state)
        {
            case State.Open:
                return;
            case State.Completed:
                throw new InvalidOperationException("The Parquet file is already complete; nothing more can be written to it.");
            case State.Failed:
                throw new InvalidOperationException("The Parquet writer failed earlier and cannot continue; dispose it.", _failure);
            default:
                throw new ObjectDisposedException(nameof(ParquetFileWriter));
        }
    }

    /// <summary>Runs a step that writes to the destination; if it throws, the writer is failed for good.</summary>
    private void Run(Action step)
    {
        try
        {
            step();
        }
        catch (Exception exception)
        {
            _state = State.Failed;
            _failure = exception;
            throw;
        }
    }

    private void FlushRowGroup()
    {
        WriteMagicOnce();
        var chunks = new ColumnChunkMetadata[_columns.Length];
        if (_options.EncodeParallelism > 1 && _columns.Length > 1 && _rowsInGroup >= MinRowsToEncodeInParallel)
        {
            EncodeInParallel(chunks);
        }
        else
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                chunks[i] = _chunkWriter.Write(_columns[i], _output);
            }
        }

        _rowGroups.Add(new RowGroupMetadata(chunks, _rowsInGroup));
        _largestLoads ??= new ColumnLoad[_columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            _largestLoads[i] = ColumnLoad.Max(_largestLoads[i], new ColumnLoad(_columns[i].RowCount, _columns[i].StoredBytes));
            _columns[i].Clear();
        }

        _rowsInGroup = 0;
        _bufferedBytes = 0;
    }

    /// <summary>
    /// Encodes the column chunks concurrently, each into a buffer of its own with offsets counted from its start, then
    /// writes them in schema order and moves their offsets to where they landed: the same bytes as one after another.
    /// </summary>
    private void EncodeInParallel(ColumnChunkMetadata[] chunks)
    {
        var encoded = _encodedChunks ??= new PooledByteBuffer?[_columns.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(_options.EncodeParallelism, _columns.Length) };
        Parallel.For(
            0,
            _columns.Length,
            options,
            RentChunkWriter,
            (i, _, writer) =>
            {
                var buffer = encoded[i] ??= new PooledByteBuffer(64 * 1024);
                buffer.Clear();
                chunks[i] = writer.Write(_columns[i], new ParquetFileOutput(buffer));
                return writer;
            },
            _spareChunkWriters.Add);

        for (var i = 0; i < chunks.Length; i++)
        {
            var start = _output.Position;
            _output.Write(encoded[i]!.WrittenSpan);
            chunks[i] = chunks[i] with
            {
                DataPageOffset = start + chunks[i].DataPageOffset,
                DictionaryPageOffset = start + chunks[i].DictionaryPageOffset,
            };
        }
    }

    private ColumnChunkWriter RentChunkWriter() =>
        _spareChunkWriters.TryTake(out var writer)
            ? writer
            : new ColumnChunkWriter(PageCompressors.Create(_options.Compression), _options.PageTargetBytes, _options.DictionaryEnabled);

    private void WriteMagicOnce()
    {
        if (_output.Position == 0)
        {
            _output.Write(Magic);
        }
    }

    private void WriteFooter()
    {
        // File layout (parquet-format README): "PAR1", row groups, FileMetaData (compact Thrift),
        // its length as a 4-byte little-endian integer, "PAR1".
        using var footer = new PooledByteBuffer(4096);
        ParquetMetadataSerializer.WriteFileMetaData(new ThriftCompactWriter(footer), _schema, _rowCount, _rowGroups, _options.CreatedBy);
        var length = footer.Length;
        footer.WriteInt32LittleEndian(length);
        footer.Write(Magic);
        _output.Write(footer.WrittenSpan);
    }

    private void ReleaseBuffers()
    {
        if (_buffersReleased)
        {
            return;
        }

        _buffersReleased = true;
        foreach (var column in _columns)
        {
            column?.Dispose();
        }

        _chunkWriter?.Dispose();
        while (_spareChunkWriters.TryTake(out var spare))
        {
            spare.Dispose();
        }

        foreach (var buffer in _encodedChunks ?? [])
        {
            buffer?.Dispose();
        }
    }
}
