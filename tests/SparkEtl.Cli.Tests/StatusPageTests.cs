using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SparkEtl.Cli.Tests.Kinesis;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>
/// <c>sparketl run --status-port</c>: the built CLI serves the status page while an interval run runs, fed the same
/// progress records it prints; the page is read in Debian's headless Chromium; bad values stop before any work.
/// </summary>
public sealed partial class StatusPageTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task An_interval_run_serves_its_batches_on_the_page_the_api_and_the_metrics_until_sigterm_ends_it()
    {
        using var folder = new TempDirectory();
        var warehouse = folder.Combine("w");
        var port = FreePort();

        // A bounded demo input cut into many small batches, one every 300 ms: far more than the test needs before it stops the run.
        using var run = SparkEtlProcess.Start(new Dictionary<string, string?>(),
            "run", "--source", "demo", "--warehouse", warehouse, "--trigger", "interval:300ms", "--progress", "json",
            "--set", "demo.records=200000", "--set", "batch.maxRecordsPerShard=10", "--status-port", port.ToString(CultureInfo.InvariantCulture));
        var address = new Uri($"http://127.0.0.1:{port}/");
        Assert.Equal($"status page: {address}", await run.WaitForLineAsync(l => l.StartsWith("status page:", StringComparison.Ordinal), TimeSpan.FromMinutes(1)));

        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        await WaitForBatchesAsync(http, run, atLeast: 3);

        // /api/progress: the records the run printed, batch for batch, from batch 0 on.
        using var api = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/progress", UriKind.Relative)));
        var served = api.RootElement.EnumerateArray().Select(r => (Batch: r.GetProperty("batchId").GetInt64(), Input: r.GetProperty("numInputRows").GetInt64())).ToList();
        Assert.Equal(Enumerable.Range(0, served.Count).Select(i => (long)i), served.Select(r => r.Batch));
        var printed = await PrintedProgressAsync(run, served[^1].Batch);
        Assert.All(served, r => Assert.Equal(printed[r.Batch].NumInputRows, r.Input));
        Assert.All(served, r => Assert.True(r.Input > 0, $"batch {r.Batch} read nothing"));

        // /metrics: counters are the sums of the printed records up to the last batch the metrics saw.
        var metrics = ParseMetrics(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)));
        var last = (long)metrics["sparketl_last_batch_id"];
        Assert.True(last >= served[^1].Batch, $"metrics say batch {last}, /api/progress said {served[^1].Batch}");
        printed = await PrintedProgressAsync(run, last);
        var upToLast = printed.Where(p => p.Key <= last).Select(p => p.Value).ToList();
        Assert.Equal(last + 1, metrics["sparketl_batches_total"]);
        Assert.Equal(upToLast.Sum(p => p.NumInputRows), metrics["sparketl_input_records_total"]);
        Assert.Equal(upToLast.Sum(p => p.Trades), metrics["sparketl_rows_written_total{table=\"trades\"}"]);

        // The page, as headless Chromium shows it: the table's batches, newest first, with their input rows, and one
        // mark per batch in the rate chart.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var response = await page.GotoAsync(address.ToString());
        Assert.Equal(200, response!.Status);
        using var shown = JsonDocument.Parse(await page.EvaluateAsync<string>(ReadPage));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, "status-page-cli-run.png"), FullPage = true });

        var rows = shown.RootElement.GetProperty("rows").EnumerateArray()
            .Select(r => (Batch: long.Parse(r.GetProperty("batch").GetString()!, CultureInfo.InvariantCulture),
                Input: long.Parse(r.GetProperty("input").GetString()!, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)))
            .ToList();
        Assert.NotEmpty(rows);
        var newest = rows[0].Batch;
        Assert.True(newest >= last, $"the page shows batch {newest}, the metrics said {last}");
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => newest - i), rows.Select(r => r.Batch));
        printed = await PrintedProgressAsync(run, newest);
        Assert.All(rows, r => Assert.Equal(printed[r.Batch].NumInputRows, r.Input));

        var charts = shown.RootElement.GetProperty("charts");
        Assert.True(charts.GetArrayLength() >= 6, $"{charts.GetArrayLength()} charts on the page");
        Assert.All(charts.EnumerateArray(), c => Assert.True(c.GetProperty("svg").GetBoolean(), $"chart {c.GetProperty("name")} is no svg"));
        var rates = charts.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "rates");
        Assert.Equal(
            Enumerable.Range(0, (int)newest + 1).Select(i => (long)i),
            rates.GetProperty("inputRateBatches").EnumerateArray().Select(b => long.Parse(b.GetString()!, CultureInfo.InvariantCulture)).Order());

        // SIGTERM: the batch in flight commits, the run ends with exit 0 and its summary, and the page stops being served.
        // (Not SIGINT: under a test runner started in the background by a non-interactive shell, SIGINT is inherited ignored.)
        var end = await run.StopAsync(signal: 15);
        Assert.True(end.ExitCode == 0, end.StandardError);
        Assert.Contains("SIGTERM", end.StandardError, StringComparison.Ordinal);
        var all = Progress(end.StandardError);
        var summary = Summary().Match(end.StandardOutput);
        Assert.True(summary.Success, end.StandardOutput);
        Assert.Equal(all.Count, int.Parse(summary.Groups["batches"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.Equal(all.Values.Sum(p => p.NumInputRows), long.Parse(summary.Groups["records"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(0, all.Count).Select(i => (long)i), all.Keys.Order());
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri("healthz", UriKind.Relative)));
    }

    [Fact]
    public async Task With_json_logs_the_page_address_is_a_log_entry_of_its_own_and_port_0_picks_a_free_port()
    {
        using var folder = new TempDirectory();

        var run = await CliRunner.RunAsync("run", "--source", "demo", "--set", "demo.records=300", "--warehouse", folder.Combine("w"),
            "--log-format", "json", "--status-port", "0");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var entries = run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var serving = Assert.Single(entries, e => e.GetProperty("event").GetString() == "StatusServing");
        Assert.Equal(1010, serving.GetProperty("eventId").GetInt32());
        var address = new Uri(serving.GetProperty("address").GetString()!);
        Assert.Equal("127.0.0.1", address.Host);
        Assert.NotEqual(0, address.Port);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("-1")]
    [InlineData("http")]
    public async Task A_bad_status_port_stops_the_run_before_any_work_naming_the_option_and_value(string port)
    {
        using var folder = new TempDirectory();

        var run = await SparkEtlChild.RunAsync(["run", "--source", "demo", "--warehouse", folder.Combine("w"), "--status-port", port]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--status-port: got \"{port}\"; a TCP port from 1 to 65535", run.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("w")), "nothing may be written on a bad --status-port");
        Assert.Empty(run.StandardOutput);
    }

    [Fact]
    public async Task A_status_port_in_use_or_an_address_that_is_no_ip_stops_the_run_before_any_work()
    {
        using var folder = new TempDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var inUse = await SparkEtlChild.RunAsync(["run", "--source", "demo", "--warehouse", folder.Combine("w"), "--status-port", port]);
        var badBind = await SparkEtlChild.RunAsync(["run", "--source", "demo", "--warehouse", folder.Combine("w"), "--status-port", "0", "--status-bind", "localhost:80"]);
        var bindAlone = await SparkEtlChild.RunAsync(["run", "--source", "demo", "--warehouse", folder.Combine("w"), "--status-bind", "0.0.0.0"]);

        Assert.Equal(2, inUse.ExitCode);
        Assert.Contains($"--status-port: got \"{port}\"; a port nothing else listens on at 127.0.0.1 ({port} is taken", inUse.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, badBind.ExitCode);
        Assert.Contains("--status-bind: got \"localhost:80\"; an IP address", badBind.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, bindAlone.ExitCode);
        Assert.Contains("--status-bind", bindAlone.StandardError, StringComparison.Ordinal);
        Assert.Contains("needs --status-port", bindAlone.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("w")), "nothing may be written when the status page cannot be served");
    }

    // Reads, as JSON text, the batch table's rows and, per chart, whether it is SVG and which batches its input-rate line marks.
    private const string ReadPage = """
        () => JSON.stringify({
          rows: [...document.querySelectorAll('table.batches tbody tr[data-batch]')].map(row => ({
            batch: row.dataset.batch,
            input: row.querySelector('td[data-col="input"]').textContent,
          })),
          charts: [...document.querySelectorAll('[data-chart]')].map(chart => ({
            name: chart.dataset.chart,
            svg: chart instanceof SVGSVGElement,
            inputRateBatches: [...chart.querySelectorAll('[data-series="input rate"] [data-batch]')].map(mark => mark.dataset.batch),
          })),
        })
        """;

    /// <summary>Where test screenshots are kept: artifacts/status/ in the checkout (ignored by git), beside the status page's own tests'.</summary>
    private static string ArtifactsFolder => Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts", "status")).FullName;

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Polls <c>/healthz</c> until it reports <paramref name="atLeast"/> batches, or fails at the deadline.</summary>
    private static async Task WaitForBatchesAsync(HttpClient http, SparkEtlProcess run, int atLeast)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri("healthz", UriKind.Relative)));
            var batches = health.RootElement.GetProperty("batches").GetInt64();
            if (batches >= atLeast)
            {
                Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"/healthz still says {batches} batches:\n{run.StandardError}");
            await Task.Delay(100);
        }
    }

    /// <summary>The progress records the run printed (one JSON line per batch), once batch <paramref name="through"/> is among them.</summary>
    private static async Task<Dictionary<long, PrintedProgress>> PrintedProgressAsync(SparkEtlProcess run, long through)
    {
        await run.WaitForLineAsync(l => l.StartsWith('{') && l.Contains($"\"batchId\":{through},", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        return Progress(run.StandardError);
    }

    private static Dictionary<long, PrintedProgress> Progress(string standardError) =>
        standardError.Split('\n').Where(l => l.StartsWith('{')).Select(l =>
        {
            using var line = JsonDocument.Parse(l);
            var root = line.RootElement;
            return new PrintedProgress(root.GetProperty("batchId").GetInt64(), root.GetProperty("numInputRows").GetInt64(),
                root.GetProperty("rowsPerTable").GetProperty("trades").GetInt64());
        }).ToDictionary(p => p.BatchId);

    /// <summary>Prometheus text as sample name (with its labels as written) to value.</summary>
    private static Dictionary<string, double> ParseMetrics(string text) =>
        text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => (Name: l[..l.LastIndexOf(' ')], Value: l[(l.LastIndexOf(' ') + 1)..] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var number => double.Parse(number, CultureInfo.InvariantCulture),
            }))
            .ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

    [GeneratedRegex(@": (?<batches>[\d,]+) batches, (?<records>[\d,]+) Kinesis records")]
    private static partial Regex Summary();

    private sealed record PrintedProgress(long BatchId, long NumInputRows, long Trades);
}
