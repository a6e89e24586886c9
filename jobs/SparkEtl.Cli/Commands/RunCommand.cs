using SparkEtl.Cli.Output;
using SparkEtl.Runner.Pipeline;
using SparkEtl.Runner.Sources;
using SparkEtl.Runner.Storage;

namespace SparkEtl.Cli.Commands;

/// <summary><c>sparketl run</c>: runs the pipeline on the embedded engine and prints a summary.</summary>
internal sealed class RunCommand : ICommand
{
    public string Summary => "Run the pipeline on the embedded engine.";

    public string Usage => """
        Usage: sparketl run [--conf FILE] [--source SOURCE] [--warehouse DIR] [--trigger TRIGGER] [--set path=value]... [--quiet]

        Reads records, decodes CloudWatch Logs envelopes, KPL aggregates and plain JSON, cleans the ticker
        records, aggregates them into event-time OHLC windows and writes the trades, ohlc_<window> and errors
        tables as Snappy Parquet under <warehouse>/<table>/dt=YYYY-MM-DD/. Ends with a summary.

          --conf FILE          A JSON configuration file (conf/local.json, ...). Settings not in it keep their defaults.
          --source SOURCE      demo | file:PATH (captured Kinesis records, aws kinesis get-records output, or ticker NDJSON)
          --warehouse DIR      Where the tables are written.
          --trigger TRIGGER    available-now | once
          --set path=value     Any setting (see 'sparketl settings'), e.g. --set window.size=5m
          --quiet              No per-batch progress on standard error.

        Later settings win: defaults, --conf, SPARKETL_* environment variables, options.
        Exit codes: 0 done, 1 failed, 2 bad arguments or configuration (nothing was done).
        """;

    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse("run", args, SettingsLoader.Options, ["--quiet"]);
        if (arguments.Help)
        {
            await console.Out.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        // Everything that can be wrong with the configuration is found here, before any work.
        var settings = SettingsLoader.Load(arguments);
        var warehouse = Warehouses.Open("warehouse", settings.Warehouse);
        await using var source = RecordSources.Open(settings);

        var progress = new ConsoleProgress(console.Error, console.ErrorIsTerminal);
        IProgressListener listener = arguments.Flag("--quiet") ? new SilentProgress() : progress;
        var query = new StreamingQuery(settings, source, warehouse, listener);
        var summary = await query.RunAsync(cancellationToken).ConfigureAwait(false);
        progress.Finish();
        SummaryPrinter.Print(console.Out, source.Description, settings.Warehouse, summary);
        return 0;
    }

    private sealed class SilentProgress : IProgressListener
    {
        public void BatchCompleted(BatchReport report)
        {
        }
    }
}
