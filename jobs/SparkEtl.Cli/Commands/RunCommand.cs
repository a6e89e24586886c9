using SparkEtl.Cli.Output;
using SparkEtl.Runner.Backup;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.Runner.Pipeline;
using SparkEtl.Runner.Sources;
using SparkEtl.Warehouse.Commit;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Cli.Commands;

/// <summary><c>sparketl run</c>: runs the pipeline on the embedded engine and prints a summary.</summary>
internal sealed class RunCommand(ICommitProbe probe) : ICommand
{
    public string Summary => "Run the pipeline on the embedded engine.";

    public string Usage => """
        Usage: sparketl run [--conf FILE] [--source SOURCE] [--warehouse DIR] [--checkpoint DIR] [--trigger TRIGGER]
                            [--set path=value]... [--progress live|json|none] [--quiet]

        Reads records in micro-batches, decodes CloudWatch Logs envelopes, KPL aggregates and plain JSON,
        cleans the ticker records, aggregates them into event-time OHLC windows and writes the trades,
        ohlc_<window> and errors tables as Snappy Parquet under <warehouse>/<table>/dt=YYYY-MM-DD/.
        Each batch is checkpointed: a run that is stopped or killed resumes where it left off, and no
        row is ever written twice or lost. Ends with a summary.

          --conf FILE          A JSON configuration file (conf/local.json, ...). Settings not in it keep their defaults.
          --source SOURCE      demo | file:PATH (captured Kinesis records, aws kinesis get-records output, or ticker NDJSON)
                               | kinesis:STREAM (region, endpoint and credentials from aws.* or the AWS SDK's environment)
          --warehouse DIR      Where the tables are written.
          --checkpoint DIR     Where batch offsets, commits and window state are kept (default <warehouse>/_checkpoint).
          --trigger TRIGGER    available-now (drain, then stop) | once (one batch) | interval:DURATION (e.g. interval:30s)
          --set path=value     Any setting (see 'sparketl settings'), e.g. --set window.size=5m
          --progress MODE      live: one line redrawn on a terminal; json: a StreamingQueryProgress-shaped JSON line
                               per batch on standard error; none. Default: live on a terminal, json otherwise.
          --quiet              The same as --progress none.

        Later settings win: defaults, --conf, SPARKETL_* environment variables, options.
        SIGINT or SIGTERM once: the batch in flight commits, then the run ends (exit 0); twice: it ends at once.
        Exit codes: 0 done, 1 failed, 2 bad arguments or configuration (nothing was done), 130 stopped at once.
        """;

    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, StopSignals signals)
    {
        var arguments = CommandArguments.Parse("run", args, [.. SettingsLoader.Options, "--progress"], ["--quiet"]);
        if (arguments.Help)
        {
            await console.Out.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        // Everything that can be wrong with the configuration is found here, before any work.
        var settings = SettingsLoader.Load(arguments);
        var progressMode = arguments.Flag("--quiet") ? "none" : arguments.Value("--progress") ?? (console.ErrorIsTerminal ? "live" : "json");
        var live = new ConsoleProgress(console.Error, console.ErrorIsTerminal);
        IProgressListener progress = progressMode switch
        {
            "live" => live,
            "json" => new JsonProgressLog(console.Error),
            "none" => new SilentProgress(),
            _ => throw new UsageException($"Option --progress takes live, json or none; got \"{progressMode}\"."),
        };

        var warehouse = await Warehouses.OpenAsync("warehouse", settings.Warehouse, settings.Aws, probe, signals.Abort).ConfigureAwait(false);
        using var warehouseLifetime = warehouse as IDisposable;
        var checkpointStore = await Warehouses.OpenAsync("checkpoint", settings.CheckpointLocation, settings.Aws, probe, signals.Abort).ConfigureAwait(false);
        using var checkpointLifetime = checkpointStore as IDisposable;
        await using var source = await RecordSources.OpenAsync(settings, signals.Abort).ConfigureAwait(false);
        using var catalog = TableCatalogs.Open(settings, warehouse);

        // A local checkpoint is locked for the run; on S3 the conditional creation of each batch's offsets and
        // commit refuses a second writer (BatchCommitter).
        using var checkpointLock = checkpointStore is LocalObjectStore localCheckpoint ? CheckpointLock.Acquire(localCheckpoint.FolderPath) : null;

        // With the lock held no other run writes here: what a killed run left half-written can go.
        (warehouse as LocalObjectStore)?.DeleteAbandonedTemporaryFiles();
        (checkpointStore as LocalObjectStore)?.DeleteAbandonedTemporaryFiles();

        var backup = settings.Backup.Enabled ? new RawRecordBackup(warehouse, settings.Backup.Prefix) : null;
        var query = new StreamingQuery(settings, source, warehouse, new CheckpointLog(checkpointStore), catalog, backup, progress, probe);
        RunSummary summary;
        try
        {
            summary = await query.RunAsync(signals.Stop, signals.Abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signals.Abort.IsCancellationRequested)
        {
            live.Finish();
            await console.Error.WriteLineAsync("sparketl run: stopped at once; the batch in flight was not committed and the next run replays it.").ConfigureAwait(false);
            return 130;
        }

        live.Finish();
        SummaryPrinter.Print(console.Out, source.Description, settings.Warehouse, settings.CheckpointLocation, summary);
        return 0;
    }

    private sealed class SilentProgress : IProgressListener
    {
        public void BatchCompleted(BatchReport report)
        {
        }
    }
}
