using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Records;
using SparkEtl.Core.Tests.Decoding;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Hostile;

/// <summary>
/// Real-shaped payloads (plain ticker JSON, gzip CloudWatch envelopes, KPL aggregates, a gzip bomb) damaged at
/// random: flipped, cut, grown, spliced with each other, duplicated, poked with bytes parsers care about. Whatever
/// comes of it, the decoder must give at least one result, throw nothing, allocate within a bound set by the input
/// and the decode limit, finish within a deadline, and never let out a trade or a row that breaks the event-time
/// bound or cannot be partitioned.
/// </summary>
public class MutatedPayloadProperties
{
    // A small inflate limit, so bombs and grown envelopes reach it cheaply; the bound below scales with it.
    private const int MaxDecompressedBytes = 256 * 1024;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(3000);

    private static readonly byte[][] Seeds = BuildSeeds();

    // Arrival times: ordinary, at the edges of the range, and outside it.
    private static readonly long[] Arrivals = [Payloads.ArrivalMs, 0, TickerTransform.MaxEventTimeMs, -1, TickerTransform.MaxEventTimeMs + 1, long.MinValue, long.MaxValue];

    /// <summary>A seed, the mutations done to it in order, and the record's arrival time.</summary>
    public sealed record Case(int Seed, Mutation[] Mutations, long ArrivalMs)
    {
        public byte[] Bytes()
        {
            var bytes = Seeds[Seed];
            foreach (var mutation in Mutations)
            {
                bytes = mutation.Apply(bytes, Seeds);
            }

            return bytes;
        }

        public override string ToString() => $"seed {Seed}, arrival {ArrivalMs}, [{string.Join("; ", Mutations.Select(m => m.ToString()))}]";
    }

    private static Arbitrary<Case> Cases()
    {
        var fraction = Gen.Choose(0, 10_000).Select(i => i / 10_000.0);
        var mutation =
            from kind in Gen.Elements(Enum.GetValues<MutationKind>())
            from at in fraction
            from span in fraction
            from value in Gen.Choose(0, 255)
            from other in Gen.Choose(0, 1_000)
            select new Mutation(kind, at, span, (byte)value, other);
        var @case =
            from seed in Gen.Choose(0, Seeds.Length - 1)
            from count in Gen.Choose(0, 4)
            from mutations in Gen.ArrayOf(mutation, count)
            from arrival in Gen.Frequency((6, Gen.Constant(Payloads.ArrivalMs)), (1, Gen.Elements(Arrivals)))
            select new Case(seed, mutations, arrival);
        return @case.ToArbitrary();
    }

    [Fact]
    public void AnyDamagedPayload_GivesResultsWithinBoundsAndNeverThrows() =>
        Check.One(Config, Prop.ForAll(Cases(), @case =>
        {
            var data = @case.Bytes();
            var outcome = DecodeWithDeadline(data, @case.ArrivalMs);

            Assert.True(outcome.Results > 0, $"no result for {@case}");
            Assert.True(outcome.AllocatedBytes <= AllocationBound(data.Length), $"{outcome.AllocatedBytes:N0} bytes allocated for {data.Length:N0} input bytes: {@case}");
            Assert.True(outcome.Escaped is null, $"{outcome.Escaped} for {@case}");
        }));

    [Fact]
    public void EverySeed_Undamaged_DecodesAsDesigned()
    {
        var labels = Seeds.Select(seed =>
        {
            var sink = new RecordingSink();
            new RecordDecoder(new DecoderOptions { MaxDecompressedBytes = MaxDecompressedBytes }).Decode(Payloads.Record(seed), sink);
            return string.Join(" ", sink.Labels());
        });

        Assert.Equal(
        [
            "accept",
            "fail:event-time-out-of-range",
            "accept accept drop:platform-log-line accept fail:event-time-out-of-range",
            "drop:control-message",
            "accept accept",
            "accept accept drop:platform-log-line accept fail:event-time-out-of-range accept",
            "fail:record-too-large",
        ],
        labels);
    }

    // Rented pool arrays (inflate buffers up to the limit, scratch) are allocated the first time; error rows copy
    // what failed; messages are short. 16 times the input plus 8 times the limit is generous for all of it (3,000
    // cases peaked at a third of it, on the bomb), and far below what an unbounded inflate would take.
    private static long AllocationBound(int inputBytes) => (16L * inputBytes) + (8L * MaxDecompressedBytes) + (1 << 20);

    private static Outcome DecodeWithDeadline(byte[] data, long arrivalMs)
    {
        var decoding = Task.Factory.StartNew(() =>
        {
            var decoder = new RecordDecoder(new DecoderOptions { MaxDecompressedBytes = MaxDecompressedBytes });
            var sink = new CheckingSink();
            var record = new KinesisRecord(Payloads.Shard, Payloads.Sequence, "pk", arrivalMs, data);
            var before = GC.GetAllocatedBytesForCurrentThread();
            decoder.Decode(record, sink);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            return new Outcome(sink.Results, allocated, sink.Escaped);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Assert.True(decoding.Wait(Deadline), $"decoding {data.Length:N0} bytes did not finish within {Deadline}");
        return decoding.Result;
    }

    private static byte[][] BuildSeeds()
    {
        var ticker = Encoding.UTF8.GetBytes(Payloads.Ticker());
        var future = Encoding.UTF8.GetBytes(Payloads.Ticker("FUT", eventTime: 253_402_214_400_000));
        var envelope = Payloads.Gzip(Payloads.DataEnvelopeJson(Payloads.Events(
            Payloads.PythonLine(Payloads.Ticker("JIB")),
            Payloads.NodeLine(Payloads.Ticker("BRK.B", 350.5, null)),
            "START RequestId: 1 Version: $LATEST\n",
            Payloads.PythonLine(Payloads.Ticker("WMT", 10.5, 1_700_000_000_999)),
            Payloads.PythonLine(Payloads.Ticker("FUT", 1, 253_402_214_400_000)))));
        return
        [
            ticker,
            future,
            envelope,
            Payloads.Gzip(Payloads.ControlEnvelopeJson()),
            Payloads.Aggregate(ticker, Encoding.UTF8.GetBytes(Payloads.Ticker("AAA", 1.25))),
            Payloads.Aggregate(envelope, ticker),
            Payloads.Gzip(new byte[MaxDecompressedBytes * 4]),
        ];
    }

    private sealed record Outcome(int Results, long AllocatedBytes, string? Escaped);

    /// <summary>Counts results and notes the first that breaks a rule later stages rely on.</summary>
    private sealed class CheckingSink : ITransformSink
    {
        public int Results { get; private set; }

        public string? Escaped { get; private set; }

        public void Accept(in Trade trade)
        {
            Results++;
            if (trade.EventTimeMs is < TickerTransform.MinEventTimeMs or > TickerTransform.MaxEventTimeMs
                || trade.EventTimeMs - trade.ArrivalMs > TickerTransform.DefaultMaxFutureSkewMs
                || trade.ArrivalMs is < TickerTransform.MinEventTimeMs or > TickerTransform.MaxEventTimeMs)
            {
                Escaped ??= $"a trade at {trade.EventTimeMs} arriving {trade.ArrivalMs}";
            }
        }

        public void Drop(DropReason reason) => Results++;

        public void Fail(ErrorRecord error)
        {
            Results++;
            if (error.ArrivalMs is < TickerTransform.MinEventTimeMs or > TickerTransform.MaxEventTimeMs)
            {
                Escaped ??= $"an error row dated {error.ArrivalMs}";
            }
        }
    }
}
