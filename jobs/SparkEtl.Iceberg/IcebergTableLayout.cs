using System.Globalization;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;
using SparkEtl.Iceberg.Metadata;

namespace SparkEtl.Iceberg;

/// <summary>
/// Where an Iceberg table lives and what a new one looks like: its folder key in the warehouse store, its location
/// URI, and the schema and partition spec a table created here gets (field ids 1..n in column order, timestamps as
/// <c>timestamptz</c>, partition field ids from 1000). An existing table keeps the schema its metadata has.
/// </summary>
public sealed class IcebergTableLayout
{
    /// <param name="tableName">The table's name (in Glue and Athena).</param>
    /// <param name="description">The table's comment.</param>
    /// <param name="keyPrefix">The table's folder in the warehouse store, e.g. <c>trades</c>: data under <c>trades/data/</c>, metadata under <c>trades/metadata/</c>.</param>
    /// <param name="location">The folder's URI without a trailing '/', e.g. <c>s3://bucket/warehouse/trades</c> or <c>file:///data/warehouse/trades</c>.</param>
    /// <param name="schema">The schema of a new table.</param>
    /// <param name="spec">The partition spec of a new table.</param>
    public IcebergTableLayout(string tableName, string description, string keyPrefix, string location, IcebergSchema schema, IcebergPartitionSpec spec)
    {
        TableNames.Validate(tableName);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(spec);
        ObjectKeys.Validate(keyPrefix);
        if (!location.Contains("://", StringComparison.Ordinal) || location.EndsWith('/'))
        {
            throw new ArgumentException($"A table location is a URI with a scheme and no trailing '/', e.g. s3://bucket/warehouse/trades; got \"{location}\".", nameof(location));
        }

        TableName = tableName;
        Description = description;
        KeyPrefix = keyPrefix;
        Location = location;
        Schema = schema;
        Spec = spec;
    }

    public string TableName { get; }

    public string Description { get; }

    public string KeyPrefix { get; }

    public string Location { get; }

    public IcebergSchema Schema { get; }

    public IcebergPartitionSpec Spec { get; }

    /// <summary>The key prefix of data files: <c>{table}/data/</c>.</summary>
    public string DataPrefix => KeyPrefix + "/data/";

    /// <summary>The key prefix of metadata files: <c>{table}/metadata/</c>.</summary>
    public string MetadataPrefix => KeyPrefix + "/metadata/";

    /// <summary>
    /// The layout of one of SparkEtl's tables in the warehouse at <paramref name="warehouseUri"/>, partitioned by the day of
    /// <paramref name="partitionColumn"/> (a timestamp column).
    /// </summary>
    public static IcebergTableLayout For(TableDefinition table, string partitionColumn, string warehouseUri)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(warehouseUri);
        var fields = table.Columns.Select((c, i) => new IcebergField(i + 1, c.Name, !c.Nullable, TypeOf(c), c.Comment)).ToList();
        var source = fields.FirstOrDefault(f => f.Name == partitionColumn)
            ?? throw new ArgumentException($"Table {table.Name} has no column \"{partitionColumn}\" to partition by.", nameof(partitionColumn));
        if (source.Type is not (IcebergType.TimestampTz or IcebergType.Timestamp))
        {
            throw new ArgumentException($"Table {table.Name} is partitioned by day({partitionColumn}), which needs a timestamp column; it is {source.Type.JsonName()}.", nameof(partitionColumn));
        }

        var spec = new IcebergPartitionSpec(0, [new IcebergPartitionField(source.Id, 1000, partitionColumn + "_day", "day")]);
        return new IcebergTableLayout(table.Name, table.Description, table.Name, warehouseUri.TrimEnd('/') + "/" + table.Name, new IcebergSchema(0, fields), spec);
    }

    /// <summary>The Iceberg type a SparkEtl column gets in a new table.</summary>
    public static IcebergType TypeOf(TableColumn column) => column.Type switch
    {
        ParquetColumnType.String => IcebergType.String,
        ParquetColumnType.Int64 => IcebergType.Long,
        ParquetColumnType.Double => IcebergType.Double,
        ParquetColumnType.LocalTimestampMicros => IcebergType.Timestamp,
        _ => IcebergType.TimestampTz,
    };

    /// <summary>The warehouse URI of a store root: <c>s3://...</c> as it is, a local folder as an absolute <c>file:///</c> URI.</summary>
    public static string WarehouseUri(string storeRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeRoot);
        if (storeRoot.Contains("://", StringComparison.Ordinal))
        {
            return storeRoot.TrimEnd('/');
        }

        return new Uri(Path.GetFullPath(storeRoot)).AbsoluteUri.TrimEnd('/');
    }

    /// <summary>The store key of a location inside the table, e.g. <c>trades/data/x.parquet</c> for <c>{Location}/data/x.parquet</c>.</summary>
    /// <exception cref="IcebergTableException">The location is not inside the table's location.</exception>
    public string KeyOf(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!location.StartsWith(Location + "/", StringComparison.Ordinal))
        {
            throw new IcebergTableException($"{location} is not inside table {TableName}'s location {Location}; SparkEtl only reads and writes files under its tables' folders.");
        }

        return KeyPrefix + Uri.UnescapeDataString(location[Location.Length..]);
    }

    /// <summary>The location of a store key inside the table.</summary>
    public string LocationOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.StartsWith(KeyPrefix + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Key {key} is not inside table folder {KeyPrefix}/.", nameof(key));
        }

        return Location + key[KeyPrefix.Length..];
    }

    /// <summary>
    /// The key of a data file a batch writes: <c>{table}/data/event_time_day=2023-11-14/part-00000042-000.snappy.parquet</c>,
    /// from (partition, batch id, part) only, so a replay of the batch writes the same keys.
    /// </summary>
    public string DataFileKey(IcebergPartitionSpec spec, IReadOnlyList<int?> partition, long batchId, int part, ParquetCompression compression)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchId);
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        return string.Create(CultureInfo.InvariantCulture, $"{DataPrefix}{PartitionPath(spec, partition)}/{BatchFilePrefix(batchId)}{part:D3}{OutputNaming.Extension(compression)}");
    }

    /// <summary>The file name start every data file of a batch has: <c>part-00000042-</c>.</summary>
    public static string BatchFilePrefix(long batchId) => string.Create(CultureInfo.InvariantCulture, $"part-{batchId:D8}-");

    /// <summary>The Hive-style folder of a partition tuple, as Iceberg writers name them: <c>event_time_day=2023-11-14</c>.</summary>
    public static string PartitionPath(IcebergPartitionSpec spec, IReadOnlyList<int?> partition) =>
        string.Join('/', spec.Fields.Select((f, i) => Core.Tables.PartitionPath.Segment(f.Name, partition[i] is { } days
            ? (f.Transform == "day" ? DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : days.ToString(CultureInfo.InvariantCulture))
            : "null")));
}
