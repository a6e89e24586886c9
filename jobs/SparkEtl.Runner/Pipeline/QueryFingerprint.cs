using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Tables;
using SparkEtl.Runner.Checkpoint;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// The settings a checkpoint is bound to: the ones that decide which records a batch holds and which
/// files it writes. Resuming with any of them changed could skip, repeat or orphan output, so it is refused.
/// </summary>
public static class QueryFingerprint
{
    // Checked in this order, so a change is reported by the setting the user changed, not by what follows from it.
    private static readonly string[] CheckOrder = ["source", "warehouse", "window.size", "parquet.compression", "parquet.maxRowsPerFile", "tables"];

    public static SortedDictionary<string, string> Of(EtlSettings settings, IEnumerable<TableDefinition> tables) => new(StringComparer.Ordinal)
    {
        ["source"] = settings.Source.ToString(),
        ["warehouse"] = settings.Warehouse.Contains("://", StringComparison.Ordinal) ? settings.Warehouse : Path.GetFullPath(settings.Warehouse),
        ["window.size"] = SettingValues.FormatDuration(settings.Window.SizeMs),
        ["tables"] = string.Join(",", tables.Select(t => t.Name)),
        ["parquet.compression"] = settings.Parquet.Compression.ToString().ToLowerInvariant(),
        ["parquet.maxRowsPerFile"] = settings.Parquet.MaxRowsPerFile.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the first setting that differs from the checkpoint's.</summary>
    public static void EnsureCompatible(CheckpointMetadata stored, SortedDictionary<string, string> current, string checkpointRoot)
    {
        foreach (var setting in CheckOrder)
        {
            if (current.TryGetValue(setting, out var value) && stored.Fingerprint.TryGetValue(setting, out var was) && was != value)
            {
                throw new ConfigurationException(setting, value,
                    $"\"{was}\", the value the checkpoint at {checkpointRoot} was made with (a checkpoint cannot change it; use a new checkpoint)");
            }
        }
    }
}
