using System.Globalization;
using System.Text;
using SparkEtl.Core.Storage;

namespace SparkEtl.Iceberg.Catalog;

/// <summary>
/// The file-system convention (Iceberg spec, "File System Tables"; HadoopTableOperations): metadata versions are
/// <c>metadata/v1.metadata.json</c>, <c>v2</c>, ... and version N+1 is committed by creating its file only if it does not
/// exist yet (<see cref="IObjectStore.PutIfAbsentAsync"/>: a link that refuses to replace locally, S3's
/// <c>If-None-Match: *</c>), so of two writers on the same base exactly one wins. <c>metadata/version-hint.text</c>
/// then names the newest version for readers that follow the convention (icebird, DuckDB, Spark's Hadoop catalog).
/// </summary>
/// <remarks>
/// The hint is written after the version file, so it can lag (a crash in between): <see cref="LoadAsync"/> starts
/// from the hint, follows the numbered files past it, and rewrites a lagging hint.
/// </remarks>
public sealed class FileSystemIcebergCatalog : IIcebergCatalog
{
    private readonly IObjectStore _store;
    private readonly string _metadataPrefix;

    /// <param name="store">The warehouse.</param>
    /// <param name="tableKeyPrefix">The table's folder key, e.g. <c>trades</c>.</param>
    public FileSystemIcebergCatalog(IObjectStore store, string tableKeyPrefix)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(tableKeyPrefix);
        _store = store;
        _metadataPrefix = ObjectKeys.Validate(tableKeyPrefix) + "/metadata/";
    }

    /// <summary>The key of the hint file: <c>{table}/metadata/version-hint.text</c>.</summary>
    public string VersionHintKey => _metadataPrefix + "version-hint.text";

    /// <summary>The key of metadata version N: <c>{table}/metadata/vN.metadata.json</c>.</summary>
    public string MetadataKey(int version) => string.Create(CultureInfo.InvariantCulture, $"{_metadataPrefix}v{version}.metadata.json");

    /// <inheritdoc />
    public async Task<IcebergCatalogPointer?> LoadAsync(CancellationToken cancellationToken)
    {
        var hint = await _store.GetAsync(VersionHintKey, cancellationToken).ConfigureAwait(false);
        var version = 0;
        if (hint is not null && int.TryParse(Encoding.UTF8.GetString(hint).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var hinted) && hinted > 0)
        {
            version = hinted;
        }
        else
        {
            // No (readable) hint: the highest numbered file there is.
            await foreach (var key in _store.ListAsync(_metadataPrefix, cancellationToken).ConfigureAwait(false))
            {
                version = Math.Max(version, VersionOf(key) ?? 0);
            }
        }

        if (version == 0)
        {
            return null;
        }

        // Follow the numbered files past the hint: a commit whose hint write did not happen still counts.
        var latest = version;
        while (await _store.GetAsync(MetadataKey(latest + 1), cancellationToken).ConfigureAwait(false) is not null)
        {
            latest++;
        }

        if (latest != version || hint is null)
        {
            await WriteHintAsync(latest, cancellationToken).ConfigureAwait(false);
        }

        return new IcebergCatalogPointer(MetadataKey(latest), latest);
    }

    /// <inheritdoc />
    public async Task<IcebergCatalogPointer?> TryCommitAsync(IcebergCatalogPointer? expected, int version, byte[] metadataJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadataJson);
        var next = (expected?.Version ?? 0) + 1;
        if (version != next)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, $"A commit on version {expected?.Version ?? 0} writes version {next}.");
        }

        using var content = new MemoryStream(metadataJson, writable: false);
        if (!await _store.PutIfAbsentAsync(MetadataKey(version), content, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await WriteHintAsync(version, cancellationToken).ConfigureAwait(false);
        return new IcebergCatalogPointer(MetadataKey(version), version);
    }

    /// <summary>N of a <c>vN.metadata.json</c> key, or null for any other key.</summary>
    public static int? VersionOf(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        return name.StartsWith('v') && name.EndsWith(".metadata.json", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(1, name.Length - 1 - ".metadata.json".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
    }

    private async Task WriteHintAsync(int version, CancellationToken cancellationToken)
    {
        using var hint = new MemoryStream(Encoding.UTF8.GetBytes(version.ToString(CultureInfo.InvariantCulture)), writable: false);
        await _store.PutAsync(VersionHintKey, hint, cancellationToken).ConfigureAwait(false);
    }
}
