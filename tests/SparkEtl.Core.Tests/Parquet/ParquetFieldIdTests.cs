using System.Buffers.Binary;
using System.Text.Json;
using SparkEtl.Core.Parquet;
using SparkEtl.TestSupport;

namespace SparkEtl.Core.Tests.Parquet;

/// <summary>Field ids, microsecond timestamps and whole-file column statistics, as Iceberg data files need them.</summary>
public sealed class ParquetFieldIdTests : IDisposable
{
    private static readonly ParquetSchema WithIds = new("iceberg",
    [
        new ParquetColumn("symbol", ParquetColumnType.String, Nullable: false) { FieldId = 1 },
        new ParquetColumn("price", ParquetColumnType.Double, Nullable: true) { FieldId = 2 },
        new ParquetColumn("at", ParquetColumnType.TimestampMicros, Nullable: false) { FieldId = 3 },
        new ParquetColumn("local_at", ParquetColumnType.LocalTimestampMicros, Nullable: true) { FieldId = 4 },
        new ParquetColumn("n", ParquetColumnType.Int64, Nullable: true) { FieldId = 42 },
    ]);

    private readonly TempDirectory _temp = new("parquet-ids");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task FieldIdsAndMicrosecondTimestamps_DuckDbReadsIdsTypesAndValues()
    {
        var path = _temp.Combine("ids.parquet");
        using (var file = File.Create(path))
        using (var writer = new ParquetFileWriter(file, WithIds))
        {
            writer.WriteString(0, "JIB");
            writer.WriteDouble(1, 44.5);
            writer.WriteTimestampMillis(2, 1_700_000_000_123);
            writer.WriteTimestampMillis(3, 1_700_000_000_456);
            writer.WriteInt64(4, 7);
            writer.EndRow();
            writer.Complete();
        }

        var schema = await NodeInterop.DuckDbQueryAsync(
            $"SELECT name, field_id, logical_type FROM parquet_schema({NodeInterop.SqlString(path)}) WHERE name <> 'iceberg' ORDER BY name");
        Assert.Equal(
            ["at 3 micros utc", "local_at 4 micros local", "n 42", "price 2", "symbol 1"],
            schema.Select(r => $"{r.GetProperty("name").GetString()} {r.GetProperty("field_id")}{Describe(r.GetProperty("logical_type"))}"));

        var rows = await NodeInterop.DuckDbQueryAsync(
            $"SELECT epoch_us(\"at\") AS at_us, epoch_us(local_at) AS local_at FROM read_parquet({NodeInterop.SqlString(path)})");
        Assert.Equal(1_700_000_000_123_000, rows[0].GetProperty("at_us").GetInt64());
        Assert.Equal(1_700_000_000_456_000, rows[0].GetProperty("local_at").GetInt64());
    }

    [Fact]
    public void NoFieldIds_FooterHasNoFieldIdField()
    {
        var schema = new ParquetSchema("plain", [new ParquetColumn("a", ParquetColumnType.Int64, Nullable: false)]);
        var withId = new ParquetSchema("plain", [new ParquetColumn("a", ParquetColumnType.Int64, Nullable: false) { FieldId = 5 }]);

        var plain = ParquetReadBack.WriteBytes(schema, [[1L]]);
        var identified = ParquetReadBack.WriteBytes(withId, [[1L]]);

        // The field id costs two bytes in the footer (compact protocol field header and zigzag varint) and nothing else.
        Assert.Equal(plain.Length + 2, identified.Length);
    }

    [Fact]
    public void WriteTimestampMillis_Int64Column_Throws()
    {
        using var writer = new ParquetFileWriter(Stream.Null, WithIds);
        Assert.Throws<ArgumentException>(() => writer.WriteTimestampMillis(4, 1));
    }

    [Fact]
    public void ColumnStatistics_SeveralRowGroups_MergedOverTheWholeFile()
    {
        using var stream = new MemoryStream();
        using var writer = new ParquetFileWriter(stream, WithIds, new ParquetWriterOptions { RowGroupTargetBytes = 1 });
        var rows = new (string Symbol, double? Price, long AtMs, long? N)[]
        {
            ("M", 2.5, 2_000, null), ("B", double.NaN, 1_000, 3), ("Z", null, 3_000, -4), ("A", 0.0, 1_500, null),
        };
        foreach (var (symbol, price, atMs, n) in rows)
        {
            writer.WriteString(0, symbol);
            writer.WriteDouble(1, price);
            writer.WriteTimestampMillis(2, atMs);
            writer.WriteTimestampMillis(3, null);
            writer.WriteInt64(4, n);
            writer.EndRow();
        }

        Assert.Throws<InvalidOperationException>(() => writer.ColumnStatistics);
        writer.Complete();

        Assert.Equal(4, writer.RowGroupOffsets.Count);
        var stats = writer.ColumnStatistics;
        Assert.Equal("A", System.Text.Encoding.UTF8.GetString(stats[0].Min!));
        Assert.Equal("Z", System.Text.Encoding.UTF8.GetString(stats[0].Max!));
        Assert.Equal((4L, 1L, 1L), (stats[1].ValueCount, stats[1].NullCount, stats[1].NanCount!.Value));
        Assert.True(double.IsNegative(BinaryPrimitives.ReadDoubleLittleEndian(stats[1].Min!)));
        Assert.Equal(2.5, BinaryPrimitives.ReadDoubleLittleEndian(stats[1].Max!));
        Assert.Equal(1_000_000, BinaryPrimitives.ReadInt64LittleEndian(stats[2].Min!));
        Assert.Equal(3_000_000, BinaryPrimitives.ReadInt64LittleEndian(stats[2].Max!));
        Assert.Null(stats[3].Min);
        Assert.Equal(4, stats[3].NullCount);
        Assert.Null(stats[4].NanCount);
        Assert.Equal(-4, BinaryPrimitives.ReadInt64LittleEndian(stats[4].Min!));
        Assert.All(stats, s => Assert.True(s.CompressedBytes > 0));
        Assert.Equal(stream.Length, stats.Sum(s => s.CompressedBytes) + FooterAndMagicBytes(stream.ToArray()));
    }

    private static long FooterAndMagicBytes(byte[] file) => 4 + BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8)) + 8;

    private static string Describe(JsonElement logicalType)
    {
        var text = logicalType.ValueKind == JsonValueKind.Null ? string.Empty : logicalType.GetString() ?? string.Empty;
        if (!text.Contains("TimestampType", StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var utc = text.Contains("isAdjustedToUTC=1", StringComparison.Ordinal) ? "utc" : "local";
        var unit = text.Contains("MICROS", StringComparison.Ordinal) ? "micros" : "other";
        return $" {unit} {utc}";
    }
}
