using BenchmarkDotNet.Attributes;
using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Records;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;

namespace SparkEtl.Benchmarks;

/// <summary>Writing 100,000 trades as Snappy Parquet, and aggregating them into one-minute bars.</summary>
[MemoryDiagnoser]
public class TableBenchmarks
{
    private const int Rows = 100_000;
    private Trade[] _trades = [];
    private MemoryStream _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        string[] symbols = [.. Enumerable.Range(0, 200).Select(i => $"S{i:D3}")];
        _trades = [.. Enumerable.Range(0, Rows).Select(i => new Trade(
            symbols[random.Next(symbols.Length)], "TECHNOLOGY", Math.Round(5 + (random.NextDouble() * 500), 2), 1_700_000_000_000 + (i * 10L),
            new SourcePosition("shardId-000000000001", $"4960{i:D52}", SourcePosition.None, SourcePosition.None), null, null, 1_700_000_000_000 + (i * 10L)))];
        _output = new MemoryStream(16 << 20);
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public long WriteTradesParquet()
    {
        _output.SetLength(0);
        using var writer = new ParquetFileWriter(_output, SparkEtlTables.Trades.ParquetSchema);
        foreach (var trade in _trades)
        {
            SparkEtlTables.Trades.WriteRow(writer, trade);
        }

        writer.Complete();
        return _output.Length;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int AggregateOneMinuteBars()
    {
        var aggregator = new OhlcWindowAggregator(60_000);
        var late = aggregator.Aggregate(_trades);
        return aggregator.Advance(long.MaxValue).Count + late.Count;
    }
}
