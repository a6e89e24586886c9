using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SparkEtl.Iceberg.Metadata.Internal;

/// <summary>Table metadata to and from JSON (Iceberg spec, Appendix C, "Table Metadata and Snapshots").</summary>
internal static class TableMetadataJson
{
    private static readonly HashSet<string> Modelled = new(StringComparer.Ordinal)
    {
        "format-version", "table-uuid", "location", "last-sequence-number", "last-updated-ms", "last-column-id", "schemas",
        "current-schema-id", "partition-specs", "default-spec-id", "last-partition-id", "properties", "current-snapshot-id",
        "snapshots", "snapshot-log", "metadata-log", "schema", "partition-spec",
    };

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(IcebergTableMetadata metadata)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("format-version", IcebergTableMetadata.SupportedFormatVersion);
            json.WriteString("table-uuid", metadata.TableUuid.ToString("D"));
            json.WriteString("location", metadata.Location);
            json.WriteNumber("last-sequence-number", metadata.LastSequenceNumber);
            json.WriteNumber("last-updated-ms", metadata.LastUpdatedMs);
            json.WriteNumber("last-column-id", metadata.LastColumnId);
            json.WriteStartArray("schemas");
            foreach (var schema in metadata.Schemas)
            {
                WriteSchema(json, schema);
            }

