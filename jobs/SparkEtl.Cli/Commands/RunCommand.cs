using System.CommandLine;
using Microsoft.Extensions.Logging;
using SparkEtl.Cli.Logging;
using SparkEtl.Cli.Output;
using SparkEtl.Core.Configuration;
using SparkEtl.Runner.Backup;
using SparkEtl.Runner.Pipeline;
using SparkEtl.Runner.Sources;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Cli.Commands;

/// <summary><c>sparketl run</c>: runs the pipeline on the embedded engine, logs what it does and prints a summary.</summary>
internal sealed class RunCommand : ICommand
{
    private readonly CliSession _session;
    private readonly SettingsOptions _settings = new("source", "warehouse", "checkpoint", "trigger");
    private readonly Option<string> _progress = new("--progress")
    {
        Description = "live: one line redrawn on a terminal; json: a StreamingQueryProgress-shaped JSON line per batch on standard error "
            + "(with --log-format json, the BatchCommitted log entry carries it); none. Default: live on a terminal, json otherwise.",
        HelpName = "live|json|none",
    };

    private readonly StatusPageOptions _status = new();

    private readonly Option<bool> _quiet = new("--quiet", "-q")
    {
        Description = "No progress, and only warnings and errors in the log: --progress none --log-level warning.",
    };

    public RunCommand(CliSession session)
    {
        _session = session;
        _progress.AcceptOnlyFromAmong("live", "json", "none");
        Definition = new Command("run", """
            Run the pipeline on the embedded engine. Reads records in micro-batches, decodes CloudWatch Logs envelopes, KPL
            aggregates and plain JSON, cleans the ticker records, aggregates them into event-time OHLC windows and writes the
            trades, ohlc_<window> and errors tables as Snappy Parquet under <warehouse>/<table>/dt=YYYY-MM-DD/. Each batch is
            checkpointed: a run that is stopped or killed resumes where it left off, and no row is ever written twice or lost.
            Ends with a summary on standard output; what it does is logged on standard error. SIGINT or SIGTERM once: the batch
            in flight commits, then the run ends (exit 0); twice: it ends at once (exit 130).
            """);
        _settings.AddTo(Definition);
        Definition.Options.Add(_progress);
        Definition.Options.Add(_quiet);
        _status.AddTo(Definition);
        Definition.SetAction((parse, _) => ExecuteAsync(parse));
    }

    public Command Definition { get; }

    private async Task<int> ExecuteAsync(ParseResult parse)
    {
        var quiet = parse.GetValue(_quiet);
        if (quiet && !CommandLine.LogLevelGiven(parse))
        {
            _session.ConfigureLogging(_session.LogFormat, LogLevel.Warning);
        }

        // Everything that can be wrong with the configuration is found here, before any work.
        var settings = _settings.Load(parse, _session);
        var signals = _session.Signals;
        var log = _session.Log;
        var mode = quiet ? "none" : parse.GetValue(_progress) ?? (_session.Diagnostics.IsTerminal ? "live" : "json");
        var jsonLog = _session.LogFormat == LogFormat.Json;
        // Everything that watches the query is a listener here, the status page (--status-port) among them.
        var listeners = new List<IProgressListener> { new RunLogListener(log, logBatches: jsonLog && mode != "none") };
        if (!jsonLog)
        {
            switch (mode)
            {
                case "live":
                    listeners.Add(new ConsoleProgress(_session.Diagnostics));
                    break;
                case "json":
                    listeners.Add(new JsonProgressLog(_session.Diagnostics));
                    break;
            }
        }

        // The status page listens before any work, so a port it cannot have stops the run before the warehouse is touched;
        // it serves until the run ends, whichever way.
        await using var statusPage = await _status.StartAsync(parse, signals.Abort).ConfigureAwait(false);
        if (statusPage is not null)
        {
            listeners.Add(statusPage);
            if (jsonLog)
            {
                CliLog.StatusServing(log, statusPage.Address.ToString());
            }
            else
            {
                _session.Diagnostics.WriteLine($"status page: {statusPage.Address}");
            }
        }

        signals.Notify = (signal, now) =>
        {
            if (now)
            {
                CliLog.StopNow(log, signal);
            }
            else
            {
                CliLog.StopRequested(log, signal);
            }
        };

        CliLog.RunStarting(log, settings.Source.ToString(), settings.Warehouse, settings.CheckpointLocation, settings.Trigger.ToString(),
            SettingValues.FormatDuration(settings.Window.SizeMs), SettingValues.FormatDuration(settings.Window.WatermarkDelayMs));
        var warehouse = await Warehouses.OpenAsync("warehouse", settings.Warehouse, settings.Aws, _session.Probe, signals.Abort).ConfigureAwait(false);
        using var warehouseLifetime = warehouse as IDisposable;
        var checkpointStore = await Warehouses.OpenAsync("checkpoint", settings.CheckpointLocation, settings.Aws, _session.Probe, signals.Abort).ConfigureAwait(false);
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
        var progress = new ProgressListeners(listeners);
        using var query = new StreamingQuery(settings, source, warehouse, new CheckpointLog(checkpointStore), catalog, backup, progress, _session.Probe);
        RunSummary summary;
        try
        {
            summary = await query.RunAsync(signals.Stop, signals.Abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signals.Abort.IsCancellationRequested)
        {
            _session.Diagnostics.EndLive();
            CliLog.StoppedAtOnce(log);
            return 130;
        }

        _session.Diagnostics.EndLive();
        SummaryPrinter.Print(_session.Console.Out, source.Description, settings.Warehouse, settings.CheckpointLocation, summary);
        if (summary.Batches == 0)
        {
            CliLog.NothingNew(log, source.Description, settings.CheckpointLocation);
            return 0;
        }

        if (summary.OpenWindows > 0)
        {
            CliLog.WindowsStillOpen(log, summary.OpenWindows, RunLogListener.Watermark(summary.WatermarkMs));
        }

        CliLog.RunFinished(log, summary.Batches, summary.InputRecords, summary.Counts.Ok, summary.Counts.FailedTotal, Math.Round(summary.Elapsed.TotalSeconds, 2));
        return 0;
    }
}
