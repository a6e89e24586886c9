using System.Globalization;
using System.Text;
using SparkEtl.Iceberg.Avro;
using SparkEtl.Iceberg.Metadata.Internal;

namespace SparkEtl.Iceberg.Metadata;

/// <summary>
/// Manifests and manifest lists as Avro container files, with the schemas and field ids of the Iceberg spec
/// (format version 2): "Manifests", "Manifest Entry Fields", "Data File Fields" and "Manifest Lists". Maps keyed by
/// field id use Avro's array-of-records form with logical type <c>map</c>, as Appendix A requires for non-string keys.
/// The same input always gives the same bytes.
/// </summary>
public static class IcebergAvroFiles
{
    /// <summary>A manifest of data files written with <paramref name="schema"/> and <paramref name="spec"/>.</summary>
    public static byte[] WriteManifest(IcebergSchema schema, IcebergPartitionSpec spec, IReadOnlyList<IcebergManifestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(entries);
        var encoder = new AvroEncoder();
        foreach (var entry in entries)
        {
            if (entry.DataFile.Partition.Count != spec.Fields.Count)
            {
                throw new ArgumentException($"{entry.DataFile.FilePath} has {entry.DataFile.Partition.Count} partition values; spec {spec.SpecId} has {spec.Fields.Count} fields.", nameof(entries));
            }

            encoder.WriteInt((int)entry.Status);
            WriteOptionalLong(encoder, entry.SnapshotId);
            WriteOptionalLong(encoder, entry.SequenceNumber);
            WriteOptionalLong(encoder, entry.FileSequenceNumber);
            WriteDataFile(encoder, entry.DataFile);
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["schema"] = TableMetadataJson.SchemaJson(schema),
            ["schema-id"] = schema.SchemaId.ToString(CultureInfo.InvariantCulture),
            ["partition-spec"] = TableMetadataJson.PartitionFieldsJson(spec),
            ["partition-spec-id"] = spec.SpecId.ToString(CultureInfo.InvariantCulture),
            ["format-version"] = "2",
            ["content"] = "data",
        };
        return AvroContainerFile.Write(ManifestSchema(schema, spec), metadata, encoder.WrittenSpan, entries.Count);
    }

    /// <summary>Reads a manifest's entries.</summary>
    /// <exception cref="InvalidDataException">The file is not a manifest; the message names <paramref name="description"/>.</exception>
    public static IReadOnlyList<IcebergManifestEntry> ReadManifest(ReadOnlyMemory<byte> file, string description, int specId)
    {
        var content = AvroContainerFile.Read(file, description);
        var entries = new List<IcebergManifestEntry>(content.Objects.Count);
        try
        {
            foreach (var item in content.Objects)
            {
                var entry = (AvroRecord)item!;
                var dataFile = (AvroRecord)entry["data_file"]!;
                var partition = (AvroRecord)dataFile["partition"]!;
                entries.Add(new IcebergManifestEntry(
                    (IcebergManifestEntryStatus)(int)entry["status"]!,
                    (long?)entry["snapshot_id"],
                    (long?)entry["sequence_number"],
                    (long?)entry["file_sequence_number"],
                    new IcebergDataFile(
                        (string)dataFile["file_path"]!,
                        [.. partition.Fields.Values.Select(v => v is null ? (int?)null : Convert.ToInt32(v, CultureInfo.InvariantCulture))],
                        (long)dataFile["record_count"]!,
                        (long)dataFile["file_size_in_bytes"]!)
                    {
                        FileFormat = (string)dataFile["file_format"]!,
                        SpecId = specId,
                        ColumnSizes = ReadLongMap(dataFile["column_sizes"]),
                        ValueCounts = ReadLongMap(dataFile["value_counts"]),
                        NullValueCounts = ReadLongMap(dataFile["null_value_counts"]),
                        NanValueCounts = ReadLongMap(dataFile["nan_value_counts"]),
                        LowerBounds = ReadBytesMap(dataFile["lower_bounds"]),
                        UpperBounds = ReadBytesMap(dataFile["upper_bounds"]),
                        SplitOffsets = dataFile["split_offsets"] is List<object?> offsets ? [.. offsets.Select(o => (long)o!)] : null,
                    }));
            }
        }
        catch (InvalidCastException e)
        {
            throw new InvalidDataException($"{description} is not an Iceberg manifest: {e.Message}", e);
        }

        return entries;
    }

