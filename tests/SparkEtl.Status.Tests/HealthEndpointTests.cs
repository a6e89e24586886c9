using System.Net;
using System.Text.Json;

namespace SparkEtl.Status.Tests;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_before_the_first_batch_says_waiting_with_no_batch()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);

        using var response = await StatusHttp.GetAsync(server, "healthz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("waiting", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("lastBatchId").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("lastBatchAgeSeconds").ValueKind);
        Assert.Equal(0, body.RootElement.GetProperty("batches").GetInt64());
    }

    [Fact]
    public async Task Healthz_gives_the_last_batch_id_and_how_long_ago_it_finished()
    {
        var last = SyntheticProgress.Batch(4);
        var finished = DateTimeOffset.Parse(last.Timestamp, System.Globalization.CultureInfo.InvariantCulture);
        var clock = new FixedClock(finished.AddSeconds(42.5));
        await using var server = await StatusServer.StartAsync(new StatusServerOptions { Clock = clock }, CancellationToken.None);
        for (var i = 0; i <= 4; i++)
        {
            server.Add(SyntheticProgress.Batch(i));
        }

        using var response = await StatusHttp.GetAsync(server, "healthz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(4, body.RootElement.GetProperty("lastBatchId").GetInt64());
        Assert.Equal(last.Timestamp, body.RootElement.GetProperty("lastBatchTime").GetString());
        Assert.Equal(42.5, body.RootElement.GetProperty("lastBatchAgeSeconds").GetDouble());
        Assert.Equal(5, body.RootElement.GetProperty("batches").GetInt64());
    }
}
