using System.Collections.Concurrent;
using System.Globalization;
using SparkEtl.Core.Storage;
using SparkEtl.Iceberg.Catalog;
using SparkEtl.Iceberg.Internal;
using SparkEtl.Iceberg.Metadata;

namespace SparkEtl.Iceberg;

/// <summary>
/// One Iceberg v2 table in a warehouse store: batch appends that are exactly once by construction, reads of its
/// snapshots, reconcile, and maintenance (see the partial files by concern).
/// </summary>
/// <remarks>
/// <para>
/// A commit writes its manifest, its manifest list and the new metadata file, then moves the catalog's pointer
/// atomically (<see cref="IIcebergCatalog.TryCommitAsync"/>). Until the pointer moves nothing is visible; after it
/// moves, the whole batch is. A writer that loses the race reloads the new base and tries again
/// (<see cref="IcebergTableOptions.MaxCommitAttempts"/>), re-checking first whether its batch is already there.
/// </para>
/// <para>
/// Thread-safe for concurrent calls; files are immutable once written, so what was read is cached by location.
/// </para>
/// </remarks>
public sealed partial class IcebergTable
{
    /// <summary>The most entries of <c>metadata-log</c> kept (Iceberg's <c>write.metadata.previous-versions-max</c> default).</summary>
    public const int MetadataLogLimit = 100;

    private readonly IObjectStore _store;
    private readonly IIcebergCatalog _catalog;
    private readonly IcebergTableOptions _options;
    private readonly ConcurrentDictionary<string, IReadOnlyList<IcebergManifestEntry>> _manifests = new(StringComparer.Ordinal);