    /// <summary>A manifest list for snapshot <paramref name="snapshotId"/>.</summary>
    public static byte[] WriteManifestList(long snapshotId, long? parentSnapshotId, long sequenceNumber, IReadOnlyList<IcebergManifestFile> manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var encoder = new AvroEncoder();
        foreach (var manifest in manifests)
        {
            encoder.WriteString(manifest.ManifestPath);
            encoder.WriteLong(manifest.ManifestLength);
            encoder.WriteInt(manifest.PartitionSpecId);
            encoder.WriteInt(manifest.Content);
            encoder.WriteLong(manifest.SequenceNumber);
            encoder.WriteLong(manifest.MinSequenceNumber);
            encoder.WriteLong(manifest.AddedSnapshotId);
            encoder.WriteInt(manifest.AddedFilesCount);
            encoder.WriteInt(manifest.ExistingFilesCount);
            encoder.WriteInt(manifest.DeletedFilesCount);
            encoder.WriteLong(manifest.AddedRowsCount);
            encoder.WriteLong(manifest.ExistingRowsCount);
            encoder.WriteLong(manifest.DeletedRowsCount);
            encoder.WriteUnionIndex(1);
            if (manifest.Partitions.Count > 0)
            {
                encoder.WriteBlockCount(manifest.Partitions.Count);
                foreach (var summary in manifest.Partitions)
                {
                    encoder.WriteBoolean(summary.ContainsNull);
                    if (summary.ContainsNan is { } nan)
                    {
                        encoder.WriteUnionIndex(1);
                        encoder.WriteBoolean(nan);
                    }
                    else
                    {
                        encoder.WriteUnionIndex(0);
                    }

                    WriteOptionalBytes(encoder, summary.LowerBound);
                    WriteOptionalBytes(encoder, summary.UpperBound);
                }
            }

            encoder.WriteEndOfBlocks();
            encoder.WriteUnionIndex(0); // key_metadata
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["snapshot-id"] = snapshotId.ToString(CultureInfo.InvariantCulture),
            ["parent-snapshot-id"] = parentSnapshotId is { } parent ? parent.ToString(CultureInfo.InvariantCulture) : "null",
            ["sequence-number"] = sequenceNumber.ToString(CultureInfo.InvariantCulture),
            ["format-version"] = "2",
        };
        return AvroContainerFile.Write(ManifestListSchema, metadata, encoder.WrittenSpan, manifests.Count);
    }

    /// <summary>Reads a manifest list's entries.</summary>
    /// <exception cref="InvalidDataException">The file is not a manifest list; the message names <paramref name="description"/>.</exception>
    public static IReadOnlyList<IcebergManifestFile> ReadManifestList(ReadOnlyMemory<byte> file, string description)
    {
        var content = AvroContainerFile.Read(file, description);
        try
        {
            return [.. content.Objects.Select(item =>
            {
                var m = (AvroRecord)item!;
                return new IcebergManifestFile(
                    (string)m["manifest_path"]!,
                    (long)m["manifest_length"]!,
                    (int)m["partition_spec_id"]!,
                    (long?)m["sequence_number"] ?? 0,
                    (long?)m["min_sequence_number"] ?? 0,
                    (long)m["added_snapshot_id"]!,
                    (int?)m["added_files_count"] ?? 0,
                    (int?)m["existing_files_count"] ?? 0,
                    (int?)m["deleted_files_count"] ?? 0,
                    (long?)m["added_rows_count"] ?? 0,
                    (long?)m["existing_rows_count"] ?? 0,
                    (long?)m["deleted_rows_count"] ?? 0,
                    m["partitions"] is List<object?> partitions
                        ? [.. partitions.Select(p =>
                        {
                            var s = (AvroRecord)p!;
                            return new IcebergPartitionFieldSummary((bool)s["contains_null"]!, (bool?)s["contains_nan"], (byte[]?)s["lower_bound"], (byte[]?)s["upper_bound"]);
                        })]
                        : [])
                {
                    Content = (int?)m["content"] ?? 0,
                };
            })];
        }
        catch (InvalidCastException e)
        {
            throw new InvalidDataException($"{description} is not an Iceberg manifest list: {e.Message}", e);
        }
    }

