using System.CommandLine;
using System.Globalization;
using SparkEtl.Cli.Inspect;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Decoding;
using SparkEtl.Runner.Sources;

namespace SparkEtl.Cli.Commands;

/// <summary>
/// <c>sparketl inspect --source SOURCE</c>: decodes the first records of a source as the pipeline sees them and shows what
/// each holds (envelope fields, log events, KPL sub-records, the ticker JSON) and each unit's transform result with its
/// reason. Reads only: a Kinesis stream from kinesis.startingPosition, with no checkpoint.
/// </summary>
internal sealed class InspectCommand : ICommand
{
    private readonly CliSession _session;
    private readonly SettingsOptions _settings = new("source");
    private readonly Option<int> _limit = new("--limit") { Description = "Records to show.", HelpName = "N", DefaultValueFactory = _ => 10 };
    private readonly Option<bool> _json = new("--json") { Description = "One JSON object per record instead of text." };

    public InspectCommand(CliSession session)
    {
        _session = session;
        _limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1_000_000)
            {
                result.AddError("Option --limit takes a whole number from 1 to 1000000.");
            }
        });
        Definition = new Command("inspect", """
            Decode the first records of a source as the pipeline sees them: for each record its shard, sequence number,
            partition key, arrival time and size; the CloudWatch Logs envelope's fields (messageType, owner, logGroup,
            logStream, subscriptionFilters) and log events; KPL sub-records; the ticker JSON found; and the transform result
            (ok with the trade, dropped with the reason, failed with the error type and message). Reads only: no checkpoint,
            no warehouse.
            """);
        _settings.AddTo(Definition);
        Definition.Options.Add(_limit);
        Definition.Options.Add(_json);
        Definition.SetAction((parse, _) => ExecuteAsync(parse));
    }

    public Command Definition { get; }

    private async Task<int> ExecuteAsync(ParseResult parse)
    {
        var settings = _settings.Load(parse, _session);
        var limit = parse.GetValue(_limit);
        var json = parse.GetValue(_json);
        var abort = _session.Signals.Abort;
        var output = _session.Console.Out;
        var inspector = new RecordInspector(new DecoderOptions { MaxDecompressedBytes = settings.MaxDecompressedBytes, MaxFutureSkewMs = settings.Event.MaxFutureSkewMs });
        await using var source = await RecordSources.OpenAsync(settings, abort).ConfigureAwait(false);
        SourceOffset? after = null;
        var shown = 0;
        while (shown < limit && !_session.Signals.Stop.IsCancellationRequested)
        {
            var batch = await source.ReadBatchAsync(after, settings.Batch with { MaxRecordsPerShard = limit - shown }, abort).ConfigureAwait(false);
            foreach (var record in batch.Records.Take(limit - shown))
            {
                shown++;
                var (data, results) = inspector.Inspect(record);
                if (json)
                {
                    InspectionWriter.WriteJson(output, shown, record, data, results);
                }
                else
                {
                    InspectionWriter.WriteText(output, shown, record, data, results);
                }
            }

            if (batch.Records.Count == 0 || batch.EndOfInput)
            {
                break;
            }

            after = batch.End;
        }

        if (!json)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{shown} record{(shown == 1 ? "" : "s")} of {source.Description}{(shown < limit ? " (all there is now)" : "")}."));
        }

        return 0;
    }
}
