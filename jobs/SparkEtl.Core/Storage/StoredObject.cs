namespace SparkEtl.Core.Storage;

/// <summary>An object of a store listing: its key and when it was last written (UTC).</summary>
/// <param name="Key">The object's key below the store's root.</param>
/// <param name="LastModified">
/// When its current content was written: a local file's modification time, S3's <c>LastModified</c>; null when the store
/// did not say (a caller deciding by age then treats the object as young).
/// </param>
public readonly record struct StoredObject(string Key, DateTimeOffset? LastModified);
