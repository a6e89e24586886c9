using System.Globalization;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Tables;
using SparkEtl.Warehouse.Checkpoint;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// The settings a checkpoint is bound to: every one that changes which records a batch holds or what its output is
/// (the source and its demo data, the warehouse, windows and watermarks, decoding limits, the event-time bound, the
/// table format, Parquet output, the raw backup). Resuming with any of them changed could skip, repeat or orphan output, so it is refused,
/// naming the setting. Batch limits and the trigger may change between runs: batches are planned in the checkpoint.
/// </summary>
public static class QueryFingerprint
{
    private static string Ms(long ms) => SettingValues.FormatDuration(ms);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // Checked in this order, so a change is reported by the setting the user changed, not by what follows from it.
    private static readonly (string Setting, Func<EtlSettings, string> Value)[] Bound =
    [
        ("source", s => s.Source.ToString()),
        ("warehouse", s => s.Warehouse.Contains("://", StringComparison.Ordinal) ? s.Warehouse : Path.GetFullPath(s.Warehouse)),
        ("demo.records", s => Number(s.Demo.Records)),
        ("demo.symbols", s => Number(s.Demo.Symbols)),
        ("demo.seed", s => Number(s.Demo.Seed)),
        ("demo.shape", s => s.Demo.Shape.ToString().ToLowerInvariant()),
        ("demo.shards", s => Number(s.Demo.Shards)),
        ("demo.ratePerSecond", s => Number(s.Demo.RatePerSecond)),
        ("demo.badRecordRate", s => Number(s.Demo.BadRecordRate)),
        ("demo.startTime", s => UtcTimestamp.FromEpochMs(s.Demo.StartTimeMs)),
        ("window.size", s => Ms(s.Window.SizeMs)),
        ("window.watermarkDelay", s => Ms(s.Window.WatermarkDelayMs)),
        ("window.idleTimeout", s => Ms(s.Window.IdleTimeoutMs)),
        ("event.maxFutureSkew", s => Ms(s.Event.MaxFutureSkewMs)),
        ("decode.maxDecompressedBytes", s => Number(s.MaxDecompressedBytes)),
        ("table.format", s => s.Table.Format.ToString().ToLowerInvariant()),
        ("parquet.compression", s => s.Parquet.Compression.ToString().ToLowerInvariant()),
        ("parquet.rowGroupBytes", s => Number(s.Parquet.RowGroupBytes)),
        ("parquet.pageBytes", s => Number(s.Parquet.PageBytes)),
        ("parquet.maxRowsPerFile", s => Number(s.Parquet.MaxRowsPerFile)),
        ("backup.enabled", s => s.Backup.Enabled ? "true" : "false"),
        ("backup.prefix", s => s.Backup.Prefix),
    ];

    /// <summary>The settings that bind a checkpoint, as setting path → normalised value (plus the tables written).</summary>
    public static SortedDictionary<string, string> Of(EtlSettings settings, IEnumerable<TableDefinition> tables)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var fingerprint = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["tables"] = string.Join(",", tables.Select(t => t.Name)),
        };
        foreach (var (setting, value) in Bound)
        {
            // The demo's settings matter only to the demo source, the backup's prefix only to a backup.
            if ((setting.StartsWith("demo.", StringComparison.Ordinal) && settings.Source.Kind != SourceKind.Demo)
                || (setting == "backup.prefix" && !settings.Backup.Enabled))
            {
                continue;
            }

            fingerprint[setting] = value(settings);
        }

        return fingerprint;
    }

    /// <summary>
    /// Throws a <see cref="ConfigurationException"/> naming the first setting that differs from the checkpoint's. A
    /// setting the checkpoint does not record (it was made by a version that did not bind it) is not checked.
    /// </summary>
    public static void EnsureCompatible(CheckpointMetadata stored, SortedDictionary<string, string> current, string checkpointRoot)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(current);
        foreach (var setting in Bound.Select(b => b.Setting).Append("tables"))
        {
            if (current.TryGetValue(setting, out var value) && stored.Fingerprint.TryGetValue(setting, out var was) && was != value)
            {
                throw new ConfigurationException(setting, value,
                    $"\"{was}\", the value the checkpoint at {checkpointRoot} was made with (a checkpoint cannot change it; use a new checkpoint)");
            }
        }
    }
}
