using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SparkEtl.Cli.Output;
using SparkEtl.Core.Configuration;
using SparkEtl.Runner.Sources;

namespace SparkEtl.Cli.Commands;

/// <summary>
/// <c>sparketl capture --stream S --out FILE</c>: saves records from a Kinesis stream, as GetRecords returns them, to a
/// capture file that <c>--source file:</c> replays (to the same tables as reading the stream).
/// </summary>
internal sealed partial class CaptureCommand : ICommand
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

    private readonly CliSession _session;
    private readonly SettingsOptions _settings = new();
    private readonly Option<string> _stream = new Option<string>("--stream") { Description = "The Kinesis stream to read.", HelpName = "STREAM", Required = true }
        .Accepting(name => name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'),
            "a Kinesis stream name: 1 to 128 letters, digits, '_', '.' or '-'");

    private readonly Option<string> _out = new("--out") { Description = "The capture file to write (replaced if it exists).", HelpName = "FILE", Required = true };
    private readonly Option<long?> _limit = new("--limit") { Description = "Stop after this many records (default: no limit).", HelpName = "N" };
    private readonly Option<string> _duration = new Option<string>("--duration")
    {
        Description = "Keep reading for this long (e.g. 30s, 5m), waiting for new records; without it, stop once every shard is caught up.",
        HelpName = "DURATION",
    }.Accepting(text => SettingValues.TryParseDurationMs(text, out var ms) && ms is > 0 and <= 7 * 86_400_000L, "a duration from 1ms to 7d, e.g. 30s or 5m");

    public CaptureCommand(CliSession session)
    {
        _session = session;
        _limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 1)
            {
                result.AddError("Option --limit takes a whole number of at least 1.");
            }
        });
        Definition = new Command("capture", """
            Save records from a Kinesis stream to a capture file that --source file: replays: one record per line as
            GetRecords returns it (ShardId, SequenceNumber, PartitionKey, ApproximateArrivalTimestamp, Data in base64), shard
            by shard in sequence order, from kinesis.startingPosition (TRIM_HORIZON by default). Region, endpoint and
            credentials as for 'sparketl run --source kinesis:STREAM'. SIGINT or SIGTERM once: what was read is written,
            then it ends (exit 0); twice: it ends at once without writing FILE (exit 130).
            """);
        Definition.Options.Add(_stream);
        Definition.Options.Add(_out);
        Definition.Options.Add(_limit);
        Definition.Options.Add(_duration);
        _settings.AddTo(Definition);
        Definition.SetAction((parse, _) => ExecuteAsync(parse));
    }

    public Command Definition { get; }

    private async Task<int> ExecuteAsync(ParseResult parse)
    {
        var stream = parse.GetRequiredValue(_stream);
        var output = parse.GetRequiredValue(_out);
        var limit = parse.GetValue(_limit) ?? long.MaxValue;
        TimeSpan? duration = parse.GetValue(_duration) is { } text && SettingValues.TryParseDurationMs(text, out var ms) ? TimeSpan.FromMilliseconds(ms) : null;
        var layers = _settings.Layers(parse, _session);
        layers.Set("source", "kinesis:" + stream, SettingOrigin.FromOption("--stream"));
        var settings = EtlSettingsBinder.Bind(layers);
        if (!Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(output))))
        {
            throw new Core.ConfigurationException("--out", output, "a file in an existing folder");
        }

        var signals = _session.Signals;
        await using var source = await RecordSources.OpenAsync(settings, signals.Abort).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var shards = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var writer = new CaptureFileWriter(output);
        await using (writer.ConfigureAwait(false))
        {
            SourceOffset? after = null;
            while (writer.Lines < limit && !signals.Stop.IsCancellationRequested)
            {
                var batch = await source.ReadBatchAsync(after, settings.Batch, signals.Abort).ConfigureAwait(false);
                foreach (var record in batch.Records.Take((int)Math.Min(int.MaxValue, limit - writer.Lines)))
                {
                    await writer.WriteAsync(record, signals.Abort).ConfigureAwait(false);
                    shards[record.ShardId] = shards.GetValueOrDefault(record.ShardId) + 1;
                }

                after = batch.End;
                if (batch.Records.Count == 0)
                {
                    if (duration is null || clock.Elapsed >= duration)
                    {
                        break;
                    }

                    await WaitAsync(Min(PollEvery, duration.Value - clock.Elapsed)).ConfigureAwait(false);
                }
                else if (duration is { } d && clock.Elapsed >= d)
                {
                    break;
                }
            }

            await writer.CompleteAsync().ConfigureAwait(false);
        }

        var console = _session.Console.Out;
        await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Captured {writer.Lines:N0} records from {stream} in {clock.Elapsed.TotalSeconds:F1} s to {output}. Replay: sparketl run --source file:{output}")).ConfigureAwait(false);
        foreach (var (shard, count) in shards)
        {
            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {shard}: {count:N0}")).ConfigureAwait(false);
        }

        return 0;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task WaitAsync(TimeSpan wait)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(_session.Signals.Stop, _session.Signals.Abort);
        try
        {
            await Task.Delay(wait, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_session.Signals.Abort.IsCancellationRequested)
        {
            // A stop request ends the wait; the loop then writes what it has and ends.
        }
    }
}
