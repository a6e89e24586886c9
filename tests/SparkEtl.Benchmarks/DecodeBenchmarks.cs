using BenchmarkDotNet.Attributes;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Demo;
using SparkEtl.Core.Records;

namespace SparkEtl.Benchmarks;

/// <summary>Decoding and transforming 10,000 demo ticks carried in each record shape, on one thread.</summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private KinesisRecord[] _records = [];
    private RecordDecoder _decoder = null!;

    [Params(DemoShape.Raw, DemoShape.CloudWatch, DemoShape.Kpl)]
    public DemoShape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var settings = new DemoSettings(10_000, 200, 7, Shape, 4, 1000, 0, 1_700_000_000_000);
        _records = [.. new DemoRecordFactory(settings).Records()];
        _decoder = new RecordDecoder(new DecoderOptions());
    }

    [Benchmark(OperationsPerInvoke = 10_000)]
    public long DecodeTicks()
    {
        var sink = new CountingSink();
        foreach (var record in _records)
        {
            _decoder.Decode(record, sink);
        }

        return sink.Trades;
    }
}
