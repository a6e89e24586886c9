using System.Globalization;
using Parquet;
using Parquet.Data;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;
using SparkEtl.Iceberg.Internal;
using SparkEtl.Iceberg.Metadata;

namespace SparkEtl.Iceberg;

/// <summary>Maintenance: compaction, snapshot expiry and orphan files.</summary>
public sealed partial class IcebergTable
{
    /// <summary>
    /// Rewrites the small data files (under <paramref name="smallFileBytes"/>) of each partition that has at least two
    /// into files of about <paramref name="smallFileBytes"/> (estimated from the bytes per row of the files read) and at
    /// most <see cref="ParquetSettings.MaxRowsPerFile"/> rows, in one <c>replace</c> snapshot: the rows are the same,
    /// readers of the new snapshot open fewer files, and readers of older snapshots are unaffected (the old files stay
    /// until their snapshots expire). Only partitions whose day (days since 1970-01-01) is one of
    /// <paramref name="partitionDays"/> are compacted when they are given. If a racing commit removed one of the files
    /// first, nothing is committed.
    /// </summary>
    public async Task<IcebergMaintenanceResult> CompactAsync(long smallFileBytes, ParquetSettings settings, IReadOnlySet<int>? partitionDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(smallFileBytes, 1);
        var snapshotId = _options.NewSnapshotId();
        var rewritten = 0;
        var written = new List<IcebergDataFile>();
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        var result = await CommitAsync(
            snapshotId,
            _ => null,
            async (state, ct) =>
            {
                var current = state?.Metadata.CurrentSnapshot;
                if (current is null)
                {
                    return null;
                }

                var manifests = await ReadManifestListAsync(current, ct).ConfigureAwait(false);
                var live = new List<(IcebergManifestFile Manifest, IcebergManifestEntry Entry)>();
                foreach (var listed in manifests)
                {
                    live.AddRange((await ReadManifestAsync(listed, ct).ConfigureAwait(false)).Where(e => e.Status != IcebergManifestEntryStatus.Deleted).Select(e => (listed, e)));
                }

                if (written.Count == 0)
                {
                    // First attempt: pick and rewrite. A retry keeps the rewritten files if every replaced one is still live.
                    var groups = live.Where(l => l.Entry.DataFile.FileSizeInBytes < smallFileBytes && l.Entry.DataFile.SpecId == state!.Metadata.DefaultSpecId
                            && (partitionDays is null || l.Entry.DataFile.Partition.FirstOrDefault() is { } day && partitionDays.Contains(day)))
                        .GroupBy(l => string.Join(',', l.Entry.DataFile.Partition), StringComparer.Ordinal)
                        .Where(g => g.Count() >= 2)
                        .ToList();
                    foreach (var group in groups)
                    {
                        var files = group.Select(g => g.Entry.DataFile).ToList();
                        written.AddRange(await RewriteAsync(state!.Metadata, files, snapshotId, settings, smallFileBytes, ct).ConfigureAwait(false));
                        replaced.UnionWith(files.Select(f => f.FilePath));
                    }

                    rewritten = replaced.Count;
                }

                if (replaced.Count == 0 || !replaced.All(p => live.Any(l => l.Entry.DataFile.FilePath == p)))
                {
                    return null;
                }

                var affected = live.Where(l => replaced.Contains(l.Entry.DataFile.FilePath)).Select(l => l.Manifest.ManifestPath).ToHashSet(StringComparer.Ordinal);
                var entries = written.Select(f => new IcebergManifestEntry(IcebergManifestEntryStatus.Added, snapshotId, null, null, f)).ToList();
                foreach (var (_, entry) in live.Where(l => affected.Contains(l.Manifest.ManifestPath)))
                {
                    entries.Add(replaced.Contains(entry.DataFile.FilePath)
                        ? entry with { Status = IcebergManifestEntryStatus.Deleted, SnapshotId = snapshotId }
                        : entry with { Status = IcebergManifestEntryStatus.Existing });
                }

                var manifest = await WriteManifestAsync(state!.Metadata.CurrentSchema, state.Metadata.DefaultSpec, entries, snapshotId, ct).ConfigureAwait(false);
                var removed = live.Where(l => replaced.Contains(l.Entry.DataFile.FilePath)).Select(l => l.Entry.DataFile).ToList();
                return new SnapshotChange("replace", [manifest], [.. manifests.Where(m => !affected.Contains(m.ManifestPath))], written, removed, new Dictionary<string, string>());
            },
            cancellationToken).ConfigureAwait(false);
        return new IcebergMaintenanceResult(result.Committed, result.Committed ? rewritten : 0, result.Committed ? written.Count : 0, [])
        {
            SnapshotId = result.Committed ? result.SnapshotId : null,
        };
    }

