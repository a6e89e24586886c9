using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SparkEtl.Core;
using SparkEtl.Core.Storage;

namespace SparkEtl.Warehouse.Checkpoint;

/// <summary>
/// The checkpoint of a streaming query, in an object store: <c>metadata</c>, then per batch N <c>offsets/N</c> (before N
/// runs), <c>intents/N/&lt;run&gt;</c> (before N's files are put), <c>commits/N</c> (after N's files are durable, holding
/// the window state) and <c>progress/N.json</c>. Each file appears atomically (<see cref="IObjectStore.PutAsync"/>);
/// <c>metadata</c>, <c>offsets/N</c> and <c>commits/N</c> are created with conditional puts
/// (<see cref="IObjectStore.PutIfAbsentAsync"/>), so of two runs writing one checkpoint the second is refused instead of
/// interleaving. Entries older than the retention are deleted.
/// </summary>
public sealed class CheckpointLog(IObjectStore store)
{
    private const string Metadata = "metadata";
    private static readonly string[] BatchFolders = ["offsets/", "intents/", "state/", "commits/", "progress/"];

    /// <summary>Where the checkpoint is, as the user wrote it.</summary>
    public string Root => store.Root;

    public Task<CheckpointMetadata?> ReadMetadataAsync(CancellationToken cancellationToken) =>
        ReadAsync(Metadata, CheckpointJsonContext.Default.CheckpointMetadata, cancellationToken);

    /// <summary>Creates <c>metadata</c>; false when it exists already (another run made the checkpoint first).</summary>
    public Task<bool> TryCreateMetadataAsync(CheckpointMetadata metadata, CancellationToken cancellationToken) =>
        TryCreateAsync(Metadata, metadata, CheckpointJsonContext.Default.CheckpointMetadata, cancellationToken);

    /// <summary>The highest batch id with an <c>offsets</c> entry, or -1.</summary>
    public Task<long> LatestPlannedAsync(CancellationToken cancellationToken) => LatestAsync("offsets/", cancellationToken);

    /// <summary>The highest batch id with a <c>commits</c> entry, or -1.</summary>
    public Task<long> LatestCommittedAsync(CancellationToken cancellationToken) => LatestAsync("commits/", cancellationToken);

    public async Task<BatchOffsets> ReadOffsetsAsync(long batchId, CancellationToken cancellationToken) =>
        await TryReadOffsetsAsync(batchId, cancellationToken).ConfigureAwait(false) ?? throw Missing("offsets", batchId);

    public Task<BatchOffsets?> TryReadOffsetsAsync(long batchId, CancellationToken cancellationToken) =>
        ReadAsync(Key("offsets", batchId), CheckpointJsonContext.Default.BatchOffsets, cancellationToken);

    /// <summary>Creates <c>offsets/N</c>; false when it exists already.</summary>
    public Task<bool> TryCreateOffsetsAsync(BatchOffsets offsets, CancellationToken cancellationToken) =>
        TryCreateAsync(Key("offsets", offsets.BatchId), offsets, CheckpointJsonContext.Default.BatchOffsets, cancellationToken);

    public async Task<BatchCommit> ReadCommitAsync(long batchId, CancellationToken cancellationToken) =>
        await TryReadCommitAsync(batchId, cancellationToken).ConfigureAwait(false) ?? throw Missing("commits", batchId);

    public Task<BatchCommit?> TryReadCommitAsync(long batchId, CancellationToken cancellationToken) =>
        ReadAsync(Key("commits", batchId), CheckpointJsonContext.Default.BatchCommit, cancellationToken);

    /// <summary>Creates <c>commits/N</c>; false when it exists already.</summary>
    public Task<bool> TryCreateCommitAsync(BatchCommit commit, CancellationToken cancellationToken) =>
        TryCreateAsync(Key("commits", commit.BatchId), commit, CheckpointJsonContext.Default.BatchCommit, cancellationToken);

