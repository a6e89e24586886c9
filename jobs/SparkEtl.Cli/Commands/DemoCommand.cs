using System.Globalization;
using System.Text;
using System.Text.Json;
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
    // Options that are shorthands for demo.* settings.
    private static readonly (string Option, string Path)[] Settings =
    [
        ("--records", "demo.records"), ("--seed", "demo.seed"), ("--symbols", "demo.symbols"), ("--shards", "demo.shards"),
        ("--rate", "demo.ratePerSecond"), ("--bad-rate", "demo.badRecordRate"), ("--start", "demo.startTime"),
    ];

    public string Summary => "Write demo ticker records to a capture file that --source file: replays.";

    public string Usage => """
        Usage: sparketl demo --out FILE [--shape raw|cloudwatch|kpl|ndjson] [--records N] [--seed S]
                             [--symbols N] [--shards N] [--rate N] [--bad-rate R] [--start TIME]
                             [--conf FILE] [--set demo.*=value]...

        Writes the records the demo source makes to FILE, for 'sparketl run --source file:FILE' (or a test, or a
        benchmark) to read. raw, cloudwatch and kpl write one Kinesis record per line as GetRecords returns it
        (ShardId, SequenceNumber, PartitionKey, ApproximateArrivalTimestamp in epoch seconds, Data in base64);
        ndjson writes one ticker JSON object per line, as a producer puts it on a stream.

          --out FILE          The file to write (replaced if it exists).
          --shape SHAPE       raw | cloudwatch | kpl | ndjson (default: demo.shape, cloudwatch).
          --records N         Ticker records to make (default: demo.records, 20000).
          --seed S            Seed; the same seed and settings give the same bytes (default: demo.seed, 42).
          --symbols N         Distinct ticker symbols (default: demo.symbols, 12).
          --shards N          Shards the records spread over, by the MD5 of the partition key (default: demo.shards, 2).
          --rate N            Ticker records per second of event time (default: demo.ratePerSecond, 100).
          --bad-rate R        Share of records made malformed on purpose (default: demo.badRecordRate, 0.002).
          --start TIME        Event time of the first record, ISO-8601 (default: demo.startTime, 2024-03-15T14:30:00Z).
          --conf FILE         A JSON configuration file; its demo.* settings apply.
          --set path=value    Any setting, e.g. --set demo.seed=7

        SIGINT or SIGTERM stops it without writing FILE.
        Exit codes: 0 written, 1 failed, 2 bad arguments or configuration (nothing was written), 130 stopped.
        """;

    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, StopSignals signals)
    {
        var arguments = CommandArguments.Parse("demo", args,
            ["--conf", "--out", "--shape", "--records", "--seed", "--symbols", "--shards", "--rate", "--bad-rate", "--start"], []);
        if (arguments.Help)
        {
            await console.Out.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        var output = arguments.Value("--out") ?? throw new UsageException("'sparketl demo' needs --out FILE, the capture file to write.");
        var layers = SettingsLoader.Layers(arguments);
        var shape = arguments.Value("--shape");
        var ndjson = shape == "ndjson";
        if (shape is not null && !ndjson)
        {
            if (shape is not ("raw" or "cloudwatch" or "kpl"))
            {
                throw new ConfigurationException("--shape", shape, "raw, cloudwatch, kpl or ndjson");
            }

            layers.Set("demo.shape", shape, "--shape");
        }

        foreach (var (option, path) in Settings)
        {
            if (arguments.Value(option) is { } value)
            {
                layers.Set(path, value, option);
            }
        }

        var demo = EtlSettingsBinder.Bind(layers).Demo;
        var directory = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (!Directory.Exists(directory))
        {
            throw new ConfigurationException("--out", output, "a file in an existing folder");
        }

        // Written beside the target and moved over it, so a failed or stopped run leaves no half file.
        var partial = output + ".partial";
        long lines;
        try
        {
            lines = await WriteAsync(partial, demo, ndjson, signals.Stop).ConfigureAwait(false);
            File.Move(partial, output, overwrite: true);
        }
        catch (OperationCanceledException) when (signals.Stop.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync($"sparketl demo: stopped; {output} was not written.").ConfigureAwait(false);
            return 130;
        }
        finally
        {
            File.Delete(partial);
        }

        var what = ndjson ? "ndjson" : Shape(demo.Shape);
        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {lines:N0} lines to {output}: {demo.Records:N0} demo ticker records as {what} (seed {demo.Seed}). Replay: sparketl run --source file:{output}")).ConfigureAwait(false);
        return 0;
    }

    private static async Task<long> WriteAsync(string path, DemoSettings demo, bool ndjson, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            var lines = 0L;
            using var json = new Utf8JsonWriter(file);
            var factory = new DemoRecordFactory(demo);
            if (ndjson)
            {
                // The same draws as the raw shape, so line N is the data of the raw shape's record N.
                var simulator = new TickerSimulator(demo.Seed, demo.Symbols, demo.RatePerSecond, demo.StartTimeMs);
                for (var i = 0; i < demo.Records; i++)
                {
                    var line = factory.TickJson(simulator.Next(), simulator.Random);
                    await file.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken).ConfigureAwait(false);
                    lines++;
                }

                return lines;
            }

            foreach (var record in factory.Records())
            {
                json.WriteStartObject();
                json.WriteString("ShardId", record.ShardId);
                json.WriteString("SequenceNumber", record.SequenceNumber);
                json.WriteString("PartitionKey", record.PartitionKey);
                json.WriteNumber("ApproximateArrivalTimestamp", record.ApproximateArrivalMs / 1000m);
                json.WriteBase64String("Data", record.Data.Span);
                json.WriteEndObject();
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                json.Reset();
                file.WriteByte((byte)'\n');
                lines++;
            }

            return lines;
        }
    }

    private static string Shape(DemoShape shape) => shape switch
    {
        DemoShape.Raw => "raw",
        DemoShape.Kpl => "kpl",
        _ => "cloudwatch",
    };
}
