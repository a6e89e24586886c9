using System.Net;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Status.Tests;

[Collection(DemoRunCollection.Name)]
public sealed class MetricsEndpointTests(DemoRunFixture run)
{
    [Fact]
    public async Task Metrics_after_a_demo_run_parse_as_prometheus_text_and_counters_equal_the_progress_sums()
    {
        using var response = await StatusHttp.GetAsync(run.Server, "metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        var records = run.Records;
        Assert.True(records.Count >= 5, $"the demo run made {records.Count} batches");

        CountersEqualSums(metrics, records);
        Assert.Equal(records[^1].BatchId, metrics.Value("sparketl_last_batch_id"));
        Assert.Equal(run.Summary.OpenWindows, metrics.Value("sparketl_open_windows"));
        Assert.Equal(double.PositiveInfinity, metrics.Value("sparketl_query_watermark_seconds"));
        var shards = records[^1].Shards;
        Assert.Equal(3, shards.Count);
        Assert.Equal(
            shards.ToDictionary(s => s.Key, s => DateTimeOffset.Parse(s.Value.Watermark, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() / 1000.0),
            metrics.ByLabel("sparketl_watermark_seconds", "shard"));
    }

    [Fact]
    public async Task Counters_count_every_batch_fed_and_gauges_show_the_last_one()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions { Retain = 3 }, CancellationToken.None);
        var records = Enumerable.Range(0, 8).Select(i => SyntheticProgress.Batch(i, replayed: i == 0)).ToList();
        records.ForEach(server.Add);

        var metrics = PrometheusText.Parse(await StatusHttp.GetTextAsync(server, "metrics"));

        CountersEqualSums(metrics, records);
        Assert.Equal(1, metrics.Value("sparketl_batches_replayed_total"));
        var last = records[^1];
        Assert.Equal(
            last.Sources[0].Metrics.ToDictionary(m => m.Key["millisBehindLatest.".Length..], m => (double)m.Value),
            metrics.ByLabel("sparketl_shard_lag_milliseconds", "shard"));
        Assert.Equal(last.InputRowsPerSecond, metrics.Value("sparketl_input_rows_per_second"));
        Assert.Equal(last.ProcessedRowsPerSecond, metrics.Value("sparketl_processed_rows_per_second"));
        Assert.Equal(last.StateOperators[0].NumRowsTotal, metrics.Value("sparketl_open_windows"));
        Assert.Equal(SyntheticProgress.Start.AddMinutes(10).AddSeconds(7 * 5).ToUnixTimeSeconds(), metrics.Value("sparketl_last_batch_timestamp_seconds"));
        Assert.Equal(1, metrics.Value("sparketl_query_info", ("name", "sparketl"), ("id", last.Id), ("run_id", last.RunId)));
    }

    [Fact]
    public async Task Before_the_first_batch_counters_are_zero_and_last_batch_gauges_absent()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);

        var metrics = PrometheusText.Parse(await StatusHttp.GetTextAsync(server, "metrics"));

        Assert.Equal(0, metrics.Value("sparketl_batches_total"));
        Assert.Equal(0, metrics.Value("sparketl_input_records_total"));
        Assert.DoesNotContain(metrics.Samples, s => s.Name is "sparketl_last_batch_id" or "sparketl_query_watermark_seconds" or "sparketl_open_windows");
    }

    [Fact]
    public async Task Two_servers_in_one_process_keep_their_own_metrics()
    {
        await using var first = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);
        await using var second = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);
        first.Add(SyntheticProgress.Batch(0));
        first.Add(SyntheticProgress.Batch(1));
        second.Add(SyntheticProgress.Batch(5));

        var one = PrometheusText.Parse(await StatusHttp.GetTextAsync(first, "metrics"));
        var two = PrometheusText.Parse(await StatusHttp.GetTextAsync(second, "metrics"));

        Assert.Equal(2, one.Value("sparketl_batches_total"));
        Assert.Equal(1, two.Value("sparketl_batches_total"));
        Assert.Equal(SyntheticProgress.Batch(5).NumInputRows, two.Value("sparketl_input_records_total"));
    }

    [Fact]
    public async Task A_watermark_at_infinity_is_an_infinite_gauge()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);
        server.Add(SyntheticProgress.Batch(0));
        server.Add(SyntheticProgress.Batch(1, ended: true));

        var metrics = PrometheusText.Parse(await StatusHttp.GetTextAsync(server, "metrics"));

        Assert.Equal(double.PositiveInfinity, metrics.Value("sparketl_query_watermark_seconds"));
    }

    private static void CountersEqualSums(PrometheusText metrics, IReadOnlyList<QueryProgress> records)
    {
        Assert.Equal("counter", metrics.Types["sparketl_input_records_total"]);
        Assert.Equal("histogram", metrics.Types["sparketl_batch_duration_seconds"]);
        Assert.Equal(records.Count, metrics.Value("sparketl_batches_total"));
        Assert.Equal(records.Sum(r => r.NumInputRows), metrics.Value("sparketl_input_records_total"));
        Assert.Equal(records.Sum(r => r.Sink.NumFiles), metrics.Value("sparketl_output_files_total"));
        Assert.Equal(records.Count(r => r.Replayed), metrics.Value("sparketl_batches_replayed_total"));
        Assert.Equal(Sums(records, r => r.RowsPerTable), metrics.ByLabel("sparketl_rows_written_total", "table"));
        Assert.Equal(Sums(records, r => r.ErrorsByType), metrics.ByLabel("sparketl_errors_total", "type"));
        Assert.Equal(Sums(records, r => r.DroppedByReason), metrics.ByLabel("sparketl_dropped_records_total", "reason"));
        var phases = records.SelectMany(r => r.DurationMs.Keys).Distinct(StringComparer.Ordinal).ToList();
        Assert.Equal(
            phases.ToDictionary(p => p, p => (double)records.Count(r => r.DurationMs.ContainsKey(p)), StringComparer.Ordinal),
            metrics.ByLabel("sparketl_batch_duration_seconds_count", "phase"));
        foreach (var (phase, seconds) in metrics.ByLabel("sparketl_batch_duration_seconds_sum", "phase"))
        {
            Assert.Equal(records.Sum(r => r.DurationMs.GetValueOrDefault(phase)) / 1000.0, seconds, 9);
        }
    }

    private static Dictionary<string, double> Sums(IReadOnlyList<QueryProgress> records, Func<QueryProgress, IReadOnlyDictionary<string, long>> counts) =>
        records.SelectMany(r => counts(r)).GroupBy(c => c.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (double)g.Sum(c => c.Value), StringComparer.Ordinal);
}
