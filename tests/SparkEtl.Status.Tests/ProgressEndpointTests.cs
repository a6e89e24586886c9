using System.Net;
using System.Text.Json;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Status.Tests;

[Collection(DemoRunCollection.Name)]
public sealed class ProgressEndpointTests(DemoRunFixture run)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Api_progress_returns_the_runs_records_as_the_checkpoint_keeps_them()
    {
        using var response = await StatusHttp.GetAsync(run.Server, "api/progress");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var elements = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(run.Records.Count, elements.Count);
        for (var i = 0; i < elements.Count; i++)
        {
            Assert.Equal(run.Records[i].ToJson(), elements[i].GetRawText());
        }
    }

    [Fact]
    public async Task Api_progress_round_trips_through_the_progress_record_type()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);
        var fed = Enumerable.Range(0, 4).Select(i => SyntheticProgress.Batch(i, replayed: i == 2, ended: i == 3)).ToList();
        fed.ForEach(server.Add);

        var read = JsonSerializer.Deserialize<List<QueryProgress>>(await StatusHttp.GetTextAsync(server, "api/progress"), Web)!;

        Assert.Equal(fed.Select(r => r.ToJson()), read.Select(r => r.ToJson()));
        Assert.True(read[2].Replayed);
        Assert.Equal("+infinity", read[3].EventTime["watermark"]);
    }

    [Fact]
    public async Task Api_progress_keeps_only_the_newest_records_it_retains()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions { Retain = 3 }, CancellationToken.None);
        for (var i = 0; i < 7; i++)
        {
            server.Add(SyntheticProgress.Batch(i));
        }

        using var document = JsonDocument.Parse(await StatusHttp.GetTextAsync(server, "api/progress"));

        Assert.Equal([4L, 5L, 6L], document.RootElement.EnumerateArray().Select(e => e.GetProperty("batchId").GetInt64()));
    }

    [Fact]
    public async Task Api_progress_is_an_empty_array_before_the_first_batch()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);

        Assert.Equal("[]", await StatusHttp.GetTextAsync(server, "api/progress"));
    }
}
