using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SparkEtl.Core;
using SparkEtl.Core.Storage;

namespace SparkEtl.Runner.Checkpoint;

/// <summary>
/// The checkpoint of a streaming query, in an object store: <c>metadata</c>, then per batch N
/// <c>offsets/N</c> (written before N runs), <c>state/N</c> and <c>commits/N</c> (written after N's
/// files are durable, in that order) and <c>progress/N.json</c>. Each file appears atomically
/// (<see cref="IObjectStore.PutAsync"/>). Entries older than the retention are deleted.
/// </summary>
public sealed class CheckpointLog(IObjectStore store)
{
    private const string Metadata = "metadata";

    /// <summary>Where the checkpoint is, as the user wrote it.</summary>
    public string Root => store.Root;

    public Task<CheckpointMetadata?> ReadMetadataAsync(CancellationToken cancellationToken) =>
        ReadAsync(Metadata, CheckpointJsonContext.Default.CheckpointMetadata, cancellationToken);

    public Task WriteMetadataAsync(CheckpointMetadata metadata, CancellationToken cancellationToken) =>
        WriteAsync(Metadata, metadata, CheckpointJsonContext.Default.CheckpointMetadata, cancellationToken);

    /// <summary>The highest batch id with an <c>offsets</c> entry, or -1.</summary>
    public Task<long> LatestPlannedAsync(CancellationToken cancellationToken) => LatestAsync("offsets/", cancellationToken);

    /// <summary>The highest batch id with a <c>commits</c> entry, or -1.</summary>
    public Task<long> LatestCommittedAsync(CancellationToken cancellationToken) => LatestAsync("commits/", cancellationToken);

    public async Task<BatchOffsets> ReadOffsetsAsync(long batchId, CancellationToken cancellationToken) =>
        await ReadAsync(Key("offsets", batchId), CheckpointJsonContext.Default.BatchOffsets, cancellationToken).ConfigureAwait(false)
        ?? throw Missing("offsets", batchId);

    public Task WriteOffsetsAsync(BatchOffsets offsets, CancellationToken cancellationToken) =>
        WriteAsync(Key("offsets", offsets.BatchId), offsets, CheckpointJsonContext.Default.BatchOffsets, cancellationToken);

    public async Task<BatchCommit> ReadCommitAsync(long batchId, CancellationToken cancellationToken) =>
        await ReadAsync(Key("commits", batchId), CheckpointJsonContext.Default.BatchCommit, cancellationToken).ConfigureAwait(false)
        ?? throw Missing("commits", batchId);

    public Task WriteCommitAsync(BatchCommit commit, CancellationToken cancellationToken) =>
        WriteAsync(Key("commits", commit.BatchId), commit, CheckpointJsonContext.Default.BatchCommit, cancellationToken);

    /// <summary>The window state after batch <paramref name="batchId"/>; null when that batch left none (it was never written).</summary>
    public Task<WindowStateSnapshot?> ReadStateAsync(long batchId, CancellationToken cancellationToken) =>
        ReadAsync(Key("state", batchId), CheckpointJsonContext.Default.WindowStateSnapshot, cancellationToken);

    public Task WriteStateAsync(long batchId, WindowStateSnapshot state, CancellationToken cancellationToken) =>
        WriteAsync(Key("state", batchId), state, CheckpointJsonContext.Default.WindowStateSnapshot, cancellationToken);

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
            if (bytes is not null && TryBatchId(key["progress/".Length..].Replace(".json", "", StringComparison.Ordinal), out var id))
            {
                documents.Add((id, JsonDocument.Parse(bytes)));
            }
        }

        return [.. documents.OrderBy(d => d.Item1).Select(d => d.Item2)];
    }

    /// <summary>Deletes every entry of the batches before <paramref name="oldestKept"/>.</summary>
    public async Task DeleteBeforeAsync(long oldestKept, CancellationToken cancellationToken)
    {
        foreach (var folder in new[] { "offsets/", "state/", "commits/", "progress/" })
        {
            var old = new List<string>();
            await foreach (var key in store.ListAsync(folder, cancellationToken).ConfigureAwait(false))
            {
                if (TryBatchId(key[folder.Length..].Replace(".json", "", StringComparison.Ordinal), out var id) && id < oldestKept)
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
            if (TryBatchId(key[folder.Length..], out var id) && id > latest)
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

    private SparkEtlException Missing(string folder, long batchId) =>
        new($"The checkpoint at {store.Root} has no {folder}/{batchId}, which its other entries need; it is damaged.");

    private static string Key(string folder, long batchId) => string.Create(CultureInfo.InvariantCulture, $"{folder}/{batchId}");

    private static bool TryBatchId(string name, out long id) =>
        long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
