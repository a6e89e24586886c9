using System.Text;
using SparkEtl.FaultProxy.Tests.Fixtures;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>The same seed and the same sequence of requests give the same faults, end to end.</summary>
public sealed class DeterminismTests
{
    private const string Faults = "500=0.05,503=0.05,slowdown=0.05,throughput=0.1,expired=0.05,reset=0.1,truncate=0.1,latency=0.1:1ms";

    [Fact]
    public async Task SameSeed_SameRequests_SameOutcomesAndCounters_OtherSeed_Differs()
    {
        var (first, firstStats, firstUpstream) = await RunAsync(seed: 2026);
        var (again, againStats, againUpstream) = await RunAsync(seed: 2026);
        var (other, _, _) = await RunAsync(seed: 2027);

        Assert.Equal(first, again);
        Assert.Equal(firstStats, againStats);
        Assert.Equal(firstUpstream, againUpstream);
        Assert.NotEqual(first, other);
        // Every kind showed up, so the comparison covered them all.
        var stats = FaultProxyStats.FromJson(firstStats);
        Assert.All(FaultKinds.Applied.Where(k => k != FaultKind.ConditionalConflict), kind => Assert.True(stats.FaultsOf(kind) > 0, FaultKinds.Token(kind)));
    }

    /// <summary>Sends 300 requests one after another (S3 and Kinesis shapes) and returns what each one got.</summary>
    private static async Task<(List<string> Outcomes, string Stats, List<string> Upstream)> RunAsync(long seed)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Answer = _ => UpstreamAnswer.Ok(new string('x', 2000));
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = upstream.Endpoint, Faults = FaultPlan.Parse(Faults), Seed = seed }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = proxy.Endpoint };
        var outcomes = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            using var request = (i % 4) switch
            {
                0 => new HttpRequestMessage(HttpMethod.Get, $"bucket/key-{i}"),
                1 => new HttpRequestMessage(HttpMethod.Put, $"bucket/key-{i}") { Content = new ByteArrayContent([1, 2, 3]) },
                _ => Kinesis(i % 4 == 2 ? "GetRecords" : "PutRecords"),
            };
            outcomes.Add(await OutcomeAsync(http, request));
        }

        return (outcomes, proxy.GetStats().ToJson(), [.. upstream.Requests.Select(r => r.Method + " " + r.RawTarget + " " + r.Header("X-Amz-Target"))]);
    }

    private static HttpRequestMessage Kinesis(string operation)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}", Encoding.UTF8) };
        request.Headers.Add("X-Amz-Target", "Kinesis_20131202." + operation);
        return request;
    }

    private static async Task<string> OutcomeAsync(HttpClient http, HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException)
        {
            return "no answer";
        }

        using (response)
        {
            var fault = response.Headers.TryGetValues("x-faultproxy-fault", out var values) ? string.Join(",", values) : "-";
            try
            {
                var body = await response.Content.ReadAsByteArrayAsync();
                return $"{(int)response.StatusCode} {fault} {body.Length}";
            }
            catch (HttpRequestException)
            {
                return $"{(int)response.StatusCode} {fault} cut short";
            }
        }
    }
}
