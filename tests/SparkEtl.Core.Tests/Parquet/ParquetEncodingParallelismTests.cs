using System.Text;
using SparkEtl.Core.Parquet;

namespace SparkEtl.Core.Tests.Parquet;

/// <summary>How a file is encoded (on how many threads, from which string instances or bytes) never changes its bytes.</summary>
public sealed class ParquetEncodingParallelismTests
{
    private static readonly ParquetSchema Schema = new("t",
    [
        new ParquetColumn("symbol", ParquetColumnType.String, Nullable: false),
        new ParquetColumn("sector", ParquetColumnType.String, Nullable: true),
        new ParquetColumn("price", ParquetColumnType.Double, Nullable: false),
        new ParquetColumn("event_time", ParquetColumnType.TimestampMillis, Nullable: false),
        new ParquetColumn("sequence", ParquetColumnType.String, Nullable: false),
        new ParquetColumn("quantity", ParquetColumnType.Int64, Nullable: true),
    ]);

    [Theory]
    [InlineData(ParquetCompression.Snappy, 2)]
    [InlineData(ParquetCompression.Snappy, 4)]
    [InlineData(ParquetCompression.Gzip, 3)]
    public async Task Write_ColumnsEncodedInParallel_GiveTheBytesOfOneThread(ParquetCompression compression, int parallelism)
    {
        var rows = Rows(60_000);
        var serial = new ParquetWriterOptions { Compression = compression, PageTargetBytes = 16 * 1024, RowGroupTargetBytes = 1024 * 1024 };

        var one = ParquetReadBack.WriteBytes(Schema, rows, serial);
        var many = ParquetReadBack.WriteBytes(Schema, rows, serial with { EncodeParallelism = parallelism });

        Assert.True(ParquetFileLayout.Read(one).RowGroups.Count > 1, "expected several row groups large enough to encode in parallel");
        Assert.Equal(one, many);
        await ParquetReadBack.AssertBothReadersReturnAsync(many, Schema, rows);
    }

    [Fact]
    public void WriteString_SameInstancesOrEqualCopies_GiveTheSameBytes()
    {
        // Interned values come as one instance row after row; copies are other instances with the same characters.
        var symbols = Enumerable.Range(0, 40).Select(i => $"S{i}").ToArray();
        var random = new Random(3);
        var picks = Enumerable.Range(0, 30_000).Select(_ => random.Next(symbols.Length)).ToArray();

        var shared = Write(picks.Select(i => symbols[i]));
        var copies = Write(picks.Select(i => new string(symbols[i].AsSpan())));

        Assert.Equal(shared, copies);
    }

    [Fact]
    public void WriteUtf8_GivesTheBytesOfWriteString()
    {
        var values = Enumerable.Range(0, 5_000).Select(i => $"3600000000000000000000{i:D20}ü").ToArray();

        var fromStrings = Write(values);
        var fromUtf8 = Write(values, utf8: true);

        Assert.Equal(fromStrings, fromUtf8);
    }

    [Fact]
    public void WriteUtf8_InvalidUtf8_ThrowsNamingTheColumn()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), OneString);

        var error = Assert.Throws<ArgumentException>(() => writer.WriteUtf8(0, [0x41, 0xC3]));

        Assert.Contains("\"value\" (index 0) is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ParallelismZero_IsRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ParquetFileWriter(new MemoryStream(), OneString, new ParquetWriterOptions { EncodeParallelism = 0 }));

        Assert.Contains("EncodeParallelism must be positive", error.Message, StringComparison.Ordinal);
    }

    private static readonly ParquetSchema OneString = new("s", [new ParquetColumn("value", ParquetColumnType.String, Nullable: false)]);

    private static byte[] Write(IEnumerable<string> values, bool utf8 = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, OneString, new ParquetWriterOptions { PageTargetBytes = 8 * 1024 }))
        {
            foreach (var value in values)
            {
                if (utf8)
                {
                    writer.WriteUtf8(0, Encoding.UTF8.GetBytes(value));
                }
                else
                {
                    writer.WriteString(0, value);
                }

                writer.EndRow();
            }

            writer.Complete();
        }

        return stream.ToArray();
    }

    private static List<object?[]> Rows(int count)
    {
        var random = new Random(11);
        var symbols = Enumerable.Range(0, 200).Select(i => $"SYM{i}").ToArray();
        return [.. Enumerable.Range(0, count).Select(i => new object?[]
        {
            symbols[random.Next(symbols.Length)],
            random.Next(7) == 0 ? null : $"sector {random.Next(9)}",
            Math.Round(random.NextDouble() * 500, 2),
            1_700_000_000_000L + (i * 37L),
            (1_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            random.Next(3) == 0 ? null : (long)random.Next(),
        })];
    }
}
