using System.Globalization;
using System.Text.RegularExpressions;
using SparkEtl.Core.Parquet;

namespace SparkEtl.Core.Configuration;

/// <summary>
/// Turns <see cref="SettingsLayers"/> into validated <see cref="EtlSettings"/>. Every known setting is
/// listed in <see cref="Definitions"/> (the CLI's <c>sparketl settings</c> prints them); anything else
/// is refused, so a misspelt setting cannot be silently ignored.
/// </summary>
public static partial class EtlSettingsBinder
{
    /// <summary>Every setting SparkEtl knows, with its default and what it accepts.</summary>
    public static IReadOnlyList<SettingDefinition> Definitions { get; } =
    [
        new("source", "demo", "demo, file:PATH or kinesis:STREAM", "Where records come from."),
        new("warehouse", "warehouse", "a local folder or s3://bucket/prefix", "Where the tables are written."),
        new("checkpoint", null, "a local folder or s3://bucket/prefix", "Where batch offsets, commits and window state are kept (default: _checkpoint in the warehouse)."),
        new("retention.batches", "100", "a whole number from 1 to 1000000", "How many recent batches keep their checkpoint entries (offsets, state, commits, progress)."),
        new("trigger", "available-now", "available-now, once or interval:DURATION (e.g. interval:60s)", "When micro-batches run."),
        new("demo.records", "20000", "a whole number from 1 to 100000000", "Ticker records the demo source makes."),
        new("demo.symbols", "12", "a whole number from 1 to 500", "Distinct ticker symbols in the demo data."),
        new("demo.seed", "42", "a whole number", "Seed of the demo simulator; the same seed gives the same records."),
        new("demo.shape", "cloudwatch", "raw, cloudwatch or kpl", "How demo records are carried: plain JSON, CloudWatch Logs envelopes, or KPL aggregates."),
        new("demo.shards", "2", "a whole number from 1 to 64", "Shards the demo records are spread over."),
        new("demo.ratePerSecond", "100", "a number from 0.001 to 1000000", "Demo records per second of event time."),
        new("demo.badRecordRate", "0.002", "a number from 0 to 1", "Share of demo records made malformed on purpose, to show the errors table."),
        new("demo.startTime", "2024-03-15T14:30:00Z", "an ISO-8601 time with a zone", "Event time of the first demo record."),
        new("window.size", "1m", "a duration from 1s to 1d (e.g. 1m, 5m, 1h)", "Length of the tumbling OHLC windows; names the table (ohlc_1m)."),
        new("window.watermarkDelay", "30s", "a duration from 0s to 7d", "How far the watermark trails the latest event time; records behind it are late."),
        new("window.idleTimeout", "1m", "a duration from 1s to 7d", "Processing time after which a shard with no new records stops holding the watermark back."),
        new("event.maxFutureSkew", "15m", "a duration from 0s to 7d", "How far an event time may lie after its record's arrival; a later one is an event-time-out-of-range error."),
        new("decode.maxDecompressedBytes", "10MiB", "a size from 1KiB to 1GiB", "Most bytes one record may inflate to (gzip bomb guard)."),
        new("batch.maxRecordsPerShard", "100000", "a whole number from 1 to 10000000", "Most records read from one shard into one micro-batch."),
        new("batch.maxBytesPerShard", "8MiB", "a size from 1KiB to 4GiB", "Most data bytes read from one shard into one micro-batch, gzip data counted inflated."),
        new("parquet.compression", "snappy", "snappy, gzip or none", "Parquet page compression."),
        new("parquet.rowGroupBytes", "128MiB", "a size from 64KiB to 1GiB", "Uncompressed bytes buffered per Parquet row group."),
        new("parquet.pageBytes", "1MiB", "a size from 4KiB to 64MiB", "Target uncompressed size of a Parquet data page."),
        new("parquet.maxRowsPerFile", "5000000", "a whole number from 1 to 1000000000", "Most rows in one output file; more rows go to further parts."),
        new("table.format", "parquet", "parquet or iceberg", "Hive-style Parquet folders (as Firehose writes them), or Apache Iceberg v2 tables that Athena reads with snapshot isolation."),
        new("iceberg.snapshotRetention", "5d", "a duration from 1h to 3650d", "With table.format=iceberg: how long snapshots and unreferenced files are kept before 'sparketl maintain' removes them."),
        new("iceberg.targetFileBytes", "128MiB", "a size from 1MiB to 4GiB", "With table.format=iceberg: data files smaller than this are rewritten together by 'sparketl maintain compact'."),
        new("catalog.database", "sparketl", "a Glue database name: lower-case letters, digits and _, at most 255", "The Glue Data Catalog database of the tables."),
        new("catalog.mode", "local", "local, glue, projection or none", "How tables are made known to Athena: a catalog in the warehouse, Glue with each partition registered, Glue with partition projection, or none."),
        new("catalog.projectionStart", "2020-01-01", "a day YYYY-MM-DD", "With catalog.mode=projection: the first dt Athena projects (the range ends at NOW)."),
        new("backup.enabled", "false", "true or false", "Keep every source record, as GetRecords returned it, in gzip JSON lines (Firehose's source record backup)."),
        new("backup.prefix", "raw_backup", "a relative path of letters, digits, '_', '-' and '/'", "Where in the warehouse the raw backup goes."),
        new("kinesis.startingPosition", "TRIM_HORIZON", "TRIM_HORIZON, LATEST or AT_TIMESTAMP:ISO-8601 (e.g. AT_TIMESTAMP:2024-03-15T14:30:00Z)", "Where a new query starts in each shard; a restarted query resumes from its checkpoint."),
        new("kinesis.consumerType", "polling", "polling or efo", "GetRecords polling, or enhanced fan-out (Spark connector only)."),
        new("kinesis.consumerName", null, "1 to 128 characters of letters, digits, '_', '.' and '-'", "The enhanced fan-out consumer name (default sparketl-<catalog.database>); one per deployment."),
        new("kinesis.maxRecordsPerRead", "10000", "a whole number from 1 to 10000", "Records asked for per GetRecords call."),
        new("aws.region", null, "an AWS region such as us-east-1", "The AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile)."),
        new("aws.kinesisEndpoint", null, "an http or https URL", "Kinesis endpoint (default: AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL, then the regional endpoint)."),
        new("aws.s3Endpoint", null, "an http or https URL", "S3 endpoint (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, then the regional endpoint)."),
        new("aws.glueEndpoint", null, "an http or https URL", "Glue endpoint (default: AWS_ENDPOINT_URL_GLUE, AWS_ENDPOINT_URL, then the regional endpoint)."),
        new("aws.allowInsecureEndpoints", "false", "true or false", "Allow plain-http AWS endpoints other than loopback addresses (credentials and data then travel unencrypted)."),
        new("s3.encryption", "none", "none, sse-s3 or sse-kms", "Server-side encryption of objects written to S3."),
        new("s3.kmsKeyId", null, "a KMS key id, ARN or alias (with s3.encryption=sse-kms)", "The KMS key for sse-kms."),
    ];

