using System.CommandLine;
using System.Globalization;
using System.Text;
using SparkEtl.Cli.Output;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Demo;

namespace SparkEtl.Cli.Commands;

/// <summary>
/// <c>sparketl demo</c>: writes the demo source's ticker records to a capture file that <c>--source file:</c>
/// replays: Kinesis records as GetRecords returns them (plain JSON, CloudWatch Logs envelopes or KPL aggregates),
/// or plain ticker NDJSON. The same settings give the same bytes.
/// </summary>
internal sealed class DemoCommand : ICommand
{
    private readonly CliSession _session;
    private readonly SettingsOptions _settings = new();
    private readonly Option<string> _out = new("--out") { Description = "The file to write (replaced if it exists).", HelpName = "FILE", Required = true };
    private readonly Option<string> _shape = new("--shape") { Description = "raw | cloudwatch | kpl | ndjson (default: demo.shape, cloudwatch).", HelpName = "SHAPE" };

    // Options that are shorthands for demo.* settings.
    private readonly (Option<string> Option, string Path)[] _demo =
    [
        (new("--records") { Description = "Ticker records to make (default: demo.records, 20000).", HelpName = "N" }, "demo.records"),
        (new("--seed") { Description = "Seed; the same seed and settings give the same bytes (default: demo.seed, 42).", HelpName = "S" }, "demo.seed"),
        (new("--symbols") { Description = "Distinct ticker symbols (default: demo.symbols, 12).", HelpName = "N" }, "demo.symbols"),
        (new("--shards") { Description = "Shards the records spread over, by the MD5 of the partition key (default: demo.shards, 2).", HelpName = "N" }, "demo.shards"),
        (new("--rate") { Description = "Ticker records per second of event time (default: demo.ratePerSecond, 100).", HelpName = "N" }, "demo.ratePerSecond"),
        (new("--bad-rate") { Description = "Share of records made malformed on purpose (default: demo.badRecordRate, 0.002).", HelpName = "R" }, "demo.badRecordRate"),
        (new("--start") { Description = "Event time of the first record, ISO-8601 (default: demo.startTime, 2024-03-15T14:30:00Z).", HelpName = "TIME" }, "demo.startTime"),
    ];

    public DemoCommand(CliSession session)
    {
        _session = session;
        _shape.CompletionSources.Add("raw", "cloudwatch", "kpl", "ndjson");
        _shape.Accepting(s => s is "raw" or "cloudwatch" or "kpl" or "ndjson", "raw, cloudwatch, kpl or ndjson");
        Definition = new Command("demo", """
            Write demo ticker records to a capture file that --source file: replays (or a test, or a benchmark reads). raw,
            cloudwatch and kpl write one Kinesis record per line as GetRecords returns it (ShardId, SequenceNumber,
            PartitionKey, ApproximateArrivalTimestamp in epoch seconds, Data in base64); ndjson writes one ticker JSON object
            per line, as a producer puts it on a stream. SIGINT or SIGTERM stops it without writing FILE.
            """);
        Definition.Options.Add(_out);
        Definition.Options.Add(_shape);
        foreach (var (option, _) in _demo)
        {
            Definition.Options.Add(option);
        }

        _settings.AddTo(Definition);
        Definition.SetAction((parse, _) => ExecuteAsync(parse));
    }

    public Command Definition { get; }

    private async Task<int> ExecuteAsync(ParseResult parse)
    {
        var output = parse.GetRequiredValue(_out);
        var layers = _settings.Layers(parse, _session);
        var shape = parse.GetValue(_shape);
        var ndjson = shape == "ndjson";
        if (shape is not null && !ndjson)
        {
            layers.Set("demo.shape", shape, SettingOrigin.FromOption("--shape"));
        }

        foreach (var (option, path) in _demo)
        {
            if (parse.GetValue(option) is { } value)
            {
                layers.Set(path, value, SettingOrigin.FromOption(option.Name));
            }
        }

        var demo = EtlSettingsBinder.Bind(layers).Demo;
        var directory = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (!Directory.Exists(directory))
        {
            throw new ConfigurationException("--out", output, "a file in an existing folder");
        }

        // Written beside the target and moved over it, so a failed or stopped run leaves no half file.
        var stop = _session.Signals.Stop;
        long lines;
        try
        {
            var writer = new CaptureFileWriter(output);
            await using (writer.ConfigureAwait(false))
            {
                await WriteAsync(writer, demo, ndjson, stop).ConfigureAwait(false);
                await writer.CompleteAsync().ConfigureAwait(false);
                lines = writer.Lines;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            _session.Diagnostics.WriteLine($"sparketl demo: stopped; {output} was not written.");
            return 130;
        }

        var what = ndjson ? "ndjson" : Shape(demo.Shape);
        await _session.Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {lines:N0} lines to {output}: {demo.Records:N0} demo ticker records as {what} (seed {demo.Seed}). Replay: sparketl run --source file:{output}")).ConfigureAwait(false);
        return 0;
    }

    private static async Task WriteAsync(CaptureFileWriter writer, DemoSettings demo, bool ndjson, CancellationToken cancellationToken)
    {
        var factory = new DemoRecordFactory(demo);
        if (ndjson)
        {
            // The same draws as the raw shape, so line N is the data of the raw shape's record N.
            var simulator = new TickerSimulator(demo.Seed, demo.Symbols, demo.RatePerSecond, demo.StartTimeMs);
            for (var i = 0; i < demo.Records; i++)
            {
                await writer.WriteLineAsync(Encoding.UTF8.GetBytes(factory.TickJson(simulator.Next(), simulator.Random)), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        foreach (var record in factory.Records())
        {
            await writer.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Shape(DemoShape shape) => shape switch
    {
        DemoShape.Raw => "raw",
        DemoShape.Kpl => "kpl",
        _ => "cloudwatch",
    };
}