    /// <summary>The Avro schema of a manifest for this table schema and spec (the partition struct depends on the spec).</summary>
    public static string ManifestSchema(IcebergSchema schema, IcebergPartitionSpec spec)
    {
        var partitionFields = string.Join(",", spec.Fields.Select(f =>
            $$"""{"name":"{{f.Name}}","type":["null",{{PartitionAvroType(schema, f)}}],"default":null,"field-id":{{f.FieldId}}}"""));
        return $$"""
            {"type":"record","name":"manifest_entry","fields":[{"name":"status","type":"int","field-id":0},{"name":"snapshot_id","type":["null","long"],"default":null,"field-id":1},{"name":"sequence_number","type":["null","long"],"default":null,"field-id":3},{"name":"file_sequence_number","type":["null","long"],"default":null,"field-id":4},{"name":"data_file","type":{"type":"record","name":"r2","fields":[{"name":"content","type":"int","doc":"Contents of the file: 0=data, 1=position deletes, 2=equality deletes","field-id":134},{"name":"file_path","type":"string","doc":"Location URI with FS scheme","field-id":100},{"name":"file_format","type":"string","doc":"File format name: avro, orc, or parquet","field-id":101},{"name":"partition","type":{"type":"record","name":"r102","fields":[{{partitionFields}}]},"doc":"Partition data tuple, schema based on the partition spec","field-id":102},{"name":"record_count","type":"long","doc":"Number of records in the file","field-id":103},{"name":"file_size_in_bytes","type":"long","doc":"Total file size in bytes","field-id":104},{{LongMap("column_sizes", 108, 117, 118)}},{{LongMap("value_counts", 109, 119, 120)}},{{LongMap("null_value_counts", 110, 121, 122)}},{{LongMap("nan_value_counts", 137, 138, 139)}},{{BytesMap("lower_bounds", 125, 126, 127)}},{{BytesMap("upper_bounds", 128, 129, 130)}},{"name":"key_metadata","type":["null","bytes"],"default":null,"field-id":131},{"name":"split_offsets","type":["null",{"type":"array","items":"long","element-id":133}],"default":null,"field-id":132},{"name":"equality_ids","type":["null",{"type":"array","items":"int","element-id":136}],"default":null,"field-id":135},{"name":"sort_order_id","type":["null","int"],"default":null,"field-id":140}]},"field-id":2}]}
            """;
    }

    /// <summary>The Avro schema of a manifest list.</summary>
    public static string ManifestListSchema => """
        {"type":"record","name":"manifest_file","fields":[{"name":"manifest_path","type":"string","doc":"Location URI with FS scheme","field-id":500},{"name":"manifest_length","type":"long","doc":"Total file size in bytes","field-id":501},{"name":"partition_spec_id","type":"int","doc":"Spec ID used to write","field-id":502},{"name":"content","type":"int","doc":"Contents of the manifest: 0=data, 1=deletes","field-id":517},{"name":"sequence_number","type":"long","doc":"Sequence number when the manifest was added","field-id":515},{"name":"min_sequence_number","type":"long","doc":"Lowest sequence number in the manifest","field-id":516},{"name":"added_snapshot_id","type":"long","doc":"Snapshot ID that added the manifest","field-id":503},{"name":"added_files_count","type":"int","doc":"Added entry count","field-id":504},{"name":"existing_files_count","type":"int","doc":"Existing entry count","field-id":505},{"name":"deleted_files_count","type":"int","doc":"Deleted entry count","field-id":506},{"name":"added_rows_count","type":"long","doc":"Added rows count","field-id":512},{"name":"existing_rows_count","type":"long","doc":"Existing rows count","field-id":513},{"name":"deleted_rows_count","type":"long","doc":"Deleted rows count","field-id":514},{"name":"partitions","type":["null",{"type":"array","items":{"type":"record","name":"r508","fields":[{"name":"contains_null","type":"boolean","doc":"True if any file has a null partition value","field-id":509},{"name":"contains_nan","type":["null","boolean"],"doc":"True if any file has a nan partition value","default":null,"field-id":518},{"name":"lower_bound","type":["null","bytes"],"doc":"Partition lower bound for all files","default":null,"field-id":510},{"name":"upper_bound","type":["null","bytes"],"doc":"Partition upper bound for all files","default":null,"field-id":511}]},"element-id":508}],"doc":"Summary for each partition","default":null,"field-id":507},{"name":"key_metadata","type":["null","bytes"],"doc":"Encryption key metadata blob","default":null,"field-id":519}]}
        """;

    private static string PartitionAvroType(IcebergSchema schema, IcebergPartitionField field) => field.Transform switch
    {
        "day" => """{"type":"int","logicalType":"date"}""",
        "identity" when schema.FindField(field.SourceId)?.Type is IcebergType.Int => "\"int\"",
        "identity" when schema.FindField(field.SourceId)?.Type is IcebergType.Date => """{"type":"int","logicalType":"date"}""",
        _ => throw new NotSupportedException($"Partition field \"{field.Name}\" uses transform {field.Transform} on a source SparkEtl cannot store (day of a timestamp, or identity of an int or date)."),
    };