    private static readonly Dictionary<string, SettingDefinition> ByPath =
        Definitions.ToDictionary(d => d.Path, StringComparer.Ordinal);

    /// <summary>Validates every setting; the first problem is thrown as a <see cref="ConfigurationException"/>.</summary>
    public static EtlSettings Bind(SettingsLayers layers)
    {
        foreach (var path in layers.Paths)
        {
            if (!ByPath.ContainsKey(path))
            {
                var closest = ClosestKnown(path);
                throw new ConfigurationException(path, layers.Get(path)!.Value.Value,
                    $"a known setting{(closest is null ? "" : $" (did you mean {closest}?)")}; known: {string.Join(", ", ByPath.Keys)}",
                    layers.OriginOf(path));
            }
        }

        var reader = new Reader(layers);
        var warehouse = reader.Text("warehouse", static v => v.Length > 0);
        return new EtlSettings
        {
            Source = reader.Parse("source", ParseSource),
            Warehouse = warehouse,
            Checkpoint = reader.OptionalText("checkpoint"),
            RetainBatches = reader.Int("retention.batches", 1, 1_000_000),
            Trigger = reader.Parse("trigger", ParseTrigger),
            Demo = new DemoSettings(
                reader.Int("demo.records", 1, 100_000_000),
                reader.Int("demo.symbols", 1, 500),
                reader.Int("demo.seed", int.MinValue, int.MaxValue),
                reader.ParseValue("demo.shape", static v => v switch
                {
                    "raw" => DemoShape.Raw,
                    "cloudwatch" => DemoShape.CloudWatch,
                    "kpl" => DemoShape.Kpl,
                    _ => (DemoShape?)null,
                }),
                reader.Int("demo.shards", 1, 64),
                reader.Double("demo.ratePerSecond", 0.001, 1_000_000),
                reader.Double("demo.badRecordRate", 0, 1),
                reader.ParseValue("demo.startTime", static v =>
                    DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && HasZone(v)
                        ? t.ToUnixTimeMilliseconds()
                        : (long?)null)),
            Window = new WindowSettings(
                reader.Duration("window.size", 1_000, 86_400_000),
                reader.Duration("window.watermarkDelay", 0, 7 * 86_400_000L))
            {
                IdleTimeoutMs = reader.Duration("window.idleTimeout", 1_000, 7 * 86_400_000L),
            },
            Event = new EventSettings(reader.Duration("event.maxFutureSkew", 0, 7 * 86_400_000L)),
            MaxDecompressedBytes = (int)reader.Bytes("decode.maxDecompressedBytes", 1L << 10, 1L << 30),
            Batch = new BatchSettings(
                reader.Int("batch.maxRecordsPerShard", 1, 10_000_000),
                reader.Bytes("batch.maxBytesPerShard", 1L << 10, 4L << 30)),
            Parquet = new ParquetSettings(
                reader.ParseValue("parquet.compression", static v => v switch
                {
                    "snappy" => ParquetCompression.Snappy,
                    "gzip" => ParquetCompression.Gzip,
                    "none" => ParquetCompression.None,
                    _ => (ParquetCompression?)null,
                }),
                reader.Bytes("parquet.rowGroupBytes", 64L << 10, 1L << 30),
                (int)reader.Bytes("parquet.pageBytes", 4L << 10, 64L << 20),
                reader.Int("parquet.maxRowsPerFile", 1, 1_000_000_000)),
            Table = new TableFormatSettings(
                reader.ParseValue("table.format", static v => v switch
                {
                    "parquet" => TableFormat.Parquet,
                    "iceberg" => TableFormat.Iceberg,
                    _ => (TableFormat?)null,
                }),
                reader.Duration("iceberg.snapshotRetention", 3_600_000, 3650 * 86_400_000L),
                reader.Bytes("iceberg.targetFileBytes", 1L << 20, 4L << 30)),
            Database = reader.Parse("catalog.database", static v => DatabaseName().IsMatch(v) ? v : null),
            Catalog = new CatalogSettings(
                reader.ParseValue("catalog.mode", static v => v switch
                {
                    "local" => CatalogMode.Local,
                    "glue" => CatalogMode.Glue,
                    "projection" => CatalogMode.Projection,
                    "none" => CatalogMode.None,
                    _ => (CatalogMode?)null,
                }),
                reader.Parse("catalog.projectionStart", static v =>
                    DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? v : null)),
            Backup = new BackupSettings(
                reader.ParseValue("backup.enabled", static v => v switch { "true" => true, "false" => false, _ => (bool?)null }),
                reader.Parse("backup.prefix", static v => BackupPrefix().IsMatch(v) && Storage.ObjectKeys.IsValid(v) ? v.TrimEnd('/') : null)),
            Kinesis = BindKinesis(reader),
            Aws = BindAws(reader),
        };
    }

