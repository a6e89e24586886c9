using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;
using SparkEtl.Warehouse.Checkpoint;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The Spark job's query id: made once, kept in the checkpoint's <c>metadata</c> (the file the embedded engine keeps its
/// query id in; created with a conditional put, so two drivers starting together agree on one), and the same across
/// restarts. Iceberg snapshots carry it, so a replayed batch is recognised. The checkpoint is bound to
/// <c>table.format</c>: a run with the other format is refused, since its tables would not hold the earlier batches.
/// </summary>
public static class SparkQueryId
{
    /// <summary>The fingerprint entry that binds the checkpoint to its table format.</summary>
    public const string FormatSetting = "table.format";

    /// <summary>Reads the query id from <paramref name="checkpoint"/>, creating it (with <paramref name="newId"/>) when there is none.</summary>
    /// <exception cref="ConfigurationException">The checkpoint was made with the other <c>table.format</c>.</exception>
    public static async Task<string> ResolveAsync(IObjectStore checkpoint, EtlSettings settings, Func<Guid> newId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(newId);
        var log = new CheckpointLog(checkpoint);
        var format = settings.Table.Format.ToString().ToLowerInvariant();
        var metadata = await log.ReadMetadataAsync(cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            var created = new CheckpointMetadata(newId().ToString(), new SortedDictionary<string, string>(StringComparer.Ordinal) { [FormatSetting] = format });
            metadata = await log.TryCreateMetadataAsync(created, cancellationToken).ConfigureAwait(false)
                ? created
                : await log.ReadMetadataAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"{checkpoint.Root}/metadata could be neither created nor read.");
        }

        if (metadata.Fingerprint.TryGetValue(FormatSetting, out var recorded) && recorded != format)
        {
            throw new ConfigurationException(FormatSetting, format,
                $"{recorded}, the format checkpoint {checkpoint.Root} was made with (its batches are in {recorded} tables; use a new checkpoint to change the format)");
        }

        return metadata.Id;
    }
}
