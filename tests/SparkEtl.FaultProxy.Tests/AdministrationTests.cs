using System.Net;
using System.Text;
using SparkEtl.FaultProxy.Tests.Fixtures;

namespace SparkEtl.FaultProxy.Tests;

/// <summary><c>/__faultproxy/stats</c> and <c>/__faultproxy/faults</c>: reading counters and switching faults at run time.</summary>
public sealed class AdministrationTests
{
    [Fact]
    public async Task PutFaults_SwitchesFaultsOnAndOff_ForTheNextRequests()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = upstream.Endpoint }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = proxy.Endpoint };

        var before = await http.GetAsync("bucket/key");
        var switchedOn = await http.PutAsync("__faultproxy/faults", new StringContent("500@s3:GET=1"));
        var during = await http.GetAsync("bucket/key");
        var shown = await http.GetStringAsync("__faultproxy/faults");
        var switchedOff = await http.PutAsync("__faultproxy/faults", new StringContent("none"));
        var after = await http.GetAsync("bucket/key");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "500@s3:GET=1\n"), (switchedOn.StatusCode, await switchedOn.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.InternalServerError, during.StatusCode);
        Assert.Contains("<Code>InternalError</Code>", await during.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("500", string.Join(",", during.Headers.GetValues("x-faultproxy-fault")));
        Assert.Equal("500@s3:GET=1\n", shown);
        Assert.Equal(HttpStatusCode.OK, switchedOff.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, upstream.Requests.Count);
        Assert.Equal("none", proxy.Faults.ToString());
    }

    [Fact]
    public async Task PutFaults_Invalid_Answers400WithTheReason_AndKeepsThePlan()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = upstream.Endpoint, Faults = FaultPlan.Parse("503=0.5") }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = proxy.Endpoint };

        var refused = await http.PutAsync("__faultproxy/faults", new StringContent("503=2"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("the rate must be a number from 0 to 1, got \"2\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("503=0.5", proxy.Faults.ToString());
    }

    [Fact]
    public async Task GetStats_IsTheJsonOfTheCounters_AndAdministrationIsNotCounted()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(
            new FaultProxyOptions { Upstream = upstream.Endpoint, Faults = FaultPlan.Parse("slowdown@s3:PUT=1,throughput@kinesis:GetRecords=1") },
            CancellationToken.None);
        using var http = new HttpClient { BaseAddress = proxy.Endpoint };
        await http.PutAsync("bucket/a", new ByteArrayContent([1]));
        await http.GetAsync("bucket/a");
        using var getRecords = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}", Encoding.UTF8) };
        getRecords.Headers.Add("X-Amz-Target", "Kinesis_20131202.GetRecords");
        var throttled = await http.SendAsync(getRecords);

        var json = await http.GetStringAsync("__faultproxy/stats");
        var stats = FaultProxyStats.FromJson(json);

        Assert.Equal(HttpStatusCode.BadRequest, throttled.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", throttled.Content.Headers.ContentType?.ToString());
        Assert.Contains("\"__type\":\"ProvisionedThroughputExceededException\"", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, stats.Requests);
        Assert.Equal(1, stats.Forwarded);
        Assert.Equal(1, stats.FaultsOf(FaultKind.SlowDown));
        Assert.Equal(1, stats.FaultsOf(FaultKind.Throughput));
        Assert.Equal(FaultKinds.Applied.Select(FaultKinds.Token), stats.Faults.Keys);
        Assert.Equal(["kinesis:GetRecords", "s3:GetObject", "s3:PutObject"], stats.Operations.Keys);
        Assert.Equal(1, stats.Operation("s3:PutObject").FaultsOf(FaultKind.SlowDown));
        Assert.Empty(stats.Operation("s3:GetObject").Faults);
        Assert.Equal(json.TrimEnd('\n'), proxy.GetStats().ToJson());
        Assert.Contains("\"slowdown\":1", json, StringComparison.Ordinal);
    }
}
