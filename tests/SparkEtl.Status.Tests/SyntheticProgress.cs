using System.Globalization;
using SparkEtl.Core;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Status.Tests;

/// <summary>
/// Progress records as a Kinesis run over two shards reports them (lag per shard, errors of several types, a replay),
/// made by rule from the batch id so that tests can compute what the page and metrics must say.
/// </summary>
internal static class SyntheticProgress
{
    public static readonly DateTimeOffset Start = new(2024, 3, 15, 14, 30, 0, TimeSpan.Zero);

    public static readonly string[] Shards = ["shardId-000000000000", "shardId-000000000001"];

    public static QueryProgress Batch(long id, bool replayed = false, bool ended = false)
    {
        var input = 400 + (id * 37 % 200);
        var eventMin = Start.AddSeconds(id * 30);
        var eventMax = eventMin.AddSeconds(29);
        var watermark = ended ? "+infinity" : UtcTimestamp.Of(eventMax.AddSeconds(-40));
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (id % 3 == 1)
        {
            errors["parse-failed"] = 1 + id % 4;
        }

        if (id % 4 == 2)
        {
            errors["late-record"] = 2;
        }

        var shards = new SortedDictionary<string, ShardProgress>(StringComparer.Ordinal);
        var metrics = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var s = 0; s < Shards.Length; s++)
        {
            var shardMax = eventMax.AddSeconds(-7 * s);
            shards[Shards[s]] = new ShardProgress(UtcTimestamp.Of(shardMax.AddSeconds(-30)), UtcTimestamp.Of(shardMax), s == 1 && id % 5 == 4 ? "idle" : "active");
            metrics["millisBehindLatest." + Shards[s]] = Math.Max(0, 90_000 - id * 6_000) + s * 2_500;
        }

        var trades = input - errors.GetValueOrDefault("parse-failed");
        return new QueryProgress
        {
            Id = "9f1c2a4e-0000-4000-8000-000000000001",
            RunId = "5b7d8e10-0000-4000-8000-000000000002",
            Timestamp = UtcTimestamp.Of(Start.AddMinutes(10).AddSeconds(id * 5)),
            BatchId = id,
            NumInputRows = input,
            InputRowsPerSecond = Math.Round(input / 5.0, 1),
            ProcessedRowsPerSecond = Math.Round(input / 0.35, 1),
            DurationMs = new SortedDictionary<string, long>(StringComparer.Ordinal)
            {
                ["latestOffset"] = 40 + id % 7,
                ["walCommit"] = 6,
                ["decode"] = 80 + id * 3 % 50,
                ["aggregate"] = 25,
                ["addBatch"] = 150 + id * 11 % 90,
                ["commitOffsets"] = 30,
                ["triggerExecution"] = 40 + id % 7 + 6 + 80 + id * 3 % 50 + 25 + 150 + id * 11 % 90 + 30,
            },
            EventTime = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["min"] = UtcTimestamp.Of(eventMin),
                ["max"] = UtcTimestamp.Of(eventMax),
                ["avg"] = UtcTimestamp.Of(eventMin.AddSeconds(15)),
                ["watermark"] = watermark,
            },
            WatermarkInForce = id == 0 ? null : UtcTimestamp.Of(eventMin.AddSeconds(-11)),
            Shards = shards,
            StateOperators = [new StateOperatorProgress("ohlcWindow", 3 + id % 4, trades, id % 2, errors.GetValueOrDefault("late-record"))],
            Sources = [new SourceProgress("kinesis:ticker-stream",
                new SortedDictionary<string, string>(StringComparer.Ordinal) { [Shards[0]] = "4960" + (id * 1000).ToString(CultureInfo.InvariantCulture) },
                new SortedDictionary<string, string>(StringComparer.Ordinal) { [Shards[0]] = "4960" + ((id + 1) * 1000).ToString(CultureInfo.InvariantCulture) },
                input, Math.Round(input / 5.0, 1), Math.Round(input / 0.35, 1), metrics)],
            Sink = new SinkProgress("s3://analytics/sparketl", trades + id % 2 + errors.Values.Sum(), 2 + (int)(id % 2)),
            RowsPerTable = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["errors"] = errors.Values.Sum(), ["ohlc_1m"] = 12 * (id % 2), ["trades"] = trades },
            ErrorsByType = errors,
            DroppedByReason = id % 2 == 0 ? new(StringComparer.Ordinal) : new(StringComparer.Ordinal) { ["control-message"] = 1 },
            Replayed = replayed,
        };
    }
}
