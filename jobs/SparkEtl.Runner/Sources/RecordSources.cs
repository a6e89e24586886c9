using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Demo;

namespace SparkEtl.Runner.Sources;

/// <summary>Opens the source a run is configured with; one explicit entry per <see cref="SourceKind"/>.</summary>
public static class RecordSources
{
    public static IRecordSource Open(EtlSettings settings) => settings.Source.Kind switch
    {
        SourceKind.Demo => new SequentialRecordSource("demo", start => Demo(settings.Demo, start)),
        SourceKind.File => OpenFile(settings.Source),
        _ => throw new ConfigurationException("source", settings.Source.ToString(),
            "demo or file:PATH; reading a Kinesis stream needs the AWS connection settings, which this build does not have yet"),
    };

    private static SequentialRecordSource OpenFile(SourceSettings source)
    {
        // Opening at the start checks the file now, before any work, rather than at the first batch.
        _ = CaptureFileReader.ReadFrom(source.Location, default);
        return new SequentialRecordSource(source.ToString(), start => CaptureFileReader.ReadFrom(source.Location, start));
    }

    // The demo regenerates its records from the seed and skips to the position: the same records every time.
    private static IEnumerable<PositionedRecord> Demo(DemoSettings settings, SequentialPosition start) =>
        new DemoRecordFactory(settings).Records()
            .Select((record, index) => new PositionedRecord(record, new SequentialPosition(index + 1L, 0)))
            .Skip(checked((int)start.Count));
}
