using System.Text;
using SparkEtl.Core.Parquet;

namespace SparkEtl.Core.Tests.Parquet;

/// <summary>
/// The writer's contract: errors, abort, layout targets, statistics details, determinism. Files are inspected
/// with the test-side footer reader, and every valid one is also read back by DuckDB and hyparquet.
/// </summary>
public sealed class ParquetFileWriterTests
{
    private static readonly ParquetSchema Schema = new("t",
    [
        new ParquetColumn("symbol", ParquetColumnType.String, Nullable: false),
        new ParquetColumn("sector", ParquetColumnType.String, Nullable: true),
        new ParquetColumn("price", ParquetColumnType.Double, Nullable: false),
        new ParquetColumn("event_time", ParquetColumnType.TimestampMillis, Nullable: false),
        new ParquetColumn("quantity", ParquetColumnType.Int64, Nullable: true),
    ]);

    [Fact]
    public void WriteString_NullIntoRequiredColumn_ThrowsNamingTheColumn()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), Schema);

        var error = Assert.Throws<ArgumentNullException>(() => writer.WriteString(0, null));

        Assert.Equal("Row 0: null cannot be written to column \"symbol\" (index 0), which is not nullable (REQUIRED). (Parameter 'value')", error.Message);
    }

    [Fact]
    public void WriteDouble_NullIntoRequiredColumn_ThrowsNamingTheColumn()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), Schema);

        var error = Assert.Throws<ArgumentNullException>(() => writer.WriteDouble(2, null));

        Assert.Contains("\"price\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteInt64_OnStringColumn_ThrowsNamingColumnAndRightMethod()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), Schema);

        var error = Assert.Throws<ArgumentException>(() => writer.WriteInt64(1, 5));

        Assert.Equal("column", error.ParamName);
        Assert.StartsWith("WriteInt64 cannot write column \"sector\" (index 1), which is of type String; use WriteString.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteDouble_OnTimestampColumn_ThrowsNamingWriteInt64()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), Schema);

        var error = Assert.Throws<ArgumentException>(() => writer.WriteDouble(3, 1.5));

        Assert.StartsWith("WriteDouble cannot write column \"event_time\" (index 3), which is of type TimestampMillis; use WriteInt64.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteString_ColumnIndexOutsideSchema_ThrowsArgumentOutOfRange()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), Schema);

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteString(5, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteString(-1, "x"));
    }

    [Fact]
    public void WriteString_SecondValueInOneRow_Throws()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), Schema);
        writer.WriteString(0, "JIB");

        var error = Assert.Throws<InvalidOperationException>(() => writer.WriteString(0, "JIB"));

        Assert.Equal("Row 0 already has a value for column \"symbol\" (index 0); call EndRow before writing the next row.", error.Message);
    }

    [Fact]
    public void EndRow_ColumnsWithoutValue_ThrowsNamingEveryMissingColumn()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), Schema);
        writer.WriteString(0, "JIB");
        writer.WriteDouble(2, 44.89);
        writer.WriteInt64(3, 0);

        var error = Assert.Throws<InvalidOperationException>(writer.EndRow);

        Assert.Equal(
            "Row 0 has no value for column \"sector\" (index 1), column \"quantity\" (index 4); every column needs a value (or null) before EndRow.",
            error.Message);
    }

    [Fact]
    public async Task Errors_DoNotChangeTheRow_TheCorrectWritesStillSucceed()
    {
        using var stream = new MemoryStream();
        using var writer = new ParquetFileWriter(stream, Schema);
        Assert.Throws<ArgumentNullException>(() => writer.WriteString(0, null));
        Assert.Throws<ArgumentException>(() => writer.WriteInt64(0, 1));
        Assert.Throws<InvalidOperationException>(writer.EndRow);

        ParquetReadBack.WriteRow(writer, Schema, ["JIB", null, 44.89, 1L, null]);
        writer.Complete();

        Assert.Equal(1, writer.RowCount);
        await ParquetReadBack.AssertBothReadersReturnAsync(stream.ToArray(), Schema, [["JIB", null, 44.89, 1L, null]]);
    }

    [Fact]
    public void Write_AfterComplete_ThrowsInvalidOperation()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), Schema);
        writer.Complete();

        Assert.Throws<InvalidOperationException>(() => writer.WriteString(0, "x"));
        Assert.Throws<InvalidOperationException>(writer.EndRow);
        var error = Assert.Throws<InvalidOperationException>(writer.Complete);
        Assert.Contains("already complete", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AfterDispose_ThrowsObjectDisposed()
    {
        var writer = new ParquetFileWriter(new MemoryStream(), Schema);
        writer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => writer.WriteInt64(4, 1));
        Assert.Throws<ObjectDisposedException>(writer.Complete);
    }

    [Fact]
    public void Complete_RowStartedButNotEnded_Throws()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), Schema);
        writer.WriteString(0, "JIB");

        var error = Assert.Throws<InvalidOperationException>(writer.Complete);

        Assert.Equal("Row 0 was started but not ended (values given for column \"symbol\" (index 0)); call EndRow before Complete.", error.Message);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 100)]
    [InlineData(3000, 1 << 20)]
    public void EnsureCapacity_FromAnEarlierFilesLoads_SameBytesAndSameLoads(int rows, int bytes)
    {
        // The loads of one file presize the next (a table's files from batch to batch): room made for fewer rows, as
        // many, or more than the file holds changes nothing in it.
        var options = new ParquetWriterOptions { RowGroupTargetBytes = 16 * 1024, PageTargetBytes = 4096 };
        var rowsToWrite = Enumerable.Range(0, 2000).Select(i => new object?[]
            { $"SYM{i % 37}", i % 9 == 0 ? null : $"sector-{i}", i * 0.25, 1_700_000_000_000L + i, i % 4 == 0 ? null : (long?)i }).ToList();
        var (plain, plainLoads) = Write(rowsToWrite, options, null);
        var loads = Enumerable.Repeat(new Core.Parquet.Internal.ColumnLoad(rows, bytes), Schema.Columns.Count).ToArray();

        var (presized, presizedLoads) = Write(rowsToWrite, options, loads);

        Assert.Equal(plain, presized);
        Assert.Equal(plainLoads, presizedLoads);
        Assert.True(plainLoads[0].Rows is > 0 and < 2000, $"a row group of {plainLoads[0].Rows} rows");
        Assert.Equal(plainLoads[0].Rows, plainLoads[4].Rows);
        Assert.True(plainLoads[1].Bytes > plainLoads[1].Rows * 8, $"sector text: {plainLoads[1].Bytes} bytes for {plainLoads[1].Rows} rows");
        Assert.Equal(0, plainLoads[2].Bytes);
    }

    private static (byte[] Bytes, Core.Parquet.Internal.ColumnLoad[] Loads) Write(
        List<object?[]> rows, ParquetWriterOptions options, Core.Parquet.Internal.ColumnLoad[]? loads)
    {
        using var stream = new MemoryStream();
        Core.Parquet.Internal.ColumnLoad[] written;
        using (var writer = new ParquetFileWriter(stream, Schema, options))
        {
            if (loads is not null)
            {
                writer.EnsureCapacity(loads);
            }

            foreach (var row in rows)
            {
                ParquetReadBack.WriteRow(writer, Schema, row);
            }

            writer.Complete();
            written = writer.LargestLoads.ToArray();
        }

        return (stream.ToArray(), written);
    }

    [Fact]
    public void Dispose_WithoutComplete_WritesNoFooter()
    {
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, Schema, new ParquetWriterOptions { RowGroupTargetBytes = 100 }))
        {
            for (var i = 0; i < 100; i++)
            {
                ParquetReadBack.WriteRow(writer, Schema, ["JIB", "AUTOMOBILE", 44.89, 1L, 2L]);
            }
        }

        var bytes = stream.ToArray();
        Assert.True(bytes.Length > 100);
        Assert.True(bytes.AsSpan(0, 4).SequenceEqual("PAR1"u8));
        Assert.False(bytes.AsSpan(bytes.Length - 4).SequenceEqual("PAR1"u8));
    }

    [Fact]
    public void Dispose_WithoutCompleteOrFlushedRows_WritesNothing()
    {
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, Schema))
        {
            ParquetReadBack.WriteRow(writer, Schema, ["JIB", "AUTOMOBILE", 44.89, 1L, 2L]);
            writer.Dispose();
        }

        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void Dispose_AfterFailedWrite_DoesNotThrowAndLaterCallsReportTheFailure()
    {
        var writer = new ParquetFileWriter(new FailingStream(), Schema, new ParquetWriterOptions { RowGroupTargetBytes = 1 });
        writer.WriteString(0, "JIB");
        writer.WriteString(1, null);
        writer.WriteDouble(2, 1);
        writer.WriteInt64(3, 1);
        writer.WriteInt64(4, null);

        Assert.Throws<IOException>(writer.EndRow);
        var error = Assert.Throws<InvalidOperationException>(() => writer.WriteString(0, "JIB"));
        Assert.IsType<IOException>(error.InnerException);
        writer.Dispose();
        writer.Dispose();
    }

    [Theory]
    [InlineData(0L, 1024)]
    [InlineData(-1L, 1024)]
    [InlineData(1024L, 0)]
    public void Constructor_NonPositiveTargets_ThrowNamingTheOption(long rowGroupTargetBytes, int pageTargetBytes)
    {
        var options = new ParquetWriterOptions { RowGroupTargetBytes = rowGroupTargetBytes, PageTargetBytes = pageTargetBytes };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ParquetFileWriter(new MemoryStream(), Schema, options));

        Assert.Contains(rowGroupTargetBytes <= 0 ? "RowGroupTargetBytes" : "PageTargetBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreAsDocumented()
    {
        var options = new ParquetWriterOptions();

        Assert.Equal(ParquetCompression.Snappy, options.Compression);
        Assert.Equal(128L * 1024 * 1024, options.RowGroupTargetBytes);
        Assert.Equal(1024 * 1024, options.PageTargetBytes);
        Assert.True(options.DictionaryEnabled);
        Assert.Equal("SparkEtl", options.CreatedBy);
    }

    [Fact]
    public async Task EndRow_BufferedBytesReachTarget_EndsTheRowGroupAtThatRow()
    {
        // A required INT64 buffers 8 bytes a row and a nullable one 1 + 8 (or 1 for null): 17 or 9 a row.
        var schema = new ParquetSchema("t",
        [
            new ParquetColumn("a", ParquetColumnType.Int64, Nullable: false),
            new ParquetColumn("b", ParquetColumnType.Int64, Nullable: true),
        ]);
        var rows = Enumerable.Range(0, 25).Select(i => new object?[] { (long)i, i % 2 == 0 ? (long)i : null }).ToList();

        var bytes = ParquetReadBack.WriteBytes(schema, rows, new ParquetWriterOptions { RowGroupTargetBytes = 100 });

        // Rows alternate 17 and 9 bytes: 17+9+17+9+17+9+17 = 95, the 8th row makes 104 >= 100.
        var layout = ParquetFileLayout.Read(bytes);
        Assert.Equal([8L, 8L, 8L, 1L], layout.Footer.Structs(4).Select(g => g.Int(3)));
        Assert.Equal(25, layout.Footer.Int(3));
        await ParquetReadBack.AssertBothReadersReturnAsync(bytes, schema, rows);
    }

    [Fact]
    public async Task Write_PlainPageTarget_EndsEachPageAtTheRowThatReachesIt()
    {
        var schema = new ParquetSchema("t", [new ParquetColumn("a", ParquetColumnType.Int64, Nullable: false)]);
        var rows = Enumerable.Range(0, 25).Select(i => new object?[] { (long)i }).ToList();

        var bytes = ParquetReadBack.WriteBytes(schema, rows, new ParquetWriterOptions { PageTargetBytes = 80, DictionaryEnabled = false });

        var pages = ParquetFileLayout.Read(bytes).RowGroups.Single().Single().DataPages.ToList();
        Assert.Equal([10L, 10L, 5L], pages.Select(p => p.Header.Struct(5).Int(1)));

        // Page statistics: min and max of each page, little-endian INT64.
        Assert.Equal([0L, 10L, 20L], pages.Select(p => BitConverter.ToInt64(p.Header.Struct(5).Struct(5).Binary(6))));
        Assert.Equal([9L, 19L, 24L], pages.Select(p => BitConverter.ToInt64(p.Header.Struct(5).Struct(5).Binary(5))));
        await ParquetReadBack.AssertBothReadersReturnAsync(bytes, schema, rows);
    }

    [Fact]
    public async Task Statistics_StringLongerThan4KiB_BoundsLeftOutNullCountKept()
    {
        var schema = new ParquetSchema("t", [new ParquetColumn("s", ParquetColumnType.String, Nullable: true)]);
        object?[][] rows = [[new string('x', 5000)], ["short"], [null]];

        var bytes = ParquetReadBack.WriteBytes(schema, rows);

        var chunk = ParquetFileLayout.Read(bytes).RowGroups.Single().Single();
        var statistics = chunk.Metadata.Struct(12);
        Assert.Equal(1, statistics.Int(3));
        Assert.False(statistics.Has(5) || statistics.Has(6));
        Assert.False(chunk.DataPages.Single().Header.Struct(5).Struct(5).Has(6));
        await ParquetReadBack.AssertBothReadersReturnAsync(bytes, schema, rows);
    }

    [Fact]
    public async Task Statistics_StringBounds_AreUnsignedByteOrderWithoutLegacyFields()
    {
        var schema = new ParquetSchema("t", [new ParquetColumn("s", ParquetColumnType.String, Nullable: false)]);
        object?[][] rows = [["\U0001F600"], ["\uFF61"], ["z"]];

        // In UTF-16 order U+FF61 sorts after U+1F600 (whose surrogates start D83D); in UTF-8 byte order it sorts
        // before (EF < F0), so the max must be U+1F600.
        var bytes = ParquetReadBack.WriteBytes(schema, rows);

        var statistics = ParquetFileLayout.Read(bytes).RowGroups.Single().Single().Metadata.Struct(12);
        Assert.Equal("z", statistics.String(6));
        Assert.Equal("\U0001F600", statistics.String(5));
        Assert.False(statistics.Has(1) || statistics.Has(2), "Deprecated min/max are signed; STRING must not write them.");
        await ParquetReadBack.AssertBothReadersReturnAsync(bytes, schema, rows);
    }

    [Fact]
    public async Task Statistics_DictionaryStringPages_AreEachPagesOwnBounds()
    {
        // Many small dictionary pages over a few dozen symbols, with nulls: each page's bounds are found from its
        // distinct entries, and must be exactly the smallest and largest of its own values in UTF-8 byte order.
        var schema = new ParquetSchema("t", [new ParquetColumn("s", ParquetColumnType.String, Nullable: true)]);
        var random = new Random(7);
        var symbols = Enumerable.Range(0, 40).Select(i => $"S{random.Next(100_000)}\u00e9{i % 7}").ToArray();
        var rows = Enumerable.Range(0, 30_000)
            .Select(i => new object?[] { i % 11 == 0 ? null : symbols[(int)(Math.Pow(random.NextDouble(), 3) * symbols.Length)] })
            .ToList();

        var bytes = ParquetReadBack.WriteBytes(schema, rows, new ParquetWriterOptions { PageTargetBytes = 600 });

        var chunk = ParquetFileLayout.Read(bytes).RowGroups.Single().Single();
        Assert.Equal(2, chunk.Pages[0].Header.Int(1));
        var pages = chunk.DataPages.ToList();
        Assert.True(pages.Count > 20, $"Expected many pages, got {pages.Count}.");
        var row = 0;
        foreach (var page in pages)
        {
            var count = (int)page.Header.Struct(5).Int(1);
            var values = rows.Skip(row).Take(count).Select(r => (string?)r[0]).OfType<string>().Select(Encoding.UTF8.GetBytes).ToList();
            var statistics = page.Header.Struct(5).Struct(5);
            Assert.Equal(values.Min(Utf8Order.Instance), statistics.Binary(6));
            Assert.Equal(values.Max(Utf8Order.Instance), statistics.Binary(5));
            row += count;
        }

        Assert.Equal(rows.Count, row);
        await ParquetReadBack.AssertBothReadersReturnAsync(bytes, schema, rows);
    }

    [Fact]
    public void Strings_AsOneInstanceOrAsCopies_GiveTheSameFile()
    {
        // The writer finds a repeated string instance without encoding it again, and stops looking once the first
        // values of a chunk are all new instances: neither may change the file.
        var schema = new ParquetSchema("t", [new ParquetColumn("a", ParquetColumnType.String, Nullable: false), new ParquetColumn("b", ParquetColumnType.String, Nullable: false)]);
        string[] pool = ["JIB", "BRK.B", "AAPL"];
        var shared = Enumerable.Range(0, 6000)
            .Select(i => new object?[] { i < 2000 ? $"seq-{i}" : pool[i % 3], pool[i % 3] })
            .ToList();
        var copies = shared.Select(r => r.Select(v => (object?)new string(((string)v!).AsSpan())).ToArray()).ToList();

        var fromShared = ParquetReadBack.WriteBytes(schema, shared);
        var fromCopies = ParquetReadBack.WriteBytes(schema, copies);

        Assert.Equal(fromCopies, fromShared);
    }

    [Fact]
    public async Task Footer_ColumnOrdersAndVersion_AreWritten()
    {
        object?[][] rows = [["JIB", null, 1.0, 2L, null]];

        var bytes = ParquetReadBack.WriteBytes(Schema, rows);

        var footer = ParquetFileLayout.Read(bytes).Footer;
        Assert.Equal(1, footer.Int(1));
        Assert.Equal(5, footer.Structs(7).Count);
        Assert.All(footer.Structs(7), order => Assert.True(order.Has(1), "Expected TYPE_ORDER."));
        await ParquetReadBack.AssertBothReadersReturnAsync(bytes, Schema, rows);
    }

    [Theory]
    [InlineData(ParquetCompression.None)]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    public async Task Write_SameRowsAndOptionsTwice_ProducesIdenticalBytes(ParquetCompression compression)
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 5000).Select(i => new object?[]
        {
            $"SYM{random.Next(150)}",
            random.Next(5) == 0 ? null : $"sector {random.Next(9)} ü",
            Math.Round(random.NextDouble() * 100, 2),
            1_700_000_000_000L + i,
            random.Next(3) == 0 ? null : (long)random.Next(),
        }).ToList();
        var options = new ParquetWriterOptions { Compression = compression, PageTargetBytes = 4096, RowGroupTargetBytes = 64 * 1024 };

        var first = ParquetReadBack.WriteBytes(Schema, rows, options);
        var second = ParquetReadBack.WriteBytes(Schema, rows, options);

        Assert.True(ParquetFileLayout.Read(first).RowGroups.Count > 1);
        Assert.Equal(first, second);
        await ParquetReadBack.AssertBothReadersReturnAsync(first, Schema, rows);
    }

    private sealed class FailingStream : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("disk full");

        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("disk full");
    }
}

/// <summary>Unsigned byte-wise order, the order of Parquet's STRING statistics.</summary>
internal sealed class Utf8Order : IComparer<byte[]>
{
    public static Utf8Order Instance { get; } = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
