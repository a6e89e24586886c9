using System.Globalization;
using System.Text;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Tables;
using SparkEtl.Spark.Plan.Internal;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// One of the job's tables as an Apache Iceberg table in <see cref="IcebergSparkCatalog"/>, laid out as the embedded
/// engine lays it out: at <c>&lt;warehouse&gt;/&lt;table&gt;</c>, the core table definition's columns in order (field ids
/// 1..n), timestamps as <c>timestamptz</c>, required columns <c>NOT NULL</c>, hidden partitioning by the day of one
/// timestamp column (partition field <c>&lt;column&gt;_day</c>), Parquet data files, format version 2. Everything the
/// driver runs against the table is built here: the create-if-absent DDL, the projection of the job's rows onto the
/// columns, the replay check and the write options that stamp the snapshot.
/// </summary>
public sealed class IcebergSparkTable
{
    /// <summary>
    /// The prefix of the write options Iceberg's Spark writer copies, without it, into the new snapshot's summary
    /// (<c>SnapshotSummary.EXTRA_METADATA_PREFIX</c>, read by <c>SparkWriteConf.extraSnapshotMetadata</c>). Spark hands
    /// write options over with lower-cased keys, so the summary keys are lower case.
    /// </summary>
    public const string SnapshotPropertyPrefix = "snapshot-property.";

    /// <summary>The snapshot summary key holding the streaming query's id; the embedded engine uses the same key.</summary>
    public const string QueryIdKey = "sparketl.query-id";

    /// <summary>The snapshot summary key holding the micro-batch id in decimal; the embedded engine uses the same key.</summary>
    public const string BatchIdKey = "sparketl.batch-id";

