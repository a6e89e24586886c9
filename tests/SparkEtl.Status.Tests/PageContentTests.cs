using System.Net;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Status.Tests;

public sealed class PageContentTests
{
    [Fact]
    public async Task Names_from_the_progress_records_are_html_encoded()
    {
        const string Shard = "<img src=x onerror=alert(1)>";
        await using var server = await StatusServer.StartAsync(new StatusServerOptions { QueryName = "<script>alert(2)</script>" }, CancellationToken.None);
        var batch = SyntheticProgress.Batch(0);
        server.Add(batch with
        {
            Shards = new SortedDictionary<string, ShardProgress>(StringComparer.Ordinal) { [Shard] = batch.Shards.Values.First() },
            ErrorsByType = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["\"quoted\" & 'odd'"] = 1 },
            RowsPerTable = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["<b>table</b>"] = 5 },
        });

        var page = await StatusHttp.GetTextAsync(server, "");

        Assert.DoesNotContain("<img", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("\"quoted\"", page, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(2)&lt;/script&gt;", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_allows_its_own_inline_style_and_script_and_nothing_from_elsewhere()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);

        using var response = await StatusHttp.GetAsync(server, "");
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", page.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("waiting for the first batch", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("metrics")]
    [InlineData("healthz")]
    public async Task Head_is_answered_like_get_without_a_body(string path)
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);
        server.Add(SyntheticProgress.Batch(0));
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(server.Address, path));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_path_is_not_found()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);

        using var response = await StatusHttp.GetAsync(server, "admin");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
