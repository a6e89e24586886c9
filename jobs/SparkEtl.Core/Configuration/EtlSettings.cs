using SparkEtl.Core.Parquet;

namespace SparkEtl.Core.Configuration;

/// <summary>
/// Everything a run is configured with, validated. Built by <see cref="EtlSettingsBinder"/> from
/// defaults, a configuration file (conf/*.json), <c>SPARKETL_*</c> environment variables and
/// command-line options, in that order of precedence (last wins).
/// </summary>
public sealed record EtlSettings
{
    /// <summary>Where records come from (<c>source</c>).</summary>
    public required SourceSettings Source { get; init; }

    /// <summary>The warehouse root: a local folder, or <c>s3://bucket/prefix</c> (<c>warehouse</c>).</summary>
    public required string Warehouse { get; init; }

    /// <summary>The checkpoint root (<c>checkpoint</c>); null means <c>_checkpoint</c> inside the warehouse.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>The checkpoint root in effect: <see cref="Checkpoint"/>, or <c>_checkpoint</c> inside the warehouse.</summary>
    public string CheckpointLocation => Checkpoint ?? Warehouse.TrimEnd('/') + "/_checkpoint";

    /// <summary>How many recent batches keep their checkpoint entries (<c>retention.batches</c>).</summary>
    public required int RetainBatches { get; init; }

    /// <summary>When batches run (<c>trigger</c>).</summary>
    public required TriggerSettings Trigger { get; init; }

    public required DemoSettings Demo { get; init; }

    public required WindowSettings Window { get; init; }

    /// <summary>Event-time rules (<c>event.*</c>).</summary>
    public required EventSettings Event { get; init; }

    /// <summary>Per-record decoding limit (<c>decode.maxDecompressedBytes</c>): inflated bytes allowed for one record.</summary>
    public required int MaxDecompressedBytes { get; init; }

    public required BatchSettings Batch { get; init; }

    public required ParquetSettings Parquet { get; init; }

    /// <summary>How the tables are laid out (<c>table.format</c>) and kept (<c>iceberg.*</c>).</summary>
    public required TableFormatSettings Table { get; init; }

    /// <summary>The Glue Data Catalog database the tables are registered in (<c>catalog.database</c>).</summary>
    public required string Database { get; init; }

    /// <summary>How tables and partitions are registered (<c>catalog.mode</c>, <c>catalog.projectionStart</c>).</summary>
    public required CatalogSettings Catalog { get; init; }

    /// <summary>The raw backup of source records (<c>backup.*</c>).</summary>
    public required BackupSettings Backup { get; init; }

    /// <summary>Reading a Kinesis stream (<c>kinesis.*</c>).</summary>
    public required KinesisSettings Kinesis { get; init; }

    /// <summary>Connecting to AWS (<c>aws.*</c>, <c>s3.*</c>).</summary>
    public required AwsSettings Aws { get; init; }
}

/// <summary>The <c>source</c> setting: <c>demo</c>, <c>file:PATH</c> or <c>kinesis:STREAM</c>.</summary>
public sealed record SourceSettings(SourceKind Kind, string Location)
{
    public override string ToString() => Kind switch
    {
        SourceKind.Demo => "demo",
        SourceKind.File => $"file:{Location}",
        _ => $"kinesis:{Location}",
    };
}

/// <summary>The <c>trigger</c> setting.</summary>
public sealed record TriggerSettings(TriggerKind Kind, long IntervalMs)
{
    public override string ToString() => Kind switch
    {
        TriggerKind.AvailableNow => "available-now",
        TriggerKind.Once => "once",
        _ => $"interval:{SettingValues.FormatDuration(IntervalMs)}",
    };
}

/// <summary>The built-in ticker simulator (<c>demo.*</c>).</summary>
public sealed record DemoSettings(int Records, int Symbols, int Seed, DemoShape Shape, int Shards, double RatePerSecond, double BadRecordRate, long StartTimeMs);

/// <summary>Event-time windows (<c>window.*</c>): tumbling window length and watermark delay, in milliseconds.</summary>
public sealed record WindowSettings(long SizeMs, long WatermarkDelayMs)
{
    /// <summary>
    /// Processing time after which a shard with no new records stops holding the query's watermark back
    /// (<c>window.idleTimeout</c>), in milliseconds. Default 1 minute.
    /// </summary>
    public long IdleTimeoutMs { get; init; } = 60_000;

    /// <summary>The OHLC table's name for this window size: <c>ohlc_1m</c>, <c>ohlc_5m</c>, <c>ohlc_1h</c>, …</summary>
    public string OhlcTableName => "ohlc_" + SettingValues.FormatDuration(SizeMs);
}

/// <summary>Event-time rules (<c>event.*</c>).</summary>
/// <param name="MaxFutureSkewMs">How far an event time may lie after its record's arrival (<c>event.maxFutureSkew</c>), in milliseconds.</param>
public sealed record EventSettings(long MaxFutureSkewMs);

/// <summary>Micro-batch planning limits (<c>batch.*</c>), per shard per batch.</summary>
/// <param name="MaxRecordsPerShard">Most records from one shard.</param>
/// <param name="MaxBytesPerShard">Most data bytes from one shard, gzip data counted at its inflated size (<see cref="Records.KinesisRecord.DecodedLength"/>).</param>
public sealed record BatchSettings(int MaxRecordsPerShard, long MaxBytesPerShard)
{
    /// <summary>
    /// How long a batch keeps asking a stream for more once every shard has been read once; null for as long as the
    /// shards have more (up to the limits). The engine sets it to the trigger's interval, so a stream that never looks
    /// caught up (records arriving as fast as they are read) still gets a batch every interval.
    /// </summary>
    public TimeSpan? MaxReadTime { get; init; }
}

/// <summary>The table format (<c>table.format</c>) and the upkeep of Iceberg tables (<c>iceberg.*</c>).</summary>
/// <param name="Format">Hive-style Parquet folders, or Apache Iceberg v2 tables.</param>
/// <param name="SnapshotRetentionMs">How long Iceberg snapshots (and unreferenced files) are kept before maintenance removes them.</param>
/// <param name="TargetFileBytes">Iceberg data files smaller than this are rewritten together by compaction.</param>
public sealed record TableFormatSettings(TableFormat Format, long SnapshotRetentionMs, long TargetFileBytes);

/// <summary>The <c>table.format</c> setting.</summary>
public enum TableFormat
{
    /// <summary><c>parquet</c>: Hive-style <c>dt=YYYY-MM-DD</c> folders of Parquet files, registered per partition.</summary>
    Parquet,

    /// <summary><c>iceberg</c>: Apache Iceberg v2 tables, hidden partitioning by day, one snapshot per table per batch.</summary>
    Iceberg,
}

/// <summary>Parquet output (<c>parquet.*</c>).</summary>
public sealed record ParquetSettings(ParquetCompression Compression, long RowGroupBytes, int PageBytes, int MaxRowsPerFile);