            json.WriteEndArray();
            json.WriteNumber("current-schema-id", metadata.CurrentSchemaId);
            json.WriteStartArray("partition-specs");
            foreach (var spec in metadata.PartitionSpecs)
            {
                json.WriteStartObject();
                json.WriteNumber("spec-id", spec.SpecId);
                json.WritePropertyName("fields");
                WritePartitionFields(json, spec);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("default-spec-id", metadata.DefaultSpecId);
            json.WriteNumber("last-partition-id", metadata.LastPartitionId);
            json.WriteStartObject("properties");
            foreach (var (key, value) in metadata.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();

            // Java's v2 writer says -1 for "no current snapshot"; readers take it as null.
            json.WriteNumber("current-snapshot-id", metadata.CurrentSnapshotId ?? -1);
            WriteRefs(json, metadata);
            json.WriteStartArray("snapshots");
            foreach (var snapshot in metadata.Snapshots)
            {
                json.WriteStartObject();
                json.WriteNumber("sequence-number", snapshot.SequenceNumber);
                json.WriteNumber("snapshot-id", snapshot.SnapshotId);
                if (snapshot.ParentSnapshotId is { } parent)
                {
                    json.WriteNumber("parent-snapshot-id", parent);
                }

                json.WriteNumber("timestamp-ms", snapshot.TimestampMs);
                json.WriteStartObject("summary");
                json.WriteString("operation", snapshot.Operation);
                foreach (var (key, value) in snapshot.Summary.Where(p => p.Key != "operation").OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
                json.WriteString("manifest-list", snapshot.ManifestList);
                json.WriteNumber("schema-id", snapshot.SchemaId);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("snapshot-log");
            foreach (var entry in metadata.SnapshotLog)
            {
                json.WriteStartObject();
                json.WriteNumber("timestamp-ms", entry.TimestampMs);
                json.WriteNumber("snapshot-id", entry.SnapshotId);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("metadata-log");
            foreach (var entry in metadata.MetadataLog)
            {
                json.WriteStartObject();
                json.WriteNumber("timestamp-ms", entry.TimestampMs);
                json.WriteString("metadata-file", entry.MetadataFile);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            // Unsorted is the only sort order SparkEtl makes; a table made elsewhere keeps its own.
            if (metadata.Extra.TryGetValue("sort-orders", out var sortOrders))
            {
                json.WritePropertyName("sort-orders");
                sortOrders.WriteTo(json);
            }
            else
            {
                json.WriteStartArray("sort-orders");
                json.WriteStartObject();
                json.WriteNumber("order-id", 0);
                json.WriteStartArray("fields");
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
            }

            if (!metadata.Extra.ContainsKey("default-sort-order-id"))
            {
                json.WriteNumber("default-sort-order-id", 0);
            }

            foreach (var (key, value) in metadata.Extra.Where(e => e.Key is not ("sort-orders" or "refs")).OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                json.WritePropertyName(key);
                value.WriteTo(json);
            }

            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>A schema as JSON (also the <c>schema</c> key of a manifest's header).</summary>
    public static void WriteSchema(Utf8JsonWriter json, IcebergSchema schema)
    {
        json.WriteStartObject();
        json.WriteString("type", "struct");
        json.WriteNumber("schema-id", schema.SchemaId);
        json.WriteStartArray("fields");
        foreach (var field in schema.Fields)
        {
            json.WriteStartObject();
            json.WriteNumber("id", field.Id);
            json.WriteString("name", field.Name);
            json.WriteBoolean("required", field.Required);
            json.WriteString("type", field.Type.JsonName());
            if (field.Doc is not null)
            {
                json.WriteString("doc", field.Doc);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A spec's fields as a JSON array (also the <c>partition-spec</c> key of a manifest's header).</summary>
    public static void WritePartitionFields(Utf8JsonWriter json, IcebergPartitionSpec spec)
    {
        json.WriteStartArray();
        foreach (var field in spec.Fields)
        {
            json.WriteStartObject();
            json.WriteString("name", field.Name);
            json.WriteString("transform", field.Transform);
            json.WriteNumber("source-id", field.SourceId);
            json.WriteNumber("field-id", field.FieldId);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static string SchemaJson(IcebergSchema schema) => Text(json => WriteSchema(json, schema));

    public static string PartitionFieldsJson(IcebergPartitionSpec spec) => Text(json => WritePartitionFields(json, spec));

    public static IcebergTableMetadata Read(ReadOnlyMemory<byte> bytes, string description)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var version = root.GetProperty("format-version").GetInt32();
            if (version != IcebergTableMetadata.SupportedFormatVersion)
            {
                throw new InvalidDataException($"{description} is Iceberg format version {version}; only version 2 is read and written.");
            }

            var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!Modelled.Contains(property.Name) && property.Name != "refs")
                {
                    extra[property.Name] = property.Value.Clone();
                }
            }

            if (root.TryGetProperty("refs", out var refs))
            {
                var others = refs.EnumerateObject().Where(r => r.Name != "main").ToList();
                if (others.Count > 0)
                {
                    using var kept = JsonDocument.Parse(Text(json =>
                    {
                        json.WriteStartObject();
                        foreach (var reference in others)
                        {
                            reference.WriteTo(json);
                        }

                        json.WriteEndObject();
                    }));
                    extra["refs"] = kept.RootElement.Clone();
                }
            }

            var current = root.TryGetProperty("current-snapshot-id", out var currentId) && currentId.ValueKind == JsonValueKind.Number && currentId.GetInt64() >= 0
                ? currentId.GetInt64()
                : (long?)null;
            return new IcebergTableMetadata
            {
                TableUuid = Guid.Parse(root.GetProperty("table-uuid").GetString()!),
                Location = root.GetProperty("location").GetString()!,
                LastSequenceNumber = root.GetProperty("last-sequence-number").GetInt64(),
                LastUpdatedMs = root.GetProperty("last-updated-ms").GetInt64(),
                LastColumnId = root.GetProperty("last-column-id").GetInt32(),
                Schemas = [.. root.GetProperty("schemas").EnumerateArray().Select(ReadSchema)],
                CurrentSchemaId = root.GetProperty("current-schema-id").GetInt32(),
                PartitionSpecs = [.. root.GetProperty("partition-specs").EnumerateArray().Select(s => new IcebergPartitionSpec(
                    s.GetProperty("spec-id").GetInt32(),
                    [.. s.GetProperty("fields").EnumerateArray().Select(ReadPartitionField)]))],
                DefaultSpecId = root.GetProperty("default-spec-id").GetInt32(),
                LastPartitionId = root.GetProperty("last-partition-id").GetInt32(),
                Properties = root.TryGetProperty("properties", out var properties)
                    ? new SortedDictionary<string, string>(properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!), StringComparer.Ordinal)
                    : new SortedDictionary<string, string>(StringComparer.Ordinal),
                CurrentSnapshotId = current,
                Snapshots = root.TryGetProperty("snapshots", out var snapshots) ? [.. snapshots.EnumerateArray().Select(ReadSnapshot)] : [],
                SnapshotLog = root.TryGetProperty("snapshot-log", out var snapshotLog)
                    ? [.. snapshotLog.EnumerateArray().Select(e => new IcebergSnapshotLogEntry(e.GetProperty("timestamp-ms").GetInt64(), e.GetProperty("snapshot-id").GetInt64()))]
                    : [],
                MetadataLog = root.TryGetProperty("metadata-log", out var metadataLog)
                    ? [.. metadataLog.EnumerateArray().Select(e => new IcebergMetadataLogEntry(e.GetProperty("timestamp-ms").GetInt64(), e.GetProperty("metadata-file").GetString()!))]
                    : [],
                Extra = extra,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or NotSupportedException)
        {
            throw new InvalidDataException($"{description} is not valid Iceberg v2 table metadata: {e.Message}", e);
        }
    }

    private static void WriteRefs(Utf8JsonWriter json, IcebergTableMetadata metadata)
    {
        json.WriteStartObject("refs");
        if (metadata.CurrentSnapshotId is { } current)
        {
            json.WriteStartObject("main");
            json.WriteNumber("snapshot-id", current);
            json.WriteString("type", "branch");
            json.WriteEndObject();
        }

        if (metadata.Extra.TryGetValue("refs", out var others))
        {
            foreach (var reference in others.EnumerateObject())
            {
                reference.WriteTo(json);
            }
        }

        json.WriteEndObject();
    }

    private static IcebergSchema ReadSchema(JsonElement schema) => new(
        schema.TryGetProperty("schema-id", out var id) ? id.GetInt32() : 0,
        [.. schema.GetProperty("fields").EnumerateArray().Select(f => new IcebergField(
            f.GetProperty("id").GetInt32(),
            f.GetProperty("name").GetString()!,
            f.GetProperty("required").GetBoolean(),
            IcebergTypes.Parse(f.GetProperty("type").ValueKind == JsonValueKind.String
                ? f.GetProperty("type").GetString()!
                : throw new NotSupportedException($"field \"{f.GetProperty("name").GetString()}\" has a nested type, which SparkEtl does not write")),
            f.TryGetProperty("doc", out var doc) ? doc.GetString() : null))]);

    private static IcebergPartitionField ReadPartitionField(JsonElement field) => new(
        field.GetProperty("source-id").GetInt32(),
        field.GetProperty("field-id").GetInt32(),
        field.GetProperty("name").GetString()!,
        field.GetProperty("transform").GetString()!);

    private static IcebergSnapshot ReadSnapshot(JsonElement snapshot) => new(
        snapshot.GetProperty("snapshot-id").GetInt64(),
        snapshot.TryGetProperty("parent-snapshot-id", out var parent) && parent.ValueKind == JsonValueKind.Number ? parent.GetInt64() : null,
        snapshot.TryGetProperty("sequence-number", out var sequence) ? sequence.GetInt64() : 0,
        snapshot.GetProperty("timestamp-ms").GetInt64(),
        snapshot.GetProperty("manifest-list").GetString()!,
        snapshot.TryGetProperty("summary", out var summary)
            ? summary.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal) { ["operation"] = "append" },
        snapshot.TryGetProperty("schema-id", out var schemaId) && schemaId.ValueKind == JsonValueKind.Number ? schemaId.GetInt32() : 0);

    private static string Text(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
