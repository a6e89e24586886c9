using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Demo;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Performance;

/// <summary>
/// Counts what one thread allocates while decoding, transforming and aggregating records that it has seen before (so its
/// buffers, intern pools and windows are warm), as Arrow's allocation tests do: the hot path must allocate nothing per
/// record. A per-record object, however small, makes the bytes grow with the records and fails these tests.
/// </summary>
public class SteadyStateAllocationTests
{
    private const int Records = 4_000;
    private const int Passes = 10;

    [Theory]
    [InlineData(DemoShape.Raw)]
    [InlineData(DemoShape.Kpl)]
    public void DecodeTransformAggregate_WarmPlainAndKplRecords_AllocateNothingPerRecord(DemoShape shape)
    {
        var run = new WarmLoop(shape);

        var (allocated, trades) = run.Measure(Passes);

        // A constant, not bytes per record: nothing a pass allocates may scale with its records.
        Assert.True(trades >= Passes * Records * 9 / 10, $"expected the ticks to be trades, got {trades}");
        Assert.True(allocated < 1024, $"{allocated:N0} bytes allocated over {trades:N0} trades ({(double)allocated / trades:F2} per trade)");
    }

    [Fact]
    public void DecodeTransformAggregate_WarmCloudWatchRecords_AllocateNothingPerLogEvent()
    {
        var run = new WarmLoop(DemoShape.CloudWatch);

        var (allocated, trades) = run.Measure(Passes);

        // Inflating gzip takes a GZipStream per compressed Kinesis record (the framework has no reusable inflater); a
        // record carries tens of log events. Any object per log event (an id string alone is over 130 bytes) passes the bound.
        var perEvent = (double)allocated / trades;
        Assert.True(trades >= Passes * Records * 9 / 10, $"expected the ticks to be trades, got {trades}");
        Assert.True(perEvent < 24, $"{allocated:N0} bytes allocated over {trades:N0} log events ({perEvent:F2} per event, {run.RecordCount} records per pass)");
    }

    [Fact]
    public void DecodeTransformAggregate_TwiceTheRecords_AllocateNoMore()
    {
        // The same bytes whether a pass sees the records once or twice: allocation does not grow with the input.
        var once = new WarmLoop(DemoShape.Raw);
        var twice = new WarmLoop(DemoShape.Raw, repeat: 2);

        var (small, _) = once.Measure(Passes);
        var (large, _) = twice.Measure(Passes);

        Assert.True(large <= small + 512, $"{small:N0} bytes over one copy of the records, {large:N0} over two");
    }

    /// <summary>A decoder, a trade buffer and an aggregator, run over the same records until warm.</summary>
    private sealed class WarmLoop
    {
        private readonly KinesisRecord[] _records;
        private readonly RecordDecoder _decoder = new(new DecoderOptions());
        private readonly TradeSink _sink = new();
        private readonly OhlcWindowAggregator _aggregator = new(60_000);

        public WarmLoop(DemoShape shape, int repeat = 1)
        {
            var settings = new DemoSettings(Records, 50, 7, shape, 2, 1_000, 0, 1_700_000_000_000);
            var records = new DemoRecordFactory(settings).Records().ToArray();
            _records = [.. Enumerable.Repeat(records, repeat).SelectMany(r => r)];

            // Warm: JIT, buffers grown to their size, symbols interned, every window open.
            Pass();
            Pass();
        }

        public int RecordCount => _records.Length;

        public (long Allocated, long Trades) Measure(int passes)
        {
            long trades = 0;
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < passes; i++)
            {
                trades += Pass();
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before, trades);
        }

        private int Pass()
        {
            _sink.Trades.Clear();
            foreach (var record in _records)
            {
                _decoder.Decode(record, _sink);
            }

            foreach (ref readonly var trade in _sink.Trades.Span)
            {
                if (!_aggregator.TryAdd(trade))
                {
                    throw new InvalidOperationException("The watermark never moves here: no trade can be late.");
                }
            }

            return _sink.Trades.Count;
        }
    }

    /// <summary>
    /// Keeps trades as the embedded engine's collector does: in a reused <see cref="TradeBuffer"/> it shows, so a CloudWatch
    /// envelope's trades go straight into it as they do in a run.
    /// </summary>
    private sealed class TradeSink : ITradeBufferSink
    {
        public TradeBuffer Trades { get; } = new();

        public void Accept(in Trade trade) => Trades.Add(trade);

        public void Accept(in Trade trade, ReadOnlySpan<byte> logEventId) => Trades.Add(trade, logEventId);

        public void AcceptAdded(int count)
        {
        }

        public void Drop(DropReason reason)
        {
        }

        public void Fail(ErrorRecord error) => throw new InvalidOperationException($"No record here fails: {error.Message}");
    }
}