    /// <summary>
    /// Expires snapshots created before <paramref name="olderThan"/>, keeping the current one and at least
    /// <paramref name="minSnapshotsToKeep"/> of its newest ancestors (Iceberg spec, "Snapshot Retention Policy"), commits
    /// the metadata without them, then deletes the manifest lists, manifests and data files only they reached.
    /// </summary>
    public async Task<IcebergMaintenanceResult> ExpireSnapshotsAsync(DateTimeOffset olderThan, int minSnapshotsToKeep, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minSnapshotsToKeep, 1);
        var cutoff = olderThan.ToUnixTimeMilliseconds();
        for (var attempt = 1; ; attempt++)
        {
            var state = await LoadAsync(cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                return new IcebergMaintenanceResult(false, 0, 0, []);
            }

            var metadata = state.Metadata;
            var keep = metadata.CurrentAncestry().Take(minSnapshotsToKeep).Select(s => s.SnapshotId).ToHashSet();
            var retained = metadata.Snapshots.Where(s => keep.Contains(s.SnapshotId) || s.TimestampMs >= cutoff).ToList();
            var expired = metadata.Snapshots.Except(retained).ToList();
            if (expired.Count == 0)
            {
                return new IcebergMaintenanceResult(false, 0, 0, []);
            }

            var expiredIds = expired.Select(s => s.SnapshotId).ToHashSet();
            var lastExpiredLog = metadata.SnapshotLog.Select((e, i) => (e, i)).LastOrDefault(p => expiredIds.Contains(p.e.SnapshotId)).i;
            var now = Math.Max(_options.Clock.GetUtcNow().ToUnixTimeMilliseconds(), metadata.LastUpdatedMs);
            var next = metadata with
            {
                LastUpdatedMs = now,
                Snapshots = retained,
                SnapshotLog = metadata.SnapshotLog.Any(e => expiredIds.Contains(e.SnapshotId)) ? [.. metadata.SnapshotLog.Skip(lastExpiredLog + 1)] : metadata.SnapshotLog,
                MetadataLog = [.. metadata.MetadataLog, new IcebergMetadataLogEntry(metadata.LastUpdatedMs, Layout.LocationOf(state.Pointer.MetadataKey))],
            };
            if (next.MetadataLog.Count > MetadataLogLimit)
            {
                next = next with { MetadataLog = [.. next.MetadataLog.Skip(next.MetadataLog.Count - MetadataLogLimit)] };
            }

            var pointer = await _catalog.TryCommitAsync(state.Pointer, state.Pointer.Version + 1, next.ToJson(), cancellationToken).ConfigureAwait(false);
            if (pointer is null)
            {
                if (attempt >= _options.MaxCommitAttempts)
                {
                    throw new IcebergCommitConflictException($"Table {Layout.TableName}: {attempt} attempts to expire snapshots lost the race for the table's pointer.");
                }

                continue;
            }

            // A file a retained snapshot lists as deleted is live in no retained snapshot: it goes with the expired ones.
            var stillReached = await SnapshotKeysAsync(retained, liveOnly: true, cancellationToken).ConfigureAwait(false);
            var deleted = (await SnapshotKeysAsync(expired, liveOnly: false, cancellationToken).ConfigureAwait(false)).Where(k => !stillReached.Contains(k)).Order(StringComparer.Ordinal).ToList();
            foreach (var key in deleted)
            {
                await _store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }

            return new IcebergMaintenanceResult(true, expired.Count, 0, deleted);
        }
    }

    /// <summary>
    /// Deletes files under the table's folder that nothing retained reaches (no snapshot, no metadata file in the
    /// current file's log, not the hint) and that were last modified before <paramref name="olderThan"/>: the safety
    /// age keeps files a writer is about to commit. <paramref name="lastModified"/> tells a key's modification time
    /// (null: unknown, kept).
    /// </summary>
    public async Task<IcebergMaintenanceResult> RemoveOrphanFilesAsync(
        DateTimeOffset olderThan, Func<string, CancellationToken, Task<DateTimeOffset?>> lastModified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastModified);
        var state = await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return new IcebergMaintenanceResult(false, 0, 0, []);
        }

        var referenced = await ReferencedKeysAsync(state, cancellationToken).ConfigureAwait(false);
        referenced.Add(Layout.MetadataPrefix + "version-hint.text");
        var deleted = new List<string>();
        var candidates = new List<string>();
        await foreach (var key in _store.ListAsync(Layout.KeyPrefix + "/", cancellationToken).ConfigureAwait(false))
        {
            if (!referenced.Contains(key) && (key.StartsWith(Layout.DataPrefix, StringComparison.Ordinal) || key.StartsWith(Layout.MetadataPrefix, StringComparison.Ordinal)))
            {
                candidates.Add(key);
            }
        }

        foreach (var key in candidates)
        {
            // A numbered metadata file above the current one is a commit in flight, whatever its age.
            if (Catalog.FileSystemIcebergCatalog.VersionOf(key) is { } version && version > state.Pointer.Version)
            {
                continue;
            }

            if (await lastModified(key, cancellationToken).ConfigureAwait(false) is { } modified && modified < olderThan)
            {
                await _store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
                deleted.Add(key);
            }
        }

        return new IcebergMaintenanceResult(false, 0, 0, deleted);
    }

    private async Task<HashSet<string>> SnapshotKeysAsync(IEnumerable<IcebergSnapshot> snapshots, bool liveOnly, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            keys.Add(Layout.KeyOf(snapshot.ManifestList));
            foreach (var manifest in await ReadManifestListAsync(snapshot, cancellationToken).ConfigureAwait(false))
            {
                keys.Add(Layout.KeyOf(manifest.ManifestPath));
                foreach (var entry in await ReadManifestAsync(manifest, cancellationToken).ConfigureAwait(false))
                {
                    if (!liveOnly || entry.Status != IcebergManifestEntryStatus.Deleted)
                    {
                        keys.Add(Layout.KeyOf(entry.DataFile.FilePath));
                    }
                }
            }
        }

        return keys;
    }

    /// <summary>Reads the rows of <paramref name="files"/> (one partition) and writes them into files of about <paramref name="targetBytes"/> within the row limit.</summary>
    private async Task<IReadOnlyList<IcebergDataFile>> RewriteAsync(
        IcebergTableMetadata metadata, IReadOnlyList<IcebergDataFile> files, long snapshotId, ParquetSettings settings, long targetBytes, CancellationToken cancellationToken)
    {
        var schema = metadata.CurrentSchema;
        var parquetSchema = new ParquetSchema("table", [.. schema.Fields.Select(f => new ParquetColumn(f.Name, f.Type switch
        {
            IcebergType.String => ParquetColumnType.String,
            IcebergType.Long => ParquetColumnType.Int64,
            IcebergType.Double => ParquetColumnType.Double,
            IcebergType.TimestampTz => ParquetColumnType.TimestampMicros,
            IcebergType.Timestamp => ParquetColumnType.LocalTimestampMicros,
            _ => throw new IcebergTableException($"Table {Layout.TableName}: compaction cannot rewrite column \"{f.Name}\" of type {f.Type.JsonName()}."),
        }, !f.Required) { FieldId = f.Id })]);
        var values = schema.Fields.Select(_ => new List<object?>()).ToList();
        foreach (var file in files)
        {
            var key = Layout.KeyOf(file.FilePath);
            var bytes = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new IcebergTableException($"Table {Layout.TableName}: data file {key} of the current snapshot does not exist.");
            using var stream = new MemoryStream(bytes, writable: false);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var fields = reader.Schema.GetDataFields();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var rows = checked((int)group.RowCount);
                for (var i = 0; i < schema.Fields.Count; i++)
                {
                    var field = fields.FirstOrDefault(f => string.Equals(f.Name, schema.Fields[i].Name, StringComparison.OrdinalIgnoreCase))
                        ?? throw new IcebergTableException($"Table {Layout.TableName}: data file {key} has no column \"{schema.Fields[i].Name}\".");
                    values[i].AddRange(await ReadColumnAsync(group, field, parquetSchema.Columns[i].Type, rows, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        var rowCount = values.Count == 0 ? 0 : values[0].Count;

        // Rows per file from the bytes per row of what was read: small files compress no better than a large one will.
        var bytesPerRow = Math.Max(1.0, files.Sum(f => f.FileSizeInBytes) / (double)Math.Max(1, rowCount));
        var rowsPerFile = (int)Math.Clamp(targetBytes / bytesPerRow, 1, settings.MaxRowsPerFile);
        var options = new ParquetWriterOptions { Compression = settings.Compression, RowGroupTargetBytes = settings.RowGroupBytes, PageTargetBytes = settings.PageBytes };
        var spec = metadata.DefaultSpec;
        var partition = files[0].Partition;
        var result = new List<IcebergDataFile>();
        for (int part = 0, offset = 0; offset < rowCount; part++, offset += rowsPerFile)
        {
            var count = Math.Min(rowsPerFile, rowCount - offset);
            var key = string.Create(CultureInfo.InvariantCulture,
                $"{Layout.DataPrefix}{IcebergTableLayout.PartitionPath(spec, partition)}/compact-{snapshotId}-{part:D3}{Core.Tables.OutputNaming.Extension(settings.Compression)}");
            using var buffer = new MemoryStream();
            IReadOnlyList<ParquetColumnStatistics> statistics;
            IReadOnlyList<long> offsets;
            using (var writer = new ParquetFileWriter(buffer, parquetSchema, options))
            {
                for (var row = offset; row < offset + count; row++)
                {
                    for (var c = 0; c < parquetSchema.Columns.Count; c++)
                    {
                        var value = values[c][row];
                        switch (parquetSchema.Columns[c].Type)
                        {
                            case ParquetColumnType.String:
                                writer.WriteString(c, (string?)value);
                                break;
                            case ParquetColumnType.Double:
                                writer.WriteDouble(c, (double?)value);
                                break;
                            case ParquetColumnType.Int64:
                                writer.WriteInt64(c, value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture));
                                break;
                            default:
                                writer.WriteInt64(c, Microseconds(value));
                                break;
                        }
                    }

                    writer.EndRow();
                }

                writer.Complete();
                statistics = writer.ColumnStatistics;
                offsets = writer.RowGroupOffsets;
            }

            buffer.Position = 0;
            await _store.PutAsync(key, buffer, cancellationToken).ConfigureAwait(false);
            result.Add(DataFileOf(Layout.LocationOf(key), partition, count, buffer.Length, parquetSchema, statistics, offsets, spec.SpecId));
        }

        return result;
    }

    /// <summary>One column of a row group as values (null for nulls): strings as strings, the rest in their physical type (timestamps as raw microseconds).</summary>
    private static async Task<IReadOnlyList<object?>> ReadColumnAsync(ParquetRowGroupReader group, Parquet.Schema.DataField field, ParquetColumnType type, int rows, CancellationToken cancellationToken)
    {
        if (type == ParquetColumnType.String)
        {
            var strings = new string?[rows];
            await group.ReadAsync(field, strings.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return strings;
        }

        var levels = new int[rows];
        var result = new object?[rows];
        if (field.ClrType == typeof(DateTime))
        {
            // Parquet.Net gives timestamps as DateTime, whose 100 ns ticks hold microseconds exactly.
            var times = new DateTime?[rows];
            await group.ReadAsync(field, times.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (var row = 0; row < rows; row++)
            {
                result[row] = Microseconds(times[row]);
            }

            return result;
        }

        if (type == ParquetColumnType.Double)
        {
            var doubles = new double[rows];
            await group.ReadRawAsync(field, doubles.AsMemory(), levels.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            Spread(doubles, levels, field.IsNullable, result);
        }
        else
        {
            var longs = new long[rows];
            await group.ReadRawAsync(field, longs.AsMemory(), levels.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            Spread(longs, levels, field.IsNullable, result);
        }

        return result;
    }

    // Raw reads pack the non-null values; definition level 1 marks the rows that have one.
    private static void Spread<T>(T[] packed, int[] levels, bool nullable, object?[] result)
    {
        for (int row = 0, next = 0; row < result.Length; row++)
        {
            result[row] = !nullable || levels[row] > 0 ? packed[next++] : null;
        }
    }

    private static long? Microseconds(object? value) => value switch
    {
        null => null,
        DateTime time => (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).Ticks / 10 - (DateTime.UnixEpoch.Ticks / 10),
        DateTimeOffset time => (time.UtcTicks / 10) - (DateTime.UnixEpoch.Ticks / 10),
        long micros => micros,
        _ => throw new InvalidDataException($"A timestamp column held a {value.GetType().Name}."),
    };
}
