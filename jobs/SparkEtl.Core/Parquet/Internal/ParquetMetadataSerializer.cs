namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Serializes Parquet's Thrift structs (src/main/thrift/parquet.thrift in apache/parquet-format) with the
/// compact protocol: page headers, and the footer's FileMetaData. Field ids are the ones in parquet.thrift
/// and are written in ascending order; optional fields the writer has no value for are left out.
/// </summary>
internal static class ParquetMetadataSerializer
{
    /// <summary>FileMetaData.version. parquet.thrift asks writers to write 1 for the widest compatibility.</summary>
    private const int FormatVersion = 1;

    /// <summary>A PageHeader for a data page v1 (DataPageHeader), with its statistics.</summary>
    public static void WriteDataPageHeader(
        ThriftCompactWriter writer,
        int uncompressedSize,
        int compressedSize,
        int valueCount,
        ParquetEncoding encoding,
        in StatisticsValues statistics)
    {
        writer.BeginStruct();
        writer.WriteI32Field(1, (int)PageType.DataPage);
        writer.WriteI32Field(2, uncompressedSize);
        writer.WriteI32Field(3, compressedSize);
        writer.BeginStructField(5);
        writer.WriteI32Field(1, valueCount);
        writer.WriteI32Field(2, (int)encoding);

        // Level encodings are required fields even where no levels are written (max level 0).
        writer.WriteI32Field(3, (int)ParquetEncoding.Rle);
        writer.WriteI32Field(4, (int)ParquetEncoding.Rle);
        WriteStatistics(writer, 5, statistics);
        writer.EndStruct();
        writer.EndStruct();
    }

    /// <summary>A PageHeader for a dictionary page (DictionaryPageHeader) holding PLAIN entries.</summary>
    public static void WriteDictionaryPageHeader(ThriftCompactWriter writer, int uncompressedSize, int compressedSize, int entryCount)
    {
        writer.BeginStruct();
        writer.WriteI32Field(1, (int)PageType.DictionaryPage);
        writer.WriteI32Field(2, uncompressedSize);
        writer.WriteI32Field(3, compressedSize);
        writer.BeginStructField(7);
        writer.WriteI32Field(1, entryCount);

        // Encodings.md: a dictionary page's entries are PLAIN (PLAIN_DICTIONARY is deprecated).
        writer.WriteI32Field(2, (int)ParquetEncoding.Plain);
        writer.EndStruct();
        writer.EndStruct();
    }

    /// <summary>The footer's FileMetaData.</summary>
    public static void WriteFileMetaData(
        ThriftCompactWriter writer, ParquetSchema schema, long rowCount, IReadOnlyList<RowGroupMetadata> rowGroups, string createdBy)
    {
        writer.BeginStruct();
        writer.WriteI32Field(1, FormatVersion);
        WriteSchema(writer, 2, schema);
        writer.WriteI64Field(3, rowCount);
        writer.BeginListField(4, ThriftCompactType.Struct, rowGroups.Count);
        for (var i = 0; i < rowGroups.Count; i++)
        {
            WriteRowGroup(writer, rowGroups[i], i);
        }

        writer.WriteStringField(6, createdBy);

        // column_orders must accompany min_value/max_value (parquet.thrift, FileMetaData.column_orders):
        // TYPE_ORDER for every leaf, i.e. signed for INT64 and DOUBLE, unsigned byte-wise for STRING.
        writer.BeginListField(7, ThriftCompactType.Struct, schema.Columns.Count);
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            writer.BeginStruct();
            writer.WriteEmptyStructField(1);
            writer.EndStruct();
        }

