using System.Runtime.CompilerServices;
using SparkEtl.Core.Storage;
using SparkEtl.Warehouse.Commit;
using SparkEtl.Warehouse.Storage.Internal;

namespace SparkEtl.Warehouse.Storage;

/// <summary>
/// An object store in a local folder. A put writes a hidden temporary file beside the target
/// (names starting with '.' are ignored by Hive, Spark and Athena), flushes it to disk and renames it
/// over the target, so readers see the old file or the whole new one; then it syncs the folder, so the
/// new name survives a power loss before the put counts as done.
/// </summary>
public sealed class LocalObjectStore : IObjectStore
{
    private readonly string _root;
    private readonly ICommitProbe _probe;

    /// <param name="probe">Told before each put publishes its object (crash tests); default none.</param>
    public LocalObjectStore(string root, ICommitProbe? probe = null)
    {
        _root = Path.GetFullPath(root);
        _probe = probe ?? NoCommitProbe.Instance;
        Root = root;
    }

    public string Root { get; }

    /// <summary>The store's folder as an absolute path.</summary>
    public string FolderPath => _root;

    /// <summary>The absolute file path of a key.</summary>
    public string PathOf(string key) =>
        Path.Combine(_root, ObjectKeys.Validate(key).Replace('/', Path.DirectorySeparatorChar));

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken) =>
        await PutAsync(key, content, overwrite: true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>The temporary file is linked under the key without replacing (rename(2) cannot refuse, link(2) can), so of two racing writers exactly one wins.</remarks>
    public Task<bool> PutIfAbsentAsync(string key, Stream content, CancellationToken cancellationToken) =>
        PutAsync(key, content, overwrite: false, cancellationToken);

    private async Task<bool> PutAsync(string key, Stream content, bool overwrite, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        if (!overwrite && File.Exists(target))
        {
            return false;
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            _probe.Publishing(key);
            if (overwrite)
            {
                File.Move(temporary, target, overwrite: true);
            }
            else if (!NoReplaceRename.TryMove(temporary, target))
            {
                File.Delete(temporary);
                return false;
            }

            // The new name is durable only once its folder is synced.
            DirectorySync.Sync(folder);
            return true;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(key), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var key in Keys(prefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }
    }

    /// <inheritdoc />
    /// <remarks>The time is the file's modification time; a key whose file went away while listing is left out.</remarks>
    public async IAsyncEnumerable<StoredObject> ListObjectsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var key in Keys(prefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(PathOf(key));
            if (file.Exists)
            {
                yield return new StoredObject(key, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
            }
        }
    }

    private IEnumerable<string> Keys(string prefix)
    {
        if (!Directory.Exists(_root))
        {
            return [];
        }

        // Only the folder the prefix names needs walking; temporary files in flight are not objects.
        var slash = prefix.LastIndexOf('/');
        var start = slash < 0 ? _root : Path.Combine(_root, prefix[..slash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(start))
        {
            return [];
        }

        return Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories)
            .Where(path => !Path.GetFileName(path).StartsWith('.'))
            .Select(path => Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Deletes the temporary files that puts in flight leave when a process dies between writing and
    /// renaming. Call only while no other writer uses the store (the checkpoint lock is held).
    /// </summary>
    public int DeleteAbandonedTemporaryFiles()
    {
        if (!Directory.Exists(_root))
        {
            return 0;
        }

        var abandoned = Directory.EnumerateFiles(_root, ".*.tmp", SearchOption.AllDirectories).ToList();
        foreach (var file in abandoned)
        {
            File.Delete(file);
        }

        return abandoned.Count;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        // File.Delete ignores a missing file but not a missing folder; a reconcile deletes keys of partitions that
        // may never have been created, and deleting a missing object is not an error (IObjectStore).
        var path = PathOf(key);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }
}
