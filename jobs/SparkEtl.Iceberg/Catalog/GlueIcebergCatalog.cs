using System.Globalization;
using SparkEtl.Aws;
using SparkEtl.Aws.Glue;
using SparkEtl.Core.Storage;

namespace SparkEtl.Iceberg.Catalog;

/// <summary>
/// The pointer in the AWS Glue Data Catalog, as Iceberg's GlueCatalog and Athena keep it: a table with
/// <c>table_type=ICEBERG</c>, <c>metadata_location</c> and <c>previous_metadata_location</c> in its parameters.
/// Metadata files are <c>metadata/NNNNN-&lt;uuid&gt;.metadata.json</c>; the pointer moves with <c>CreateTable</c>
/// (first commit: <c>AlreadyExistsException</c> means another writer created it) or <c>UpdateTable</c> with the
/// <c>VersionId</c> the base was read at (<c>ConcurrentModificationException</c> means another writer moved it).
/// </summary>
public sealed class GlueIcebergCatalog : IIcebergCatalog
{
    private readonly GlueCatalogClient _glue;
    private readonly string _database;
    private readonly string _tableName;
    private readonly IObjectStore _store;
    private readonly IcebergTableLayout _layout;
    private readonly Func<Guid> _newUuid;

    /// <param name="glue">The Glue client.</param>
    /// <param name="database">The Glue database (it must exist).</param>
    /// <param name="store">The warehouse the metadata files go to.</param>
    /// <param name="layout">The table: its name in Glue, location, key prefix and columns.</param>
    /// <param name="newUuid">Makes the uuid of each metadata file name; null for random ones.</param>
    public GlueIcebergCatalog(GlueCatalogClient glue, string database, IObjectStore store, IcebergTableLayout layout, Func<Guid>? newUuid = null)
    {
        ArgumentNullException.ThrowIfNull(glue);
        ArgumentException.ThrowIfNullOrEmpty(database);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(layout);
        _glue = glue;
        _database = database;
        _tableName = layout.TableName;
        _store = store;
        _layout = layout;
        _newUuid = newUuid ?? Guid.NewGuid;
    }

    /// <inheritdoc />
    public async Task<IcebergCatalogPointer?> LoadAsync(CancellationToken cancellationToken)
    {
        var table = await _glue.GetTableAsync(_database, _tableName, cancellationToken).ConfigureAwait(false);
        if (table is null)
        {
            return null;
        }

        var parameters = table.Parameters ?? new Dictionary<string, string>();
        if (!parameters.TryGetValue("table_type", out var type) || !string.Equals(type, "ICEBERG", StringComparison.OrdinalIgnoreCase)
            || !parameters.TryGetValue("metadata_location", out var location))
        {
            throw new IcebergTableException(
                $"Glue table {_database}.{_tableName} is not an Iceberg table (table_type={parameters.GetValueOrDefault("table_type") ?? "none"}); drop it or choose table.format=parquet.");
        }

        var key = _layout.KeyOf(location);
        return new IcebergCatalogPointer(key, VersionOf(key), table.VersionId);
    }

    /// <inheritdoc />
    public async Task<IcebergCatalogPointer?> TryCommitAsync(IcebergCatalogPointer? expected, int version, byte[] metadataJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadataJson);
        var key = string.Create(CultureInfo.InvariantCulture, $"{_layout.KeyPrefix}/metadata/{version:D5}-{_newUuid():D}.metadata.json");
        using (var content = new MemoryStream(metadataJson, writable: false))
        {
            if (!await _store.PutIfAbsentAsync(key, content, cancellationToken).ConfigureAwait(false))
            {
                throw new IcebergTableException($"Metadata file {key} exists already; its uuid was reused.");
            }
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["table_type"] = "ICEBERG",
            ["metadata_location"] = _layout.LocationOf(key),
        };
        if (expected is not null)
        {
            parameters["previous_metadata_location"] = _layout.LocationOf(expected.MetadataKey);
        }

        var input = new TableInput
        {
            Name = _tableName,
            Description = _layout.Description,
            TableType = "EXTERNAL_TABLE",
            Parameters = parameters,
            StorageDescriptor = new StorageDescriptor
            {
                Location = _layout.Location,
                Columns = [.. _layout.Schema.Fields.Select(f => new Column { Name = f.Name, Type = AthenaType(f.Type), Comment = f.Doc })],
            },
        };
        try
        {
            if (expected is null)
            {
                await _glue.CreateTableAsync(_database, input, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _glue.UpdateTableAsync(_database, input, expected.CatalogVersion, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (AwsServiceException e) when (e.ErrorCode is "AlreadyExistsException" or "ConcurrentModificationException")
        {
            return null;
        }

        // Glue assigns the new VersionId; the next commit reads it with the table.
        return new IcebergCatalogPointer(key, version, null);
    }

    /// <summary>The type Athena shows for a column of this Iceberg type.</summary>
    public static string AthenaType(Metadata.IcebergType type) => type switch
    {
        Metadata.IcebergType.String => "string",
        Metadata.IcebergType.Long => "bigint",
        Metadata.IcebergType.Int => "int",
        Metadata.IcebergType.Double => "double",
        Metadata.IcebergType.Date => "date",
        _ => "timestamp",
    };

    private static int VersionOf(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : FileSystemIcebergCatalog.VersionOf(key) ?? 0;
    }
}