        writer.EndStruct();
    }

    private static void WriteSchema(ThriftCompactWriter writer, short fieldId, ParquetSchema schema)
    {
        writer.BeginListField(fieldId, ThriftCompactType.Struct, checked(schema.Columns.Count + 1));

        // The root: a group with a name and its children, and (per parquet.thrift) no repetition type.
        writer.BeginStruct();
        writer.WriteStringField(4, schema.Name);
        writer.WriteI32Field(5, schema.Columns.Count);
        writer.EndStruct();

        foreach (var column in schema.Columns)
        {
            writer.BeginStruct();
            writer.WriteI32Field(1, (int)PhysicalTypeOf(column.Type));
            writer.WriteI32Field(3, (int)(column.Nullable ? FieldRepetitionType.Optional : FieldRepetitionType.Required));
            writer.WriteStringField(4, column.Name);

            // Both the legacy converted_type and the logicalType, for readers old and new (LogicalTypes.md);
            // field_id (9) sits between them, as the compact protocol wants ascending field ids.
            switch (column.Type)
            {
                case ParquetColumnType.String:
                    writer.WriteI32Field(6, (int)ConvertedType.Utf8);
                    WriteFieldId(writer, column);
                    writer.BeginStructField(10);
                    writer.WriteEmptyStructField(1); // LogicalType.STRING
                    writer.EndStruct();
                    break;
                case ParquetColumnType.TimestampMillis:
                    writer.WriteI32Field(6, (int)ConvertedType.TimestampMillis);
                    WriteFieldId(writer, column);
                    WriteTimestampLogicalType(writer, adjustedToUtc: true, unitField: 1); // TimeUnit.MILLIS
                    break;
                case ParquetColumnType.TimestampMicros:
                    writer.WriteI32Field(6, (int)ConvertedType.TimestampMicros);
                    WriteFieldId(writer, column);
                    WriteTimestampLogicalType(writer, adjustedToUtc: true, unitField: 2); // TimeUnit.MICROS
                    break;
                case ParquetColumnType.LocalTimestampMicros:
                    // No converted type: TIMESTAMP_MICROS means an instant, which this column does not hold (LogicalTypes.md).
                    WriteFieldId(writer, column);
                    WriteTimestampLogicalType(writer, adjustedToUtc: false, unitField: 2);
                    break;
                default:
                    WriteFieldId(writer, column);
                    break;
            }

            writer.EndStruct();
        }
    }

    private static void WriteFieldId(ThriftCompactWriter writer, ParquetColumn column)
    {
        if (column.FieldId is { } fieldId)
        {
            writer.WriteI32Field(9, fieldId);
        }
    }

    private static void WriteTimestampLogicalType(ThriftCompactWriter writer, bool adjustedToUtc, short unitField)
    {
        writer.BeginStructField(10);
        writer.BeginStructField(8); // LogicalType.TIMESTAMP
        writer.WriteBoolField(1, adjustedToUtc); // isAdjustedToUTC
        writer.BeginStructField(2); // unit: TimeUnit
        writer.WriteEmptyStructField(unitField);
        writer.EndStruct();
        writer.EndStruct();
        writer.EndStruct();
    }

    private static void WriteRowGroup(ThriftCompactWriter writer, RowGroupMetadata rowGroup, int ordinal)
    {
        writer.BeginStruct();
        writer.BeginListField(1, ThriftCompactType.Struct, rowGroup.Columns.Count);
        foreach (var chunk in rowGroup.Columns)
        {
            WriteColumnChunk(writer, chunk);
        }

        writer.WriteI64Field(2, rowGroup.TotalByteSize);
        writer.WriteI64Field(3, rowGroup.RowCount);
        writer.WriteI64Field(5, rowGroup.FileOffset);
        writer.WriteI64Field(6, rowGroup.TotalCompressedSize);
        if (ordinal <= short.MaxValue)
        {
            writer.WriteI16Field(7, (short)ordinal);
        }

        writer.EndStruct();
    }

    private static void WriteColumnChunk(ThriftCompactWriter writer, ColumnChunkMetadata chunk)
    {
        writer.BeginStruct();

        // file_offset is deprecated; parquet.thrift asks for 0 when no ColumnMetaData is written outside the footer.
        writer.WriteI64Field(2, 0);
        writer.BeginStructField(3);
        writer.WriteI32Field(1, (int)chunk.Type);
        writer.BeginListField(2, ThriftCompactType.I32, chunk.Encodings.Count);
        foreach (var encoding in chunk.Encodings)
        {
            writer.WriteI32Element((int)encoding);
        }

        writer.BeginListField(3, ThriftCompactType.Binary, 1);
        writer.WriteStringElement(chunk.Name);
        writer.WriteI32Field(4, (int)chunk.Codec);
        writer.WriteI64Field(5, chunk.ValueCount);
        writer.WriteI64Field(6, chunk.TotalUncompressedSize);
        writer.WriteI64Field(7, chunk.TotalCompressedSize);
        writer.WriteI64Field(9, chunk.DataPageOffset);
        if (chunk.DictionaryPageOffset is { } dictionaryPageOffset)
        {
            writer.WriteI64Field(11, dictionaryPageOffset);
        }

        WriteStatistics(writer, 12, chunk.Statistics.View());
        writer.BeginListField(13, ThriftCompactType.Struct, chunk.EncodingStats.Count);
        foreach (var count in chunk.EncodingStats)
        {
            writer.BeginStruct();
            writer.WriteI32Field(1, (int)count.PageType);
            writer.WriteI32Field(2, (int)count.Encoding);
            writer.WriteI32Field(3, count.Count);
            writer.EndStruct();
        }

        writer.EndStruct();
        writer.EndStruct();
    }

    private static void WriteStatistics(ThriftCompactWriter writer, short fieldId, in StatisticsValues statistics)
    {
        writer.BeginStructField(fieldId);
        if (statistics.HasBounds && statistics.WriteLegacyMinMax)
        {
            writer.WriteBinaryField(1, statistics.Max);
            writer.WriteBinaryField(2, statistics.Min);
        }

        writer.WriteI64Field(3, statistics.NullCount);
        if (statistics.HasBounds)
        {
            writer.WriteBinaryField(5, statistics.Max);
            writer.WriteBinaryField(6, statistics.Min);
            writer.WriteBoolField(7, true); // is_max_value_exact: bounds are actual values, never truncated
            writer.WriteBoolField(8, true); // is_min_value_exact
        }

        if (statistics.NanCount is { } nanCount)
        {
            writer.WriteI64Field(9, nanCount);
        }

        writer.EndStruct();
    }

    private static PhysicalType PhysicalTypeOf(ParquetColumnType type) => type switch
    {
        ParquetColumnType.String => PhysicalType.ByteArray,
        ParquetColumnType.Int64 or ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros or ParquetColumnType.LocalTimestampMicros => PhysicalType.Int64,
        ParquetColumnType.Double => PhysicalType.Double,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a ParquetColumnType."),
    };
}