    /// <param name="definition">The core table definition.</param>
    /// <param name="partitionColumn">The timestamp column whose day partitions the table.</param>
    /// <param name="database">The Glue database.</param>
    /// <param name="warehouse">The warehouse root, <c>s3://bucket/prefix</c>.</param>
    /// <param name="compression">The Parquet codec of the data files (<c>parquet.compression</c>).</param>
    /// <param name="sourceFilter">The decoded rows that are this table's (see <see cref="SourceFilter"/>), or null.</param>
    internal IcebergSparkTable(TableDefinition definition, string partitionColumn, string database, string warehouse, ParquetCompression compression, string? sourceFilter)
    {
        var partition = definition.Columns.FirstOrDefault(c => c.Name == partitionColumn)
            ?? throw new ArgumentException($"Table {definition.Name} has no column \"{partitionColumn}\" to partition by.", nameof(partitionColumn));
        if (partition.Type != ParquetColumnType.TimestampMillis)
        {
            throw new ArgumentException($"Table {definition.Name} is partitioned by the day of {partitionColumn}, which must be a timestamp column.", nameof(partitionColumn));
        }

        Definition = definition;
        PartitionColumn = partitionColumn;
        Identifier = $"{IcebergSparkCatalog.Name}.{SparkSqlText.Identifier(database)}.{SparkSqlText.Identifier(definition.Name)}";
        Location = warehouse.TrimEnd('/') + "/" + definition.Name;
        SourceFilter = sourceFilter;
        Properties = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["format-version"] = "2",
            ["write.format.default"] = "parquet",
            ["write.parquet.compression-codec"] = compression switch
            {
                ParquetCompression.Gzip => "gzip",
                ParquetCompression.None => "uncompressed",
                _ => "snappy",
            },
        };
        Projection = [.. definition.Columns.Select(c => c.Type == ParquetColumnType.TimestampMillis
            ? $"timestamp_millis({SparkSqlText.Identifier(c.Name)}) AS {SparkSqlText.Identifier(c.Name)}"
            : SparkSqlText.Identifier(c.Name))];
        RowSchemaJson = BuildRowSchemaJson(definition);
        CreateTableSql = BuildCreateTableSql();
    }

    /// <summary>The core table definition.</summary>
    public TableDefinition Definition { get; }

    /// <summary>The table's name in Glue and its folder in the warehouse.</summary>
    public string Name => Definition.Name;

    /// <summary>The table in Spark SQL: <c>glue_catalog.`database`.`table`</c>.</summary>
    public string Identifier { get; }

    /// <summary>The timestamp column whose UTC day partitions the table (Iceberg transform <c>day</c>).</summary>
    public string PartitionColumn { get; }

    /// <summary>The table's location: <c>&lt;warehouse&gt;/&lt;table&gt;</c>, with <c>data/</c> and <c>metadata/</c> below it.</summary>
    public string Location { get; }

    /// <summary>The table properties a new table gets.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>
    /// The filter that picks this table's rows from the decoded rows (<see cref="TableRows"/> decides, as for the Parquet
    /// path), or null for the bars, which the driver builds from the window partials.
    /// </summary>
    public string? SourceFilter { get; }

    /// <summary>
    /// The expressions that turn the job's rows (decoded rows, or bar rows of <see cref="RowSchemaJson"/>), where times
    /// are epoch-millisecond <c>long</c>s, into the table's columns in order: timestamps through <c>timestamp_millis</c>.
    /// </summary>
    public IReadOnlyList<string> Projection { get; }

    /// <summary>The table's columns in Spark's JSON schema form with times as epoch-millisecond <c>long</c>s: what <see cref="Projection"/> reads.</summary>
    public string RowSchemaJson { get; }

    /// <summary>
    /// <c>CREATE TABLE IF NOT EXISTS ... USING iceberg PARTITIONED BY (days(col)) LOCATION ... TBLPROPERTIES (...)</c>.
    /// An existing table is left as it is.
    /// </summary>
    public string CreateTableSql { get; }

    /// <summary>
    /// The query that finds the snapshot of batch <paramref name="batchId"/> of query <paramref name="queryId"/> in the
    /// table's current snapshot chain: Iceberg's <c>snapshots</c> metadata table (the summary) joined with its
    /// <c>history</c> table (<c>is_current_ancestor</c>), so a snapshot that was rolled back does not count. Each row is
    /// read by <see cref="IcebergBatchSnapshot.Read"/>; no row means the batch is not in the table.
    /// </summary>
    public string BatchSnapshotSql(string queryId, long batchId) =>
        BatchSnapshotSql($"{Identifier}.{SparkSqlText.Identifier("snapshots")}", $"{Identifier}.{SparkSqlText.Identifier("history")}", queryId, batchId);

    /// <summary><see cref="BatchSnapshotSql(string, long)"/> over the given relations (tests run it over copies of the metadata tables).</summary>
    internal static string BatchSnapshotSql(string snapshots, string history, string queryId, long batchId)
    {
        ArgumentException.ThrowIfNullOrEmpty(queryId);
        ArgumentOutOfRangeException.ThrowIfNegative(batchId);
        return
            $"SELECT s.snapshot_id, s.summary['added-data-files'] AS added_data_files, s.summary['added-records'] AS added_records, s.summary['added-files-size'] AS added_files_size " +
            $"FROM {snapshots} AS s JOIN {history} AS h ON h.snapshot_id = s.snapshot_id " +
            $"WHERE h.is_current_ancestor AND s.summary[{SparkSqlText.Literal(QueryIdKey)}] = {SparkSqlText.Literal(queryId)} " +
            $"AND s.summary[{SparkSqlText.Literal(BatchIdKey)}] = {SparkSqlText.Literal(batchId.ToString(CultureInfo.InvariantCulture))} " +
            "ORDER BY s.snapshot_id";
    }

    /// <summary>
    /// The options of the append of batch <paramref name="batchId"/>: <c>snapshot-property.sparketl.query-id</c> and
    /// <c>snapshot-property.sparketl.batch-id</c>, which Iceberg's writer puts into the new snapshot's summary.
    /// </summary>
    public static IReadOnlyDictionary<string, string> WriteOptions(string queryId, long batchId)
    {
        ArgumentException.ThrowIfNullOrEmpty(queryId);
        ArgumentOutOfRangeException.ThrowIfNegative(batchId);
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [SnapshotPropertyPrefix + QueryIdKey] = queryId,
            [SnapshotPropertyPrefix + BatchIdKey] = batchId.ToString(CultureInfo.InvariantCulture),
        };
    }

    private string BuildCreateTableSql()
    {
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE IF NOT EXISTS {Identifier} (\n");
        for (var i = 0; i < Definition.Columns.Count; i++)
        {
            var column = Definition.Columns[i];
            sql.Append(CultureInfo.InvariantCulture, $"  {SparkSqlText.Identifier(column.Name)} {SparkSqlTypes.DdlOf(column.Type)}");
            sql.Append(column.Nullable ? "" : " NOT NULL");
            sql.Append(CultureInfo.InvariantCulture, $" COMMENT {SparkSqlText.Literal(column.Comment)}");
            sql.Append(i + 1 < Definition.Columns.Count ? ",\n" : "\n");
        }

        sql.Append(")\nUSING iceberg\n");
        sql.Append(CultureInfo.InvariantCulture, $"PARTITIONED BY (days({SparkSqlText.Identifier(PartitionColumn)}))\n");
        sql.Append(CultureInfo.InvariantCulture, $"COMMENT {SparkSqlText.Literal(Definition.Description)}\n");
        sql.Append(CultureInfo.InvariantCulture, $"LOCATION {SparkSqlText.Literal(Location)}\n");
        sql.Append("TBLPROPERTIES (");
        sql.AppendJoin(", ", Properties.Select(p => $"{SparkSqlText.Literal(p.Key)}={SparkSqlText.Literal(p.Value)}"));
        return sql.Append(')').ToString();
    }

    private static string BuildRowSchemaJson(TableDefinition definition)
    {
        var json = new StringBuilder("{\"type\":\"struct\",\"fields\":[");
        json.AppendJoin(',', definition.Columns.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{{\"name\":\"{c.Name}\",\"type\":\"{(c.Type == ParquetColumnType.TimestampMillis ? "long" : SparkSqlTypes.Of(c.Type))}\",\"nullable\":{(c.Nullable ? "true" : "false")},\"metadata\":{{}}}}")));
        return json.Append("]}").ToString();
    }
}
