using System.Text.Json;

namespace SparkEtl.Iceberg.Metadata;

/// <summary>
/// An Iceberg table's metadata (format version 2; Iceberg spec, "Table Metadata"), as one <c>*.metadata.json</c> file
/// holds it. Immutable: a commit makes a new value and writes it as a new file. Fields this library does not model
/// (sort orders, statistics, references other than <c>main</c>) are kept as they were read in <see cref="Extra"/>.
/// </summary>
public sealed record IcebergTableMetadata
{
    /// <summary>The only format version written and read: 2.</summary>
    public const int SupportedFormatVersion = 2;

    public required Guid TableUuid { get; init; }

    /// <summary>The table's base location, a URI without a trailing '/', e.g. <c>s3://bucket/warehouse/trades</c>.</summary>
    public required string Location { get; init; }

    /// <summary>The highest sequence number assigned to a snapshot; 0 before the first.</summary>
    public required long LastSequenceNumber { get; init; }

    /// <summary>When this metadata was made, epoch milliseconds.</summary>
    public required long LastUpdatedMs { get; init; }

    public required int LastColumnId { get; init; }

    public required IReadOnlyList<IcebergSchema> Schemas { get; init; }

    public required int CurrentSchemaId { get; init; }

    public required IReadOnlyList<IcebergPartitionSpec> PartitionSpecs { get; init; }

    public required int DefaultSpecId { get; init; }

    public required int LastPartitionId { get; init; }

    /// <summary>Table properties, in ordinal key order.</summary>
    public required IReadOnlyDictionary<string, string> Properties { get; init; }

    /// <summary>The current snapshot (the <c>main</c> branch), or null for a table without one.</summary>
    public long? CurrentSnapshotId { get; init; }

    public IReadOnlyList<IcebergSnapshot> Snapshots { get; init; } = [];

    public IReadOnlyList<IcebergSnapshotLogEntry> SnapshotLog { get; init; } = [];

    public IReadOnlyList<IcebergMetadataLogEntry> MetadataLog { get; init; } = [];

    /// <summary>Top-level fields kept as read, by name; <c>refs</c> here holds the references other than <c>main</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement> Extra { get; init; } = new Dictionary<string, JsonElement>();

    public IcebergSchema CurrentSchema => Schemas.FirstOrDefault(s => s.SchemaId == CurrentSchemaId)
        ?? throw new InvalidDataException($"Iceberg table {Location}: current-schema-id {CurrentSchemaId} is not among its schemas.");

    public IcebergPartitionSpec DefaultSpec => PartitionSpecs.FirstOrDefault(s => s.SpecId == DefaultSpecId)
        ?? throw new InvalidDataException($"Iceberg table {Location}: default-spec-id {DefaultSpecId} is not among its partition specs.");

    /// <summary>The current snapshot, or null.</summary>
    public IcebergSnapshot? CurrentSnapshot => CurrentSnapshotId is { } id ? Snapshot(id) : null;

    /// <summary>The snapshot with that id, or null when it is not (or no longer) in the table.</summary>
    public IcebergSnapshot? Snapshot(long snapshotId) => Snapshots.FirstOrDefault(s => s.SnapshotId == snapshotId);

    /// <summary>The current snapshot and its ancestors still in the table, newest first.</summary>
    public IEnumerable<IcebergSnapshot> CurrentAncestry()
    {
        var seen = new HashSet<long>();
        for (var snapshot = CurrentSnapshot; snapshot is not null && seen.Add(snapshot.SnapshotId);
             snapshot = snapshot.ParentSnapshotId is { } parent ? Snapshot(parent) : null)
        {
            yield return snapshot;
        }
    }

    /// <summary>Serializes the metadata as JSON (indented, fields in the spec's order), the content of a metadata file.</summary>
    public byte[] ToJson() => Internal.TableMetadataJson.Write(this);

    /// <summary>Parses a metadata file.</summary>
    /// <param name="json">The file's bytes.</param>
    /// <param name="description">Where the bytes came from, for error messages.</param>
    /// <exception cref="InvalidDataException">The file is not valid v2 metadata; the message names it and what is wrong.</exception>
    public static IcebergTableMetadata Parse(ReadOnlyMemory<byte> json, string description) => Internal.TableMetadataJson.Read(json, description);
}
