using System.CommandLine;
using System.Globalization;
using SparkEtl.Cli.Output;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;
using SparkEtl.Iceberg;
using SparkEtl.Iceberg.Metadata;
using SparkEtl.Runner.Pipeline;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Cli.Commands;

/// <summary>
/// <c>sparketl maintain compact|expire-snapshots|remove-orphans</c>: the upkeep of Iceberg tables (<c>table.format=iceberg</c>)
/// in the configured warehouse, local or S3, with their pointers where the job keeps them (the warehouse, or Glue with
/// <c>catalog.mode=glue</c>). Safe while the job runs: every change is a commit that retries on a new base, and
/// files younger than the cut-off are never taken for orphans.
/// </summary>
internal sealed class MaintainCommand : ICommand
{
    private const string DurationAllowed = "a duration from 0s to 3650d, e.g. 12h or 7d";

    private readonly CliSession _session;

    public MaintainCommand(CliSession session)
    {
        _session = session;

        var compactSettings = new SettingsOptions("warehouse");
        var compactTable = TableOption(required: true);
        var partitions = new Option<string[]>("--partition")
        {
            Description = "Only the day partitions of these dates (YYYY-MM-DD, UTC); repeatable. Default: every partition.",
            HelpName = "DAY",
            Arity = ArgumentArity.OneOrMore,
        };
        partitions.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    result.AddError(new ConfigurationException("--partition", value, "a day as YYYY-MM-DD, e.g. 2023-11-14").Message);
                }
            }
        });
        var compact = new Command("compact", """
            Rewrite the table's small data files (under iceberg.targetFileBytes) into files of about that size, partition by
            partition, in one 'replace' snapshot. The rows do not change; older snapshots still read their own files until
            they expire.
            """);
        compact.Options.Add(compactTable);
        compact.Options.Add(partitions);
        compactSettings.AddTo(compact);
        compact.SetAction((parse, _) => CompactAsync(compactSettings.Load(parse, _session), parse.GetRequiredValue(compactTable), parse.GetValue(partitions) ?? []));

        var expireSettings = new SettingsOptions("warehouse");
        var expireTable = TableOption(required: false);
        var expireAge = AgeOption();
        var expire = new Command("expire-snapshots", """
            Drop the snapshots created before the cut-off (always keeping the current one) from every table or the one named,
            and delete the manifests and data files that only they reached.
            """);
        expire.Options.Add(expireTable);
        expire.Options.Add(expireAge);
        expireSettings.AddTo(expire);
        expire.SetAction((parse, _) => ExpireAsync(expireSettings.Load(parse, _session), parse.GetValue(expireTable), parse.GetValue(expireAge)));

        var orphanSettings = new SettingsOptions("warehouse");
        var orphanTable = TableOption(required: false);
        var orphanAge = AgeOption();
        var orphans = new Command("remove-orphans", """
            Delete the files under each table's folder (or the one named) that no snapshot or metadata file references and
            that were last modified before the cut-off, such as what a commit that lost a race left. Keep the cut-off well
            above the longest batch: a younger file may belong to a commit in flight.
            """);
        orphans.Options.Add(orphanTable);
        orphans.Options.Add(orphanAge);
        orphanSettings.AddTo(orphans);
        orphans.SetAction((parse, _) => RemoveOrphansAsync(orphanSettings.Load(parse, _session), parse.GetValue(orphanTable), parse.GetValue(orphanAge)));

        Definition = new Command("maintain", "Compact Iceberg tables, expire their old snapshots, or remove orphan files (table.format=iceberg).")
        {
            compact, expire, orphans,
        };
    }

    public Command Definition { get; }

    private static Option<string> TableOption(bool required) => new("--table")
    {
        Description = required ? "The table: trades, ohlc_<window> (ohlc_1m, ...) or errors." : "Only this table (default: trades, ohlc_<window> and errors).",
        HelpName = "TABLE",
        Required = required,
    };

    private static Option<string> AgeOption() => new Option<string>("--older-than")
    {
        Description = "The cut-off age, e.g. 12h or 7d. Default: iceberg.snapshotRetention (5d).",
        HelpName = "DURATION",
    }.Accepting(text => AgeMs(text) is not null, DurationAllowed);

    private static long? AgeMs(string text) =>
        SettingValues.TryParseDurationMs(text, out var ms) && ms <= 3650 * 86_400_000L ? ms : null;

    private async Task<int> CompactAsync(EtlSettings settings, string tableName, IReadOnlyList<string> partitionDays)
    {
        var abort = _session.Signals.Abort;
        var tables = Select(settings, tableName);
        var days = partitionDays.Count == 0 ? null
            : partitionDays.Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber).ToHashSet();
        var output = _session.Console.Out;
        await WithTablesAsync(settings, tables, async (_, iceberg) =>
        {
            var table = iceberg[tableName];
            if (await table.LoadAsync(abort).ConfigureAwait(false) is not { Metadata.CurrentSnapshot: not null })
            {
                await output.WriteLineAsync($"{tableName}: no snapshot yet; nothing to compact.").ConfigureAwait(false);
                return;
            }

            var result = await table.CompactAsync(settings.Table.TargetFileBytes, settings.Parquet, days, abort).ConfigureAwait(false);
            var snapshot = result.SnapshotId is { } id
                ? (await table.LoadAsync(abort).ConfigureAwait(false))?.Metadata.Snapshots.FirstOrDefault(s => s.SnapshotId == id)
                : null;
            var where = days is null ? "" : $" of {string.Join(", ", partitionDays)}";
            if (snapshot is null)
            {
                await output.WriteLineAsync(
                    $"{tableName}: nothing to compact{where} (no partition has two or more data files under iceberg.targetFileBytes, {SummaryPrinter.Bytes(settings.Table.TargetFileBytes)}).").ConfigureAwait(false);
                return;
            }

            // The replace snapshot's summary counts what it did (Iceberg spec, Appendix F, "Metrics").
            var after = Count(snapshot, "total-data-files");
            var before = after - Count(snapshot, "added-data-files") + Count(snapshot, "deleted-data-files");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{tableName}: compacted {result.FilesRewritten} small data files{where} into {result.FilesWritten} ({Count(snapshot, "deleted-records")} rows, {SummaryPrinter.Bytes(Count(snapshot, "removed-files-size"))} -> {SummaryPrinter.Bytes(Count(snapshot, "added-files-size"))}) in replace snapshot {snapshot.SnapshotId}; the table's data files {before} -> {after}, its rows unchanged ({Count(snapshot, "total-records")}).")).ConfigureAwait(false);
        }, abort).ConfigureAwait(false);
        return 0;
    }

    private async Task<int> ExpireAsync(EtlSettings settings, string? tableName, string? olderThan)
    {
        var abort = _session.Signals.Abort;
        var tables = Select(settings, tableName);
        var cutoff = Cutoff(settings, olderThan);
        var output = _session.Console.Out;
        await WithTablesAsync(settings, tables, async (_, iceberg) =>
        {
            foreach (var definition in tables)
            {
                var table = iceberg[definition.Name];
                var result = await table.ExpireSnapshotsAsync(cutoff, minSnapshotsToKeep: 1, abort).ConfigureAwait(false);
                var state = await table.LoadAsync(abort).ConfigureAwait(false);
                var kept = state is null ? "" : $"; {state.Metadata.Snapshots.Count} kept, current {state.Metadata.CurrentSnapshotId}";
                await output.WriteLineAsync(result.Committed
                    ? $"{definition.Name}: expired {result.FilesRewritten} snapshots created before {Time(cutoff)}{kept}; deleted {Files(result.DeletedKeys)}."
                    : state is null ? $"{definition.Name}: no snapshot yet; nothing to expire."
                    : $"{definition.Name}: no snapshot created before {Time(cutoff)} to expire{kept}.").ConfigureAwait(false);
                await WriteKeysAsync(result.DeletedKeys).ConfigureAwait(false);
            }
        }, abort).ConfigureAwait(false);
        return 0;
    }

    private async Task<int> RemoveOrphansAsync(EtlSettings settings, string? tableName, string? olderThan)
    {
        var abort = _session.Signals.Abort;
        var tables = Select(settings, tableName);
        var cutoff = Cutoff(settings, olderThan);
        var output = _session.Console.Out;
        await WithTablesAsync(settings, tables, async (warehouse, iceberg) =>
        {
            foreach (var definition in tables)
            {
                var table = iceberg[definition.Name];

                // One listing with times for the whole table: cheaper than asking the store about each candidate.
                var modified = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
                await foreach (var stored in warehouse.ListObjectsAsync(table.Layout.KeyPrefix + "/", abort).ConfigureAwait(false))
                {
                    modified[stored.Key] = stored.LastModified;
                }

                var result = await table.RemoveOrphanFilesAsync(cutoff, (key, _) => Task.FromResult(modified.GetValueOrDefault(key)), abort).ConfigureAwait(false);
                await output.WriteLineAsync(result.DeletedKeys.Count == 0
                    ? $"{definition.Name}: no orphan files last modified before {Time(cutoff)}."
                    : $"{definition.Name}: removed {result.DeletedKeys.Count} orphan files last modified before {Time(cutoff)}:").ConfigureAwait(false);
                await WriteKeysAsync(result.DeletedKeys).ConfigureAwait(false);
            }
        }, abort).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The tables of the settings, or the one named; refuses a warehouse whose format is not Iceberg.</summary>
    private static List<TableDefinition> Select(EtlSettings settings, string? tableName)
    {
        if (settings.Table.Format != TableFormat.Iceberg)
        {
            throw new ConfigurationException(
                "table.format",
                settings.Table.Format.ToString().ToLowerInvariant(),
                "iceberg for 'sparketl maintain': it compacts and expires Iceberg tables, and Hive-style Parquet folders have no snapshots (set table.format=iceberg if the warehouse holds Iceberg tables)");
        }

        List<TableDefinition> all = [SparkEtlTables.Trades, SparkEtlTables.Ohlc(settings.Window.OhlcTableName), SparkEtlTables.Errors];
        if (tableName is null)
        {
            return all;
        }

        return [all.FirstOrDefault(t => t.Name == tableName)
            ?? throw new ConfigurationException("--table", tableName, $"one of {string.Join(", ", all.Select(t => t.Name))} (ohlc_<window> follows window.size)")];
    }

    private static DateTimeOffset Cutoff(EtlSettings settings, string? olderThan) =>
        TimeProvider.System.GetUtcNow() - TimeSpan.FromMilliseconds(olderThan is null ? settings.Table.SnapshotRetentionMs : AgeMs(olderThan)!.Value);

    /// <summary>Opens the warehouse and its Iceberg tables (pointers in the warehouse, or in Glue), runs <paramref name="work"/>, and closes them.</summary>
    private static async Task WithTablesAsync(
        EtlSettings settings, IReadOnlyList<TableDefinition> tables, Func<IObjectStore, IcebergBatchTables, Task> work, CancellationToken cancellationToken)
    {
        var warehouse = await Warehouses.OpenAsync("warehouse", settings.Warehouse, settings.Aws, probe: null, cancellationToken).ConfigureAwait(false);
        using (warehouse as IDisposable)
        using (var iceberg = new IcebergBatchTables(settings, warehouse, tables))
        {
            await work(warehouse, iceberg).ConfigureAwait(false);
        }
    }

    private async Task WriteKeysAsync(IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            await _session.Console.Out.WriteLineAsync("  removed " + key).ConfigureAwait(false);
        }
    }

    private static string Files(IReadOnlyList<string> keys)
    {
        var data = keys.Count(k => k.Contains("/data/", StringComparison.Ordinal));
        return keys.Count == 0 ? "no files" : string.Create(CultureInfo.InvariantCulture, $"{keys.Count} files ({data} data, {keys.Count - data} metadata)");
    }

    private static long Count(IcebergSnapshot snapshot, string key) =>
        snapshot.Summary.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
