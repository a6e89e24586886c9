using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Demo;

namespace SparkEtl.Runner.Sources;

/// <summary>Opens the source a run is configured with; one explicit entry per <see cref="SourceKind"/>.</summary>
public static class RecordSources
{
    public static IRecordSource Open(EtlSettings settings) => settings.Source.Kind switch
    {
        SourceKind.Demo => new EnumeratedRecordSource("demo", new DemoRecordFactory(settings.Demo).Records()),
        SourceKind.File => new EnumeratedRecordSource(settings.Source.ToString(), CaptureFileReader.Read(settings.Source.Location)),
        _ => throw new ConfigurationException("source", settings.Source.ToString(),
            "demo or file:PATH; reading a Kinesis stream needs the AWS connection settings, which this build does not have yet"),
    };
}
