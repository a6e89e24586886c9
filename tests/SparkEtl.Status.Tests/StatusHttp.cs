namespace SparkEtl.Status.Tests;

/// <summary>Plain HTTP requests to a status server, as a scraper or a load balancer's health check makes them.</summary>
internal static class StatusHttp
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<HttpResponseMessage> GetAsync(StatusServer server, string path)
    {
        var response = await Client.GetAsync(new Uri(server.Address, path));
        return response;
    }

    public static async Task<string> GetTextAsync(StatusServer server, string path)
    {
        using var response = await GetAsync(server, path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }
}
