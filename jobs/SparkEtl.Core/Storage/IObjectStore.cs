namespace SparkEtl.Core.Storage;

/// <summary>
/// Where tables, checkpoints and backups are kept: a local folder or an S3 prefix. Keys are
/// relative, '/'-separated paths below the store's root (e.g. <c>trades/dt=2023-11-14/part-00000001-000.snappy.parquet</c>);
/// an implementation never reads or writes outside its root.
/// </summary>
public interface IObjectStore
{
    /// <summary>The store's root as a user writes it, e.g. <c>/data/warehouse</c> or <c>s3://bucket/prefix</c>.</summary>
    string Root { get; }

    /// <summary>
    /// Writes the whole of <paramref name="content"/> (read from its current position to its end) under
    /// <paramref name="key"/>, replacing what was there. Atomic: readers see the old object or the whole
    /// new one, never a part. Durable when the task completes.
    /// </summary>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="content"/> under <paramref name="key"/> only when no object is there yet, as S3's
    /// conditional write (<c>If-None-Match: *</c>) does. Returns false, writing nothing, when one already exists:
    /// another writer got there first. Atomic against racing writers; durable when the task completes.
    /// </summary>
    Task<bool> PutIfAbsentAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Reads an object whole, or returns null when there is none under <paramref name="key"/>.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Lists the keys that start with <paramref name="prefix"/>, in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the objects whose keys start with <paramref name="prefix"/>, in ordinal key order, with their last-modified
    /// times: what deciding a file's age needs (orphan-file removal keeps files younger than its cut-off).
    /// </summary>
    IAsyncEnumerable<StoredObject> ListObjectsAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes an object; deleting a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
