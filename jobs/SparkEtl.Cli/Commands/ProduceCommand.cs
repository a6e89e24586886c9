using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SparkEtl.Aws;
using SparkEtl.Cli.Logging;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Demo;
using SparkEtl.Runner.Sources.Kinesis;

namespace SparkEtl.Cli.Commands;

/// <summary>
/// <c>sparketl produce</c>: puts the demo source's ticker records onto a Kinesis stream at a steady rate, as
/// Firehose's "send demo data" button does, so a user can try <c>sparketl run --source kinesis:STREAM</c>.
/// </summary>
internal sealed partial class ProduceCommand : ICommand
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    private readonly CliSession _session;
    private readonly SettingsOptions _settings = new();
    private readonly Option<string> _stream = new Option<string>("--stream")
    {
        Description = "The stream to put to; it must exist.",
        HelpName = "STREAM",
        Required = true,
    }.Accepting(name => StreamName().IsMatch(name), "a Kinesis stream name: 1 to 128 letters, digits, '_', '.' or '-'");

    private readonly Option<string> _shape = new("--shape") { Description = "raw | cloudwatch | kpl (default: demo.shape, cloudwatch).", HelpName = "raw|cloudwatch|kpl" };
    private readonly Option<string> _rate = new Option<string>("--rate")
    {
        Description = "Ticker records per second on the wall clock (default: demo.ratePerSecond, 100); event times advance at the same pace. 0 puts them as fast as Kinesis takes them.",
        HelpName = "N",
    }.Accepting(text => ParseRate(text) is not null, "ticker records per second, a number from 0 (as fast as Kinesis takes them) to 1000000");

    private readonly Option<string> _count = new("--count") { Description = "Ticker records to make (default: demo.records, 20000).", HelpName = "N" };

    public ProduceCommand(CliSession session)
    {
        _session = session;
        _shape.AcceptOnlyFromAmong("raw", "cloudwatch", "kpl");
        Definition = new Command("produce", """
            Put demo ticker records onto a Kinesis stream (like Firehose's "send demo data"), with PutRecords, for
            'sparketl run --source kinesis:STREAM' to read. The records are plain JSON, CloudWatch Logs envelopes of Lambda
            log lines, or KPL aggregates, with a share made malformed on purpose (demo.badRecordRate) so the errors table has
            something to show. Each call carries at most 500 records and 5 MiB; records Kinesis refuses (a throttled shard)
            are put again after a backoff. Event times start now unless demo.startTime is set; the same settings give the
            same records. Region and endpoint: aws.region and aws.kinesisEndpoint, else AWS_REGION (AWS_DEFAULT_REGION, the
            profile) and AWS_ENDPOINT_URL_KINESIS (AWS_ENDPOINT_URL); credentials: the AWS SDK's default chain. SIGINT or
            SIGTERM once: the records made so far are put, then it ends (exit 0); twice: it ends at once (exit 130).
            """);
        Definition.Options.Add(_stream);
        Definition.Options.Add(_shape);
        Definition.Options.Add(_rate);
        Definition.Options.Add(_count);
        _settings.AddTo(Definition);
        Definition.SetAction((parse, _) => ExecuteAsync(parse));
    }

    public Command Definition { get; }

    private async Task<int> ExecuteAsync(ParseResult parse)
    {
        // Everything that can be wrong with the configuration is found here, before anything is put.
        var stream = parse.GetRequiredValue(_stream);
        var signals = _session.Signals;
        var console = _session.Console;
        var (settings, rate) = LoadSettings(parse);
        using var client = new KinesisClient(new AwsClientOptions
        {
            Region = settings.Aws.Region,
            Endpoint = settings.Aws.KinesisEndpoint,
            EndpointSetting = "aws.kinesisEndpoint",
            AllowInsecureEndpoint = settings.Aws.AllowInsecureEndpoints,
        });
        await KinesisStreamCheck.EnsureUsableAsync(client, stream, "--stream", stream, signals.Abort).ConfigureAwait(false);

        var producer = new KinesisProducer(client, stream);
        var clock = Stopwatch.StartNew();
        var stopped = await PutAsync(producer, settings.Demo, rate, _session.Diagnostics, signals).ConfigureAwait(false);

        var inv = CultureInfo.InvariantCulture;
        var what = stopped
            ? $"the first of {settings.Demo.Records:N0} demo ticker records as {Shape(settings.Demo.Shape)} (stopped early)"
            : $"{settings.Demo.Records:N0} demo ticker records as {Shape(settings.Demo.Shape)}";
        await console.Out.WriteLineAsync(string.Create(inv,
            $"Put {producer.RecordsPut:N0} Kinesis records onto {stream} ({client.Region}, {client.Endpoint}) in {clock.Elapsed.TotalSeconds:F1} s: {what}.")).ConfigureAwait(false);
        await console.Out.WriteLineAsync(string.Create(inv,
            $"  {producer.Calls:N0} PutRecords calls, {producer.BytesPut:N0} data bytes, {producer.EntriesRetried:N0} refused entries put again.")).ConfigureAwait(false);
        foreach (var (shard, count) in producer.RecordsPerShard.OrderBy(p => p.Key, ShardIdComparer.Instance))
        {
            await console.Out.WriteLineAsync(string.Create(inv, $"  {shard}: {count:N0}")).ConfigureAwait(false);
        }

        return 0;
    }

    private static double? ParseRate(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) && parsed is >= 0 and <= 1_000_000 ? parsed : null;

    /// <summary>The settings (with --shape, --count and --rate applied) and the wall-clock rate, 0 for unpaced.</summary>
    private (EtlSettings Settings, double Rate) LoadSettings(ParseResult parse)
    {
        var layers = _settings.Layers(parse, _session);
        if (parse.GetValue(_shape) is { } shape)
        {
            layers.Set("demo.shape", shape, SettingOrigin.FromOption("--shape"));
        }

        if (parse.GetValue(_count) is { } count)
        {
            layers.Set("demo.records", count, SettingOrigin.FromOption("--count"));
        }

        double? rate = null;
        if (parse.GetValue(_rate) is { } rateText)
        {
            rate = ParseRate(rateText);

            // Unless told otherwise, event time keeps pace with the wall clock.
            if (rate > 0 && layers.Get("demo.ratePerSecond") is null)
            {
                layers.Set("demo.ratePerSecond", rateText, SettingOrigin.FromOption("--rate"));
            }
        }

        if (layers.Get("demo.startTime") is null)
        {
            layers.Set("demo.startTime", SparkEtl.Core.UtcTimestamp.Of(DateTimeOffset.UtcNow), SettingOrigin.Computed("demo.startTime", "the current time"));
        }

        var settings = EtlSettingsBinder.Bind(layers);
        return (settings, rate ?? settings.Demo.RatePerSecond);
    }

    /// <summary>
    /// Puts the demo records, each when its turn comes: the demo spaces records by event time at demo.ratePerSecond,
    /// and <paramref name="rate"/> maps that onto the wall clock. Returns whether a stop request cut it short.
    /// </summary>
    private static async Task<bool> PutAsync(KinesisProducer producer, DemoSettings demo, double rate, DiagnosticsWriter diagnostics, StopSignals signals)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(signals.Stop, signals.Abort);
        var clock = Stopwatch.StartNew();
        var nextProgress = ProgressEvery;
        var stretch = rate > 0 ? demo.RatePerSecond / rate : 0;
        long? firstArrival = null;
        var stopped = false;
        foreach (var record in new DemoRecordFactory(demo).Records())
        {
            firstArrival ??= record.ApproximateArrivalMs;
            var due = TimeSpan.FromMilliseconds(Math.Max(0, record.ApproximateArrivalMs - firstArrival.Value) * stretch);
            if (due > clock.Elapsed)
            {
                // Put what is due now, then wait for this record's turn.
                await producer.FlushAsync(signals.Abort).ConfigureAwait(false);
                await WaitAsync(due - clock.Elapsed, wake.Token, signals.Abort).ConfigureAwait(false);
            }

            if (signals.Stop.IsCancellationRequested)
            {
                stopped = true;
                break;
            }

            await producer.AddAsync(new PutRecordsEntry(record.PartitionKey, record.Data), signals.Abort).ConfigureAwait(false);
            if (clock.Elapsed >= nextProgress)
            {
                nextProgress += ProgressEvery;
                diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sparketl produce: {producer.RecordsPut:N0} records put in {clock.Elapsed.TotalSeconds:F0} s"));
            }
        }

        await producer.FlushAsync(signals.Abort).ConfigureAwait(false);
        return stopped;
    }

    private static async Task WaitAsync(TimeSpan wait, CancellationToken wake, CancellationToken abort)
    {
        try
        {
            await Task.Delay(wait, wake).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!abort.IsCancellationRequested)
        {
            // A stop request ends the wait; the loop then stops after putting what it has.
        }
    }

    private static string Shape(DemoShape shape) => shape switch
    {
        DemoShape.Raw => "raw",
        DemoShape.Kpl => "kpl",
        _ => "cloudwatch",
    };

    // Kinesis API reference, StreamName: 1-128 characters of [a-zA-Z0-9_.-].
    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,128}$")]
    private static partial Regex StreamName();
}
