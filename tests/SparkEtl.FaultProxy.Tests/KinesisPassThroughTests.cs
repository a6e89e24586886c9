using System.Text;
using System.Text.Json;
using SparkEtl.Aws.Kinesis;
using SparkEtl.FaultProxy.Tests.Fixtures;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>With no faults, Kinesis through the proxy is byte for byte Kinesis without it: put-records, get-records.</summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisPassThroughTests
{
    private const string Shard = "shardId-000000000000";
    private readonly KinesaliteFixture _kinesalite;

    public KinesisPassThroughTests(KinesaliteFixture kinesalite) => _kinesalite = kinesalite;

    [Fact]
    public async Task PutRecordsGetRecords_AtRateZero_AreByteIdenticalToGoingDirect()
    {
        var stream = await _kinesalite.CreateStreamAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = _kinesalite.Endpoint }, CancellationToken.None);
        using var client = new KinesisClient(TestAws.Options(proxy.Endpoint));
        var sent = Enumerable.Range(0, 50).Select(i => new PutRecordsEntry($"key-{i % 7}", PassThroughTests.RandomBytes(100 + i, seed: i))).ToList();

        var put = await client.PutRecordsAsync(stream, sent, CancellationToken.None);
        var iterator = await client.GetShardIteratorAsync(stream, Shard, ShardIteratorPosition.TrimHorizon, CancellationToken.None);
        var viaProxy = await client.GetRecordsAsync(Shard, iterator, null, CancellationToken.None);

        Assert.Equal(0, put.FailedRecordCount);
        Assert.Equal(sent.Select(s => Convert.ToBase64String(s.Data.Span)), viaProxy.Records.Select(r => Convert.ToBase64String(r.Data.Span)));
        Assert.Equal(put.Records.Select(r => r.SequenceNumber), viaProxy.Records.Select(r => r.SequenceNumber));

        // The same GetRecords call, raw, both ways: the records' JSON is the same bytes.
        using var http = new HttpClient();
        var direct = await RawGetRecordsAsync(http, _kinesalite.Endpoint, iterator);
        var proxied = await RawGetRecordsAsync(http, proxy.Endpoint, iterator);
        Assert.Equal(direct, proxied);
        Assert.Equal(50, JsonDocument.Parse(proxied).RootElement.GetArrayLength());
        Assert.Equal(0, proxy.GetStats().TotalFaults);
        Assert.Equal(proxy.GetStats().Requests, proxy.GetStats().Forwarded);
    }

    /// <summary>The raw text of the answer's <c>Records</c> array (the rest holds a fresh iterator and a lag, which move).</summary>
    private static async Task<string> RawGetRecordsAsync(HttpClient http, Uri endpoint, string iterator)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["ShardIterator"] = iterator })),
        };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Kinesis_20131202.GetRecords");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20261201T000000Z");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, Encoding.UTF8.GetString(body));
        return JsonDocument.Parse(body).RootElement.GetProperty("Records").GetRawText();
    }
}