    /// <param name="store">The warehouse the table's files are in.</param>
    /// <param name="layout">Where the table is, and what a new one looks like.</param>
    /// <param name="catalog">Where its pointer is.</param>
    /// <param name="options">Commit settings; null for the defaults.</param>
    public IcebergTable(IObjectStore store, IcebergTableLayout layout, IIcebergCatalog catalog, IcebergTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(catalog);
        _store = store;
        Layout = layout;
        _catalog = catalog;
        _options = options ?? new IcebergTableOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxCommitAttempts, 1, nameof(options));
    }

    public IcebergTableLayout Layout { get; }

    /// <summary>The table's current state, or null when it has no metadata yet (no batch committed).</summary>
    /// <exception cref="IcebergTableException">The pointer names a metadata file that is missing or not valid.</exception>
    public async Task<IcebergTableState?> LoadAsync(CancellationToken cancellationToken)
    {
        var pointer = await _catalog.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (pointer is null)
        {
            return null;
        }

        var bytes = await _store.GetAsync(pointer.MetadataKey, cancellationToken).ConfigureAwait(false)
            ?? throw new IcebergTableException($"Table {Layout.TableName}: its catalog points at {pointer.MetadataKey}, which does not exist.");
        try
        {
            return new IcebergTableState(pointer, IcebergTableMetadata.Parse(bytes, $"{_store.Root}/{pointer.MetadataKey}"));
        }
        catch (InvalidDataException e)
        {
            throw new IcebergTableException($"Table {Layout.TableName}: {e.Message}", innerException: e);
        }
    }

    /// <summary>
    /// The snapshot of the current chain (the current snapshot and its retained ancestors) that committed batch
    /// <paramref name="batchId"/> of query <paramref name="queryId"/>, or null when there is none.
    /// </summary>
    public async Task<IcebergSnapshot?> FindBatchSnapshotAsync(string queryId, long batchId, CancellationToken cancellationToken)
    {
        var state = await LoadAsync(cancellationToken).ConfigureAwait(false);
        return state?.Metadata.CurrentAncestry().FirstOrDefault(s => s.Commits(queryId, batchId));
    }

    /// <summary>
    /// Appends the data files of batch <paramref name="batchId"/> of query <paramref name="queryId"/> as one
    /// <c>append</c> snapshot whose summary carries both ids, exactly once: when the current snapshot chain already
    /// holds a snapshot with these ids (a replay), nothing is committed and that snapshot is returned. The files must
    /// be complete and durable in the store (<see cref="WriteBatchAsync{TRow}"/> returns them so).
    /// </summary>
    /// <exception cref="IcebergCommitConflictException">Every attempt lost the race for the pointer; nothing was committed.</exception>
    public async Task<IcebergCommitResult> CommitBatchAsync(IReadOnlyList<IcebergDataFile> dataFiles, string queryId, long batchId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataFiles);
        ArgumentException.ThrowIfNullOrEmpty(queryId);
        ArgumentOutOfRangeException.ThrowIfNegative(batchId);
        var snapshotId = _options.NewSnapshotId();
        var summary = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [IcebergSnapshot.QueryIdKey] = queryId,
            [IcebergSnapshot.BatchIdKey] = batchId.ToString(CultureInfo.InvariantCulture),
        };
        IcebergManifestFile? manifest = null;
        return await CommitAsync(
            snapshotId,
            state => state?.Metadata.CurrentAncestry().FirstOrDefault(s => s.Commits(queryId, batchId)),
            async (state, ct) =>
            {
                // The manifest does not depend on the base (added entries inherit sequence numbers), so a retry reuses it.
                if (manifest is null && dataFiles.Count > 0)
                {
                    var metadata = state?.Metadata;
                    manifest = await WriteManifestAsync(
                        metadata?.CurrentSchema ?? Layout.Schema,
                        metadata?.DefaultSpec ?? Layout.Spec,
                        [.. dataFiles.Select(f => new IcebergManifestEntry(IcebergManifestEntryStatus.Added, snapshotId, null, null, f))],
                        snapshotId,
                        ct).ConfigureAwait(false);
                }

                var kept = state?.Metadata.CurrentSnapshot is { } current ? await ReadManifestListAsync(current, ct).ConfigureAwait(false) : [];
                return new SnapshotChange("append", manifest is null ? [] : [manifest], kept, dataFiles, [], summary);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The manifests of a snapshot.</summary>
    public async Task<IReadOnlyList<IcebergManifestFile>> ReadManifestListAsync(IcebergSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var key = Layout.KeyOf(snapshot.ManifestList);
        var bytes = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new IcebergTableException($"Table {Layout.TableName}: snapshot {snapshot.SnapshotId}'s manifest list {key} does not exist.");
        return Wrap(() => IcebergAvroFiles.ReadManifestList(bytes, $"{_store.Root}/{key}"));
    }

    /// <summary>The entries of a manifest, with inherited sequence numbers and snapshot ids filled in from the manifest list.</summary>
    public async Task<IReadOnlyList<IcebergManifestEntry>> ReadManifestAsync(IcebergManifestFile manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!_manifests.TryGetValue(manifest.ManifestPath, out var entries))
        {
            var key = Layout.KeyOf(manifest.ManifestPath);
            var bytes = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new IcebergTableException($"Table {Layout.TableName}: manifest {key} does not exist.");
            entries = Wrap(() => IcebergAvroFiles.ReadManifest(bytes, $"{_store.Root}/{key}", manifest.PartitionSpecId));
            _manifests[manifest.ManifestPath] = entries;
        }

        // Iceberg spec, "Sequence Number Inheritance": null means the manifest's own, for added entries.
        return [.. entries.Select(e => e with
        {
            SnapshotId = e.SnapshotId ?? manifest.AddedSnapshotId,
            SequenceNumber = e.SequenceNumber ?? manifest.SequenceNumber,
            FileSequenceNumber = e.FileSequenceNumber ?? manifest.SequenceNumber,
        })];
    }

    /// <summary>The live data files of a snapshot (entries that are added or existing), with their sequence numbers.</summary>
    public async Task<IReadOnlyList<IcebergManifestEntry>> LiveEntriesAsync(IcebergSnapshot snapshot, CancellationToken cancellationToken)
    {
        var live = new List<IcebergManifestEntry>();
        foreach (var manifest in await ReadManifestListAsync(snapshot, cancellationToken).ConfigureAwait(false))
        {
            live.AddRange((await ReadManifestAsync(manifest, cancellationToken).ConfigureAwait(false)).Where(e => e.Status != IcebergManifestEntryStatus.Deleted));
        }

        return live;
    }

    /// <summary>
    /// Data files of batch <paramref name="batchId"/> (by name, under <c>{table}/data/</c>) that no snapshot still in
    /// the table references: what a crashed attempt of the batch left. Call it after the batch's commit (or after
    /// finding it committed); the keys returned are safe to delete then, as no reader can reach them.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindUnreferencedBatchFilesAsync(long batchId, CancellationToken cancellationToken)
    {
        var prefix = IcebergTableLayout.BatchFilePrefix(batchId);
        var candidates = new List<string>();
        await foreach (var key in _store.ListAsync(Layout.DataPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (key[(key.LastIndexOf('/') + 1)..].StartsWith(prefix, StringComparison.Ordinal))
            {
                candidates.Add(key);
            }
        }

        if (candidates.Count == 0)
        {
            return [];
        }

        var referenced = await ReferencedKeysAsync(await LoadAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return [.. candidates.Where(k => !referenced.Contains(k))];
    }

    /// <summary>Deletes what <see cref="FindUnreferencedBatchFilesAsync"/> finds and returns the deleted keys.</summary>
    public async Task<IReadOnlyList<string>> DeleteUnreferencedBatchFilesAsync(long batchId, CancellationToken cancellationToken)
    {
        var keys = await FindUnreferencedBatchFilesAsync(batchId, cancellationToken).ConfigureAwait(false);
        foreach (var key in keys)
        {
            await _store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }

        return keys;
    }

    /// <summary>
    /// Commits one snapshot: loads the base, asks <paramref name="done"/> whether the change is already in it, builds
    /// the change on it, writes the manifest list and metadata, and moves the pointer, retrying on a lost race.
    /// </summary>
    private async Task<IcebergCommitResult> CommitAsync(
        long snapshotId,
        Func<IcebergTableState?, IcebergSnapshot?> done,
        Func<IcebergTableState?, CancellationToken, Task<SnapshotChange?>> build,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = await LoadAsync(cancellationToken).ConfigureAwait(false);
            if (done(state) is { } existing)
            {
                return new IcebergCommitResult(false, existing.SnapshotId, state!.Pointer.Version, attempt);
            }

            var change = await build(state, cancellationToken).ConfigureAwait(false);
            if (change is null)
            {
                return new IcebergCommitResult(false, null, state?.Pointer.Version ?? 0, attempt);
            }

            var metadata = await NextMetadataAsync(state, snapshotId, change, cancellationToken).ConfigureAwait(false);
            var version = (state?.Pointer.Version ?? 0) + 1;
            var pointer = await _catalog.TryCommitAsync(state?.Pointer, version, metadata.ToJson(), cancellationToken).ConfigureAwait(false);
            if (pointer is not null)
            {
                return new IcebergCommitResult(true, snapshotId, pointer.Version, attempt);
            }

            // Lost the race: the manifest list was made for the old base and no snapshot names it.
            await _store.DeleteAsync(Layout.KeyOf(metadata.CurrentSnapshot!.ManifestList), cancellationToken).ConfigureAwait(false);
            if (attempt >= _options.MaxCommitAttempts)
            {
                throw new IcebergCommitConflictException(
                    $"Table {Layout.TableName}: {attempt} commit attempts of snapshot {snapshotId} ({change.Operation}) lost the race for the table's pointer to other writers; nothing was committed.");
            }
        }
    }

    private async Task<IcebergTableMetadata> NextMetadataAsync(IcebergTableState? state, long snapshotId, SnapshotChange change, CancellationToken cancellationToken)
    {
        var now = _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var base_ = state?.Metadata ?? NewTableMetadata(now);
        now = Math.Max(now, base_.LastUpdatedMs);
        if (base_.Snapshots.Any(s => s.SnapshotId == snapshotId))
        {
            throw new IcebergTableException($"Table {Layout.TableName} already has a snapshot {snapshotId}; snapshot ids must be unique.");
        }

        var sequence = base_.LastSequenceNumber + 1;
        var manifests = change.NewManifests.Select(m => m with
        {
            SequenceNumber = sequence,
            MinSequenceNumber = m.AddedFilesCount == 0 ? m.MinSequenceNumber : m.ExistingFilesCount == 0 ? sequence : Math.Min(m.MinSequenceNumber, sequence),
        }).Concat(change.KeptManifests).ToList();
        var parent = base_.CurrentSnapshot;
        var listKey = string.Create(CultureInfo.InvariantCulture, $"{Layout.MetadataPrefix}snap-{snapshotId}-{sequence}-{_options.NewUuid():D}.avro");
        await PutAsync(listKey, IcebergAvroFiles.WriteManifestList(snapshotId, parent?.SnapshotId, sequence, manifests), cancellationToken).ConfigureAwait(false);

        var summary = await SummaryAsync(parent, change, cancellationToken).ConfigureAwait(false);
        var snapshot = new IcebergSnapshot(snapshotId, parent?.SnapshotId, sequence, now, Layout.LocationOf(listKey), summary, base_.CurrentSchemaId);
        var metadataLog = base_.MetadataLog.ToList();
        if (state is not null)
        {
            metadataLog.Add(new IcebergMetadataLogEntry(base_.LastUpdatedMs, Layout.LocationOf(state.Pointer.MetadataKey)));
        }

        return base_ with
        {
            LastSequenceNumber = sequence,
            LastUpdatedMs = now,
            CurrentSnapshotId = snapshotId,
            Snapshots = [.. base_.Snapshots, snapshot],
            SnapshotLog = [.. base_.SnapshotLog, new IcebergSnapshotLogEntry(now, snapshotId)],
            MetadataLog = metadataLog.Count > MetadataLogLimit ? metadataLog[^MetadataLogLimit..] : metadataLog,
        };
    }

    private IcebergTableMetadata NewTableMetadata(long now)
    {
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["write.format.default"] = "parquet",
            ["write.parquet.compression-codec"] = "snappy",
        };
        foreach (var (key, value) in _options.TableProperties)
        {
            properties[key] = value;
        }

        return new IcebergTableMetadata
        {
            TableUuid = _options.NewUuid(),
            Location = Layout.Location,
            LastSequenceNumber = 0,
            LastUpdatedMs = now,
            LastColumnId = Layout.Schema.HighestFieldId,
            Schemas = [Layout.Schema],
            CurrentSchemaId = Layout.Schema.SchemaId,
            PartitionSpecs = [Layout.Spec],
            DefaultSpecId = Layout.Spec.SpecId,
            LastPartitionId = Layout.Spec.HighestFieldId,
            Properties = properties,
        };
    }

    private async Task<Dictionary<string, string>> SummaryAsync(IcebergSnapshot? parent, SnapshotChange change, CancellationToken cancellationToken)
    {
        // Totals carry forward from the parent's summary (Iceberg spec, Appendix F, "Metrics"); a parent written
        // without them is counted from its live files.
        long files = 0, records = 0, size = 0;
        if (parent is not null)
        {
            if (!(TryTotal(parent, "total-data-files", out files) & TryTotal(parent, "total-records", out records) & TryTotal(parent, "total-files-size", out size)))
            {
                var live = await LiveEntriesAsync(parent, cancellationToken).ConfigureAwait(false);
                (files, records, size) = (live.Count, live.Sum(e => e.DataFile.RecordCount), live.Sum(e => e.DataFile.FileSizeInBytes));
            }
        }

        var summary = new Dictionary<string, string>(StringComparer.Ordinal) { ["operation"] = change.Operation };
        void Put(string key, long value) => summary[key] = value.ToString(CultureInfo.InvariantCulture);
        if (change.Added.Count > 0)
        {
            Put("added-data-files", change.Added.Count);
            Put("added-records", change.Added.Sum(f => f.RecordCount));
            Put("added-files-size", change.Added.Sum(f => f.FileSizeInBytes));
        }

        if (change.Removed.Count > 0)
        {
            Put("deleted-data-files", change.Removed.Count);
            Put("deleted-records", change.Removed.Sum(f => f.RecordCount));
            Put("removed-files-size", change.Removed.Sum(f => f.FileSizeInBytes));
        }

        Put("changed-partition-count", change.Added.Concat(change.Removed).Select(f => string.Join(',', f.Partition)).Distinct(StringComparer.Ordinal).Count());
        Put("total-data-files", files + change.Added.Count - change.Removed.Count);
        Put("total-records", records + change.Added.Sum(f => f.RecordCount) - change.Removed.Sum(f => f.RecordCount));
        Put("total-files-size", size + change.Added.Sum(f => f.FileSizeInBytes) - change.Removed.Sum(f => f.FileSizeInBytes));
        Put("total-delete-files", 0);
        Put("total-position-deletes", 0);
        Put("total-equality-deletes", 0);
        foreach (var (key, value) in change.ExtraSummary)
        {
            summary[key] = value;
        }

        return summary;
    }

    private static bool TryTotal(IcebergSnapshot snapshot, string key, out long value)
    {
        value = 0;
        return snapshot.Summary.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Writes a manifest of <paramref name="entries"/> and returns its manifest-list entry (sequence numbers still to fill).</summary>
    private async Task<IcebergManifestFile> WriteManifestAsync(
        IcebergSchema schema, IcebergPartitionSpec spec, IReadOnlyList<IcebergManifestEntry> entries, long snapshotId, CancellationToken cancellationToken)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{Layout.MetadataPrefix}{_options.NewUuid():D}-m0.avro");
        var bytes = IcebergAvroFiles.WriteManifest(schema, spec, entries);
        await PutAsync(key, bytes, cancellationToken).ConfigureAwait(false);
        _manifests[Layout.LocationOf(key)] = entries;

        var partitions = spec.Fields.Select((_, i) =>
        {
            var values = entries.Select(e => e.DataFile.Partition[i]).ToList();
            var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
            return new IcebergPartitionFieldSummary(
                values.Any(v => v is null),
                null,
                present.Count == 0 ? null : BitConverter.GetBytes(present.Min()),
                present.Count == 0 ? null : BitConverter.GetBytes(present.Max()));
        }).ToList();
        long Rows(IcebergManifestEntryStatus status) => entries.Where(e => e.Status == status).Sum(e => e.DataFile.RecordCount);
        int Files(IcebergManifestEntryStatus status) => entries.Count(e => e.Status == status);
        var explicitSequences = entries.Where(e => e.Status != IcebergManifestEntryStatus.Deleted && e.SequenceNumber is not null).Select(e => e.SequenceNumber!.Value).ToList();
        return new IcebergManifestFile(
            Layout.LocationOf(key),
            bytes.Length,
            spec.SpecId,
            SequenceNumber: 0,
            MinSequenceNumber: explicitSequences.Count == 0 ? 0 : explicitSequences.Min(),
            snapshotId,
            Files(IcebergManifestEntryStatus.Added),
            Files(IcebergManifestEntryStatus.Existing),
            Files(IcebergManifestEntryStatus.Deleted),
            Rows(IcebergManifestEntryStatus.Added),
            Rows(IcebergManifestEntryStatus.Existing),
            Rows(IcebergManifestEntryStatus.Deleted),
            partitions);
    }

    /// <summary>Every key a retained snapshot or metadata file of <paramref name="state"/> reaches: data files, manifests, manifest lists, metadata files.</summary>
    private async Task<HashSet<string>> ReferencedKeysAsync(IcebergTableState? state, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (state is null)
        {
            return keys;
        }

        keys.Add(state.Pointer.MetadataKey);
        foreach (var entry in state.Metadata.MetadataLog)
        {
            if (entry.MetadataFile.StartsWith(Layout.Location + "/", StringComparison.Ordinal))
            {
                keys.Add(Layout.KeyOf(entry.MetadataFile));
            }
        }

        foreach (var snapshot in state.Metadata.Snapshots)
        {
            keys.Add(Layout.KeyOf(snapshot.ManifestList));
            foreach (var manifest in await ReadManifestListAsync(snapshot, cancellationToken).ConfigureAwait(false))
            {
                keys.Add(Layout.KeyOf(manifest.ManifestPath));
                foreach (var entry in await ReadManifestAsync(manifest, cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(Layout.KeyOf(entry.DataFile.FilePath));
                }
            }
        }

        return keys;
    }

    private async Task PutAsync(string key, byte[] bytes, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(bytes, writable: false);
        await _store.PutAsync(key, content, cancellationToken).ConfigureAwait(false);
    }

    private T Wrap<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw new IcebergTableException($"Table {Layout.TableName}: {e.Message}", innerException: e);
        }
    }
}