    private static string LongMap(string name, int fieldId, int keyId, int valueId) =>
        $$"""{"name":"{{name}}","type":["null",{"type":"array","items":{"type":"record","name":"k{{keyId}}_v{{valueId}}","fields":[{"name":"key","type":"int","field-id":{{keyId}}},{"name":"value","type":"long","field-id":{{valueId}}}]},"logicalType":"map"}],"default":null,"field-id":{{fieldId}}}""";

    private static string BytesMap(string name, int fieldId, int keyId, int valueId) =>
        $$"""{"name":"{{name}}","type":["null",{"type":"array","items":{"type":"record","name":"k{{keyId}}_v{{valueId}}","fields":[{"name":"key","type":"int","field-id":{{keyId}}},{"name":"value","type":"bytes","field-id":{{valueId}}}]},"logicalType":"map"}],"default":null,"field-id":{{fieldId}}}""";

    private static void WriteDataFile(AvroEncoder encoder, IcebergDataFile file)
    {
        encoder.WriteInt(0); // content: data
        encoder.WriteString(file.FilePath);
        encoder.WriteString(file.FileFormat);
        foreach (var value in file.Partition)
        {
            if (value is { } v)
            {
                encoder.WriteUnionIndex(1);
                encoder.WriteInt(v);
            }
            else
            {
                encoder.WriteUnionIndex(0);
            }
        }

        encoder.WriteLong(file.RecordCount);
        encoder.WriteLong(file.FileSizeInBytes);
        WriteLongMap(encoder, file.ColumnSizes);
        WriteLongMap(encoder, file.ValueCounts);
        WriteLongMap(encoder, file.NullValueCounts);
        WriteLongMap(encoder, file.NanValueCounts);
        WriteBytesMap(encoder, file.LowerBounds);
        WriteBytesMap(encoder, file.UpperBounds);
        encoder.WriteUnionIndex(0); // key_metadata
        if (file.SplitOffsets is { } offsets)
        {
            encoder.WriteUnionIndex(1);
            if (offsets.Count > 0)
            {
                encoder.WriteBlockCount(offsets.Count);
                foreach (var offset in offsets)
                {
                    encoder.WriteLong(offset);
                }
            }

            encoder.WriteEndOfBlocks();
        }
        else
        {
            encoder.WriteUnionIndex(0);
        }

        encoder.WriteUnionIndex(0); // equality_ids
        encoder.WriteUnionIndex(1); // sort_order_id: 0, unsorted
        encoder.WriteInt(0);
    }

    private static void WriteOptionalLong(AvroEncoder encoder, long? value)
    {
        if (value is { } v)
        {
            encoder.WriteUnionIndex(1);
            encoder.WriteLong(v);
        }
        else
        {
            encoder.WriteUnionIndex(0);
        }
    }

    private static void WriteOptionalBytes(AvroEncoder encoder, byte[]? value)
    {
        if (value is not null)
        {
            encoder.WriteUnionIndex(1);
            encoder.WriteBytes(value);
        }
        else
        {
            encoder.WriteUnionIndex(0);
        }
    }

    private static void WriteLongMap(AvroEncoder encoder, IReadOnlyDictionary<int, long>? map)
    {
        if (map is null)
        {
            encoder.WriteUnionIndex(0);
            return;
        }

        encoder.WriteUnionIndex(1);
        if (map.Count > 0)
        {
            encoder.WriteBlockCount(map.Count);
            foreach (var (key, value) in map.OrderBy(p => p.Key))
            {
                encoder.WriteInt(key);
                encoder.WriteLong(value);
            }
        }

        encoder.WriteEndOfBlocks();
    }

    private static void WriteBytesMap(AvroEncoder encoder, IReadOnlyDictionary<int, byte[]>? map)
    {
        if (map is null)
        {
            encoder.WriteUnionIndex(0);
            return;
        }

        encoder.WriteUnionIndex(1);
        if (map.Count > 0)
        {
            encoder.WriteBlockCount(map.Count);
            foreach (var (key, value) in map.OrderBy(p => p.Key))
            {
                encoder.WriteInt(key);
                encoder.WriteBytes(value);
            }
        }

        encoder.WriteEndOfBlocks();
    }

    private static Dictionary<int, long>? ReadLongMap(object? value) => value is List<object?> pairs
        ? pairs.Select(p => (AvroRecord)p!).ToDictionary(p => (int)p["key"]!, p => (long)p["value"]!)
        : null;

    private static Dictionary<int, byte[]>? ReadBytesMap(object? value) => value is List<object?> pairs
        ? pairs.Select(p => (AvroRecord)p!).ToDictionary(p => (int)p["key"]!, p => (byte[])p["value"]!)
        : null;

    internal static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
