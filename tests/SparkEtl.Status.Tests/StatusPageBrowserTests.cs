using Microsoft.Playwright;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Status.Tests;

/// <summary>The page as a person sees it: loaded in headless Chromium, read from its DOM, and kept as a screenshot.</summary>
[Collection(DemoRunCollection.Name)]
public sealed class StatusPageBrowserTests(DemoRunFixture run, ChromiumFixture chromium)
{
    [Fact]
    public async Task After_a_demo_run_the_charts_and_batch_table_show_every_batch_that_ran()
    {
        await using var session = await chromium.NewSessionAsync(run.Server.Address);
        var page = session.Page;
        var response = await page.GotoAsync(run.Server.Address.ToString());
        Assert.Equal(200, response!.Status);
        var shown = await PageReading.ReadAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ChromiumFixture.ArtifactsFolder, "status-page-demo.png"), FullPage = true });

        var records = run.Records;
        var ids = records.Select(r => r.BatchId).ToList();
        Assert.True(records.Count is >= 5 and <= StatusPageTableRows, $"the demo run made {records.Count} batches");

        // The batch table: every batch, newest first, with the input rows, rows per table and errors of its progress record.
        Assert.Equal(ids.AsEnumerable().Reverse(), shown.Rows.Select(r => r.Batch));
        foreach (var row in shown.Rows)
        {
            var record = records.Single(r => r.BatchId == row.Batch);
            Assert.Equal(record.NumInputRows, PageReading.Count(row.Cells["input"]));
            foreach (var (table, rows) in record.RowsPerTable)
            {
                Assert.Equal(rows, PageReading.Count(row.Cells["rows-" + table]));
            }

            Assert.Equal(record.ErrorsByType.Count == 0 ? "–" : string.Join(", ", record.ErrorsByType.Select(e => $"{e.Key} {e.Value}")), row.Cells["errors"]);
            Assert.False(row.Replayed);
        }

        // Each chart has one mark per batch, with the batch's own numbers.
        var rates = shown.Charts["rates"];
        Assert.Equal(records.ToDictionary(r => r.BatchId, r => r.InputRowsPerSecond), rates.Values("point", "input rate"));
        Assert.Equal(records.ToDictionary(r => r.BatchId, r => r.ProcessedRowsPerSecond), rates.Values("point", "processing rate"));
        Assert.Equal(
            records.ToDictionary(r => r.BatchId, r => (double)r.DurationMs.Where(d => d.Key != "triggerExecution").Sum(d => d.Value)),
            shown.Charts["durations"].Values("bar"));
        Assert.Equal(records.ToDictionary(r => r.BatchId, r => (double)r.RowsPerTable.Values.Sum()), shown.Charts["rows"].Values("bar"));
        Assert.Equal(records.ToDictionary(r => r.BatchId, r => (double)r.ErrorsByType.Values.Sum()), shown.Charts["errors"].Values("bar"));
        Assert.Equal(records.ToDictionary(r => r.BatchId, r => (double)r.StateOperators.Sum(o => o.NumRowsTotal)), shown.Charts["open-windows"].Values("point", "open windows"));
        Assert.Equal(
            records.Where(r => r.EventTime.ContainsKey("max")).Select(r => r.BatchId),
            shown.Charts["event-time"].Values("range").Keys);
        foreach (var shard in records[^1].Shards.Keys)
        {
            Assert.Equal(
                records.Where(r => r.Shards.ContainsKey(shard)).Select(r => r.BatchId),
                shown.Charts["event-time"].Values("point", shard).Keys);
        }

        // The run drained a bounded input: its last watermark is +infinity, marked rather than plotted.
        Assert.Equal([records[^1].BatchId], shown.Charts["event-time"].Marks.Where(m => m.Kind == "infinity").Select(m => m.Batch));
        Assert.True(shown.Charts["lag"].Empty);
        Assert.Contains("reports no lag", shown.Charts["lag"].Text, StringComparison.Ordinal);

        Assert.Equal(records.Sum(r => r.NumInputRows), PageReading.Count(shown.Figures["input"]));
        Assert.Equal(records.Count, PageReading.Count(shown.Figures["batches"]));
        Assert.StartsWith($"batch {records[^1].BatchId}", shown.Pill, StringComparison.Ordinal);
        Assert.Empty(session.Problems);
    }

    [Fact]
    public async Task A_kinesis_run_shows_lag_per_shard_errors_by_type_and_the_replayed_batch()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions { QueryName = "ticker-stream" }, CancellationToken.None);
        var records = Enumerable.Range(0, 24).Select(i => SyntheticProgress.Batch(i, replayed: i == 9)).ToList();
        records.ForEach(server.Add);
        await using var session = await chromium.NewSessionAsync(server.Address);

        await session.Page.GotoAsync(server.Address.ToString());
        var shown = await PageReading.ReadAsync(session.Page);
        await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ChromiumFixture.ArtifactsFolder, "status-page-kinesis.png"), FullPage = true });

        foreach (var shard in SyntheticProgress.Shards)
        {
            Assert.Equal(
                records.ToDictionary(r => r.BatchId, r => (double)r.Sources[0].Metrics["millisBehindLatest." + shard]),
                shown.Charts["lag"].Values("point", shard));
        }

        var errors = shown.Charts["errors"];
        Assert.Equal(records.ToDictionary(r => r.BatchId, r => (double)r.ErrorsByType.Values.Sum()), errors.Values("bar"));
        Assert.Contains("parse-failed", errors.Text, StringComparison.Ordinal);
        Assert.Contains("late-record", errors.Text, StringComparison.Ordinal);
        Assert.Equal([9L], shown.Rows.Where(r => r.Replayed).Select(r => r.Batch));
        Assert.Empty(session.Problems);
    }

    [Fact]
    public async Task The_page_refreshes_itself_as_batches_are_committed()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions { RefreshSeconds = 1 }, CancellationToken.None);
        await using var session = await chromium.NewSessionAsync(server.Address);
        await session.Page.GotoAsync(server.Address.ToString());
        Assert.Empty((await PageReading.ReadAsync(session.Page)).Rows);
        Assert.Equal("waiting for the first batch", (await PageReading.ReadAsync(session.Page)).Pill);

        server.Add(SyntheticProgress.Batch(0));
        server.Add(SyntheticProgress.Batch(1));

        // The page's own script fetches the new content; Playwright polls the DOM until it shows, or fails at the deadline.
        await session.Page.WaitForSelectorAsync("table.batches tr[data-batch=\"1\"]", new PageWaitForSelectorOptions { Timeout = 20_000 });
        var shown = await PageReading.ReadAsync(session.Page);
        Assert.Equal([1L, 0L], shown.Rows.Select(r => r.Batch));
        Assert.Equal([0L, 1L], shown.Charts["rates"].Values("point", "input rate").Keys);
        Assert.Empty(session.Problems);
    }

    private const int StatusPageTableRows = 50;
}
