using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

namespace SparkEtl.Runner.Tests.Kinesis;

/// <summary>
/// Plays a shard that refuses some entries of a PutRecords call, as Kinesis does when a shard is throttled: the
/// entries <c>refuse</c> picks never reach kinesalite, and the answer reports them failed with
/// ProvisionedThroughputExceededException beside kinesalite's results for the rest.
/// </summary>
internal sealed class RefusingPutRecordsHandler : DelegatingHandler
{
    private readonly Func<int, int, bool> _refuse;
    private int _calls;

    /// <param name="refuse">Given the 1-based call number and an entry's index in it, true to refuse the entry.</param>
    public RefusingPutRecordsHandler(Func<int, int, bool> refuse)
        : base(new SocketsHttpHandler())
    {
        _refuse = refuse;
    }

    /// <summary>Each PutRecords call: its entries and their bytes (data as sent, decoded, plus partition keys).</summary>
    public ConcurrentQueue<(int Entries, long Bytes)> PutCalls { get; } = new();

    public int Refused;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.GetValues("X-Amz-Target").Single().EndsWith(".PutRecords", StringComparison.Ordinal))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var call = Interlocked.Increment(ref _calls);
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
        var entries = body["Records"]!.AsArray();
        PutCalls.Enqueue((entries.Count, entries.Sum(e => Convert.FromBase64String(e!["Data"]!.GetValue<string>()).Length + Encoding.UTF8.GetByteCount(e["PartitionKey"]!.GetValue<string>()))));
        var refused = Enumerable.Range(0, entries.Count).Where(i => _refuse(call, i)).ToHashSet();
        Interlocked.Add(ref Refused, refused.Count);
        var forwarded = new JsonArray([.. entries.Where((_, i) => !refused.Contains(i)).Select(e => e!.DeepClone())]);
        body["Records"] = forwarded;
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1");

        // Kinesis takes no empty call; an all-refused call never reaches kinesalite.
        var answered = forwarded.Count == 0 ? new JsonArray() : JsonNode.Parse(await (await base.SendAsync(request, cancellationToken)).Content.ReadAsStringAsync(cancellationToken))!["Records"]!.AsArray();
        var results = new JsonArray();
        var next = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            results.Add(refused.Contains(i)
                ? new JsonObject { ["ErrorCode"] = "ProvisionedThroughputExceededException", ["ErrorMessage"] = "Rate exceeded for shard (injected)" }
                : answered[next++]!.DeepClone());
        }

        var response = new JsonObject { ["FailedRecordCount"] = refused.Count, ["Records"] = results };
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new StringContent(response.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
        };
    }
}