    private static KinesisSettings BindKinesis(Reader reader)
    {
        var (position, timestampMs) = reader.ParseValue("kinesis.startingPosition", static v => v switch
        {
            "TRIM_HORIZON" => (KinesisStartingPosition.TrimHorizon, 0L),
            "LATEST" => (KinesisStartingPosition.Latest, 0L),
            _ when v.StartsWith("AT_TIMESTAMP:", StringComparison.Ordinal) && HasZone(v)
                && DateTimeOffset.TryParse(v.AsSpan(13), CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
                => (KinesisStartingPosition.AtTimestamp, t.ToUnixTimeMilliseconds()),
            _ => ((KinesisStartingPosition, long)?)null,
        });
        return new KinesisSettings(
            position,
            timestampMs,
            reader.ParseValue("kinesis.consumerType", static v => v switch
            {
                "polling" => KinesisConsumerType.Polling,
                "efo" => KinesisConsumerType.EnhancedFanOut,
                _ => (KinesisConsumerType?)null,
            }),
            reader.Int("kinesis.maxRecordsPerRead", 1, 10_000))
        {
            ConsumerName = reader.OptionalParse("kinesis.consumerName", static v => StreamName().IsMatch(v) ? v : null),
        };
    }

    private static AwsSettings BindAws(Reader reader)
    {
        var encryption = reader.ParseValue("s3.encryption", static v => v switch
        {
            "none" => S3EncryptionKind.None,
            "sse-s3" => S3EncryptionKind.S3Managed,
            "sse-kms" => S3EncryptionKind.Kms,
            _ => (S3EncryptionKind?)null,
        });
        var kmsKeyId = reader.OptionalText("s3.kmsKeyId");
        if (encryption == S3EncryptionKind.Kms && kmsKeyId is null)
        {
            throw new ConfigurationException("s3.kmsKeyId", null, "a KMS key id, ARN or alias when s3.encryption is sse-kms");
        }

        return new AwsSettings(
            reader.OptionalParse("aws.region", static v => RegionName().IsMatch(v) ? v : null),
            reader.OptionalParse("aws.kinesisEndpoint", ParseEndpoint),
            reader.OptionalParse("aws.s3Endpoint", ParseEndpoint),
            reader.OptionalParse("aws.glueEndpoint", ParseEndpoint),
            encryption,
            kmsKeyId)
        {
            AllowInsecureEndpoints = reader.ParseValue("aws.allowInsecureEndpoints", static v => v switch { "true" => true, "false" => false, _ => (bool?)null }),
        };
    }

    // An endpoint is a scheme, host and port: the clients put their own paths after it.
    private static Uri? ParseEndpoint(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.AbsolutePath == "/" && uri.Query.Length == 0
            ? uri
            : null;

    /// <summary>The known setting path closest to <paramref name="path"/> when it looks like a misspelling of it, else null.</summary>
    private static string? ClosestKnown(string path)
    {
        var variable = new SettingDefinition(path, null, "", "").EnvironmentVariable;
        var (_, closest) = SettingsEnvironment.FindUnknown(Definitions, [variable]).SingleOrDefault();
        return closest is null ? null : Definitions.First(d => d.EnvironmentVariable == closest).Path;
    }

    private static SourceSettings? ParseSource(string value)
    {
        if (value == "demo")
        {
            return new SourceSettings(SourceKind.Demo, "");
        }

        if (value.StartsWith("file:", StringComparison.Ordinal) && value.Length > 5)
        {
            return new SourceSettings(SourceKind.File, value[5..]);
        }

        // Kinesis stream names: 1-128 characters of [a-zA-Z0-9_.-] (Kinesis API reference, StreamName).
        if (value.StartsWith("kinesis:", StringComparison.Ordinal) && StreamName().IsMatch(value.AsSpan(8)))
        {
            return new SourceSettings(SourceKind.Kinesis, value[8..]);
        }

        return null;
    }

    private static TriggerSettings? ParseTrigger(string value) => value switch
    {
        "available-now" => new TriggerSettings(TriggerKind.AvailableNow, 0),
        "once" => new TriggerSettings(TriggerKind.Once, 0),
        _ when value.StartsWith("interval:", StringComparison.Ordinal)
            && SettingValues.TryParseDurationMs(value[9..], out var ms) && ms >= 100 && ms <= 86_400_000
            => new TriggerSettings(TriggerKind.Interval, ms),
        _ => null,
    };

    private static bool HasZone(string value) =>
        value.EndsWith('Z') || value.EndsWith('z') || OffsetSuffix().IsMatch(value);

    [GeneratedRegex("^[a-z0-9_]{1,255}$")]
    private static partial Regex DatabaseName();

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,128}$")]
    private static partial Regex StreamName();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_/-]{0,200}$")]
    private static partial Regex BackupPrefix();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]$")]
    private static partial Regex RegionName();

    [GeneratedRegex(@"[+-]\d{2}:?\d{2}$")]
    private static partial Regex OffsetSuffix();

    /// <summary>Reads settings by path, falling back to defaults, and names the setting in every error.</summary>
    private sealed class Reader(SettingsLayers layers)
    {
        public string Text(string path, Func<string, bool> valid) =>
            Parse(path, v => valid(v) ? v : null);

        public string? OptionalText(string path)
        {
            var entry = layers.Get(path);
            if (entry is null)
            {
                return null;
            }

            return entry.Value.Value.Length > 0 ? entry.Value.Value : Fail<string>(path, (entry.Value.Value, layers.OriginOf(path)!));
        }

        /// <summary>Parses a setting that has no default; null when it is not set.</summary>
        public T? OptionalParse<T>(string path, Func<string, T?> parse)
            where T : class
        {
            var entry = layers.Get(path);
            return entry is null ? null : parse(entry.Value.Value) ?? Fail<T>(path, (entry.Value.Value, layers.OriginOf(path)!));
        }

        public int Int(string path, int min, int max) =>
            ParseValue(path, v => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : (int?)null);

        public double Double(string path, double min, double max) =>
            ParseValue(path, v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : (double?)null);

        public long Duration(string path, long minMs, long maxMs) =>
            ParseValue(path, v => SettingValues.TryParseDurationMs(v, out var ms) && ms >= minMs && ms <= maxMs ? ms : (long?)null);

        public long Bytes(string path, long min, long max) =>
            ParseValue(path, v => SettingValues.TryParseBytes(v, out var n) && n >= min && n <= max ? n : (long?)null);

        public T Parse<T>(string path, Func<string, T?> parse)
            where T : class =>
            parse(Value(path, out var entry)) ?? Fail<T>(path, entry);

        public T ParseValue<T>(string path, Func<string, T?> parse)
            where T : struct =>
            parse(Value(path, out var entry)) ?? Fail<T>(path, entry);

        private string Value(string path, out (string Value, SettingOrigin Origin) entry)
        {
            var definition = ByPath[path];
            entry = layers.Get(path) is { } set
                ? (set.Value, layers.OriginOf(path)!)
                : (definition.Default ?? throw new ConfigurationException(path, null, definition.Allowed), SettingOrigin.Default(path));
            return entry.Value;
        }

        private static T Fail<T>(string path, (string Value, SettingOrigin Origin) entry) =>
            throw new ConfigurationException(path, entry.Value, ByPath[path].Allowed, entry.Origin);
    }
}