    /// <summary>
    /// The window state after batch <paramref name="batchId"/>: the state its commit carries, or the <c>state/N</c> file of
    /// a checkpoint written before commits carried it; null when the batch left none.
    /// </summary>
    public async Task<WindowStateSnapshot?> ReadStateAsync(long batchId, CancellationToken cancellationToken)
    {
        var commit = await TryReadCommitAsync(batchId, cancellationToken).ConfigureAwait(false);
        return commit?.State
            ?? await ReadAsync(Key("state", batchId), CheckpointJsonContext.Default.WindowStateSnapshot, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the keys an attempt at a batch is about to write (before the first of them is put).</summary>
    public Task WriteIntentAsync(BatchIntent intent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        return WriteAsync($"{Key("intents", intent.BatchId)}/{intent.RunId}", intent, CheckpointJsonContext.Default.BatchIntent, cancellationToken);
    }

    /// <summary>The intents every attempt at a batch recorded.</summary>
    public async Task<IReadOnlyList<BatchIntent>> ReadIntentsAsync(long batchId, CancellationToken cancellationToken)
    {
        var intents = new List<BatchIntent>();
        await foreach (var key in store.ListAsync(Key("intents", batchId) + "/", cancellationToken).ConfigureAwait(false))
        {
            if (await ReadAsync(key, CheckpointJsonContext.Default.BatchIntent, cancellationToken).ConfigureAwait(false) is { } intent)
            {
                intents.Add(intent);
            }
        }

        return intents;
    }

    /// <summary>Deletes the intents of a committed batch: its leftovers are gone, so they have served.</summary>
    public async Task DeleteIntentsAsync(long batchId, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(Key("intents", batchId) + "/", cancellationToken).ConfigureAwait(false))
        {
            keys.Add(key);
        }

        foreach (var key in keys)
        {
            await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps a batch's progress record (a JSON object) beside its commit.</summary>
    public async Task WriteProgressAsync(long batchId, byte[] json, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(json, writable: false);
        await store.PutAsync(Key("progress", batchId) + ".json", content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The progress records kept, oldest first.</summary>
    public async Task<IReadOnlyList<JsonDocument>> ReadProgressAsync(CancellationToken cancellationToken)
    {
        var documents = new List<(long, JsonDocument)>();
        await foreach (var key in store.ListAsync("progress/", cancellationToken).ConfigureAwait(false))
        {
            var bytes = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (bytes is not null && TryBatchId("progress/", key, out var id))
            {
                try
                {
                    documents.Add((id, JsonDocument.Parse(bytes)));
                }
                catch (JsonException e)
                {
                    throw new SparkEtlException($"The checkpoint file {store.Root}/{key} is not readable: {e.Message}", innerException: e);
                }
            }
        }

        return [.. documents.OrderBy(d => d.Item1).Select(d => d.Item2)];
    }

    /// <summary>Deletes every entry of the batches before <paramref name="oldestKept"/>.</summary>
    public async Task DeleteBeforeAsync(long oldestKept, CancellationToken cancellationToken)
    {
        foreach (var folder in BatchFolders)
        {
            var old = new List<string>();
            await foreach (var key in store.ListAsync(folder, cancellationToken).ConfigureAwait(false))
            {
                if (TryBatchId(folder, key, out var id) && id < oldestKept)
                {
                    old.Add(key);
                }
            }

            foreach (var key in old)
            {
                await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<long> LatestAsync(string folder, CancellationToken cancellationToken)
    {
        var latest = -1L;
        await foreach (var key in store.ListAsync(folder, cancellationToken).ConfigureAwait(false))
        {
            if (TryBatchId(folder, key, out var id) && id > latest)
            {
                latest = id;
            }
        }

        return latest;
    }

    private async Task<T?> ReadAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type)
                ?? throw new SparkEtlException($"The checkpoint file {store.Root}/{key} is empty.");
        }
        catch (JsonException e)
        {
            throw new SparkEtlException($"The checkpoint file {store.Root}/{key} is not readable: {e.Message}", innerException: e);
        }
    }

    private async Task WriteAsync<T>(string key, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(value, type), writable: false);
        await store.PutAsync(key, content, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> TryCreateAsync<T>(string key, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type);
        using var content = new MemoryStream(bytes, writable: false);
        if (await store.PutIfAbsentAsync(key, content, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        // A put whose answer was lost and that the client tried again finds its own object: it did create it.
        var existing = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return existing is not null && existing.AsSpan().SequenceEqual(bytes);
    }

    private SparkEtlException Missing(string folder, long batchId) =>
        new($"The checkpoint at {store.Root} has no {folder}/{batchId}, which its other entries need; it is damaged.");

    private static string Key(string folder, long batchId) => string.Create(CultureInfo.InvariantCulture, $"{folder}/{batchId}");

    // offsets/7, commits/7, progress/7.json, intents/7/<run>
    private static bool TryBatchId(string folder, string key, out long id)
    {
        var name = key.AsSpan(folder.Length);
        var end = name.IndexOfAny('/', '.');
        return long.TryParse(end < 0 ? name : name[..end], NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
