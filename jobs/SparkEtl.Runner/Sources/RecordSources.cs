using System.Globalization;
using SparkEtl.Aws;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Demo;
using SparkEtl.Runner.Sources.Internal;
using SparkEtl.Runner.Sources.Kinesis;

namespace SparkEtl.Runner.Sources;

/// <summary>Opens the source a run is configured with; one explicit entry per <see cref="SourceKind"/>.</summary>
public static class RecordSources
{
    /// <summary>
    /// Opens the source and checks, before any work, that it can be read: a file exists; a Kinesis stream exists
    /// and the AWS credentials, region and endpoint work. Problems are <see cref="ConfigurationException"/>s.
    /// </summary>
    public static async ValueTask<IRecordSource> OpenAsync(EtlSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Source.Kind switch
        {
            SourceKind.Demo => new SequentialRecordSource("demo", start => Demo(settings.Demo, start)),
            SourceKind.File when FileSet.Names(settings.Source.Location) => OpenFileSet(settings.Source),
            SourceKind.File => OpenFile(settings.Source),
            _ => await OpenKinesisAsync(settings, cancellationToken).ConfigureAwait(false),
        };
    }

    private static async Task<IRecordSource> OpenKinesisAsync(EtlSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Kinesis.ConsumerType != KinesisConsumerType.Polling)
        {
            throw new ConfigurationException("kinesis.consumerType", "efo",
                "polling: the embedded engine reads shards with GetRecords; enhanced fan-out (efo) is for the Spark connector on EMR");
        }

        // One attempt per request: the source retries itself and slows a throttled shard down.
        var client = new KinesisClient(new AwsClientOptions
        {
            Region = settings.Aws.Region,
            Endpoint = settings.Aws.KinesisEndpoint,
            EndpointSetting = "aws.kinesisEndpoint",
            AllowInsecureEndpoint = settings.Aws.AllowInsecureEndpoints,
            MaxAttempts = 1,
        });
        return await KinesisRecordSource.OpenAsync(client, KinesisSourceOptions.From(settings), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The key of a one-file source's assigned arrival time (epoch ms) in <see cref="SourceBatch.Assigned"/>. A folder or
    /// a glob keeps one per file a batch read (<see cref="FileSetRecordSource.ArrivalKeyPrefix"/>).
    /// </summary>
    public const string ArrivalKey = "arrivalMs";

    private static SequentialRecordSource OpenFile(SourceSettings source)
    {
        // Opening at the start checks the file now, before any work, rather than at the first batch.
        _ = CaptureFileReader.ReadFrom(source.Location, default);

        // Lines that carry no arrival time get the file's modification time as the run first sees it; a replay gets the
        // time its batch was first read with, so touching the file between attempts changes nothing.
        var arrivalMs = new DateTimeOffset(File.GetLastWriteTimeUtc(source.Location)).ToUnixTimeMilliseconds();
        var memory = new BatchMemory();
        return new SequentialRecordSource(
            source.ToString(),
            (start, assigned) => CaptureFileReader.ReadFrom(source.Location, start, ArrivalOf(assigned) ?? arrivalMs, memory),
            new SortedDictionary<string, string>(StringComparer.Ordinal) { [ArrivalKey] = arrivalMs.ToString(CultureInfo.InvariantCulture) },
            memory);
    }

    private static FileSetRecordSource OpenFileSet(SourceSettings source)
    {
        // Checked now, before any work: a folder or glob that names no file is most likely a mistake.
        var files = FileSet.Of(source.Location);
        if (files.List().Count == 0)
        {
            throw new ConfigurationException("source", source.ToString(),
                "file:PATH naming a file, a folder with files in it, or a glob that matches files (e.g. file:captures/*.jsonl, file:warehouse/raw_backup)");
        }

        return new FileSetRecordSource(source.ToString(), files);
    }

    private static long? ArrivalOf(IReadOnlyDictionary<string, string> assigned) =>
        assigned.TryGetValue(ArrivalKey, out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) ? ms : null;

    // The demo regenerates its records from the seed and skips to the position: the same records every time.
    private static IEnumerable<PositionedRecord> Demo(DemoSettings settings, SequentialPosition start) =>
        new DemoRecordFactory(settings).Records()
            .Select((record, index) => new PositionedRecord(record, new SequentialPosition(index + 1L, 0)))
            .Skip(checked((int)start.Count));
}
