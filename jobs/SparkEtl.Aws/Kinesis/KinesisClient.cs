using SparkEtl.Aws.Internal;
using SparkEtl.Aws.Kinesis.Internal;
using SparkEtl.Core.Records;

namespace SparkEtl.Aws.Kinesis;

/// <summary>
/// A thin client of the Kinesis Data Streams API (JSON 1.1, target prefix <c>Kinesis_20131202</c>), shaped as the
/// API reference describes each operation. Calls are signed with SigV4 and retried on transient errors
/// (throttling, 5xx, timeouts, broken connections) as <see cref="AwsClientOptions"/> configures.
/// </summary>
/// <remarks>
/// A retried <see cref="PutRecordsAsync"/> whose first attempt reached Kinesis but whose answer was lost puts the
/// records twice: Kinesis is at-least-once, and readers must tolerate duplicates (SparkEtl's batches do).
/// </remarks>
public sealed class KinesisClient : IDisposable
{
    /// <summary>The most records one <c>PutRecords</c> call takes.</summary>
    public const int MaxPutRecordsCount = 500;

    /// <summary>The most bytes one <c>PutRecords</c> call takes: data plus partition keys (UTF-8), 5 MiB.</summary>
    public const int MaxPutRecordsBytes = 5 * 1024 * 1024;

    private static readonly KinesisJsonContext Json = KinesisJsonContext.Default;
    private readonly AwsJsonProtocolClient _client;

    /// <param name="options">Region, endpoint, credentials and retry settings.</param>
    /// <param name="handler">The HTTP handler to send through (a proxy, a test double); the client does not dispose it.</param>
    public KinesisClient(AwsClientOptions options, HttpMessageHandler? handler = null)
    {
        _client = new AwsJsonProtocolClient(AwsServiceDescriptor.Kinesis, options, handler);
    }

    /// <summary>The endpoint requests go to, as resolved from the options and the environment.</summary>
    public Uri Endpoint => _client.Endpoint;

    /// <summary>The region requests are signed for.</summary>
    public string Region => _client.Region;

    /// <summary>Creates a provisioned stream (<c>CreateStream</c>); it is <c>CREATING</c> until <see cref="WaitForStreamActiveAsync"/> says otherwise.</summary>
    public Task CreateStreamAsync(string streamName, int shardCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        return _client.SendAsync(
            "CreateStream",
            new KinesisWire.CreateStreamRequest { StreamName = streamName, ShardCount = shardCount },
            Json.CreateStreamRequest,
            Json.EmptyResult,
            cancellationToken);
    }

    /// <summary>Deletes a stream (<c>DeleteStream</c>) with its records.</summary>
    public Task DeleteStreamAsync(string streamName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        return _client.SendAsync("DeleteStream", new KinesisWire.DeleteStreamRequest { StreamName = streamName }, Json.DeleteStreamRequest, Json.EmptyResult, cancellationToken);
    }

    /// <summary>Describes a stream (<c>DescribeStreamSummary</c>): status, retention, open shard count.</summary>
    public async Task<KinesisStreamSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        var response = await _client.SendAsync(
            "DescribeStreamSummary",
            new KinesisWire.StreamNameRequest { StreamName = streamName },
            Json.StreamNameRequest,
            Json.DescribeStreamSummaryResponse,
            cancellationToken).ConfigureAwait(false);
        return response.StreamDescriptionSummary;
    }

    /// <summary>
    /// Polls <c>DescribeStreamSummary</c> until the stream is <c>ACTIVE</c>, waiting 20 ms at first and at most 1 s
    /// between polls; throws <see cref="TimeoutException"/> when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<KinesisStreamSummary> WaitForStreamActiveAsync(string streamName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var wait = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var summary = await DescribeStreamSummaryAsync(streamName, cancellationToken).ConfigureAwait(false);
            if (summary.StreamStatus == "ACTIVE")
            {
                return summary;
            }

            if (DateTimeOffset.UtcNow + wait > deadline)
            {
                throw new TimeoutException($"Kinesis stream {streamName} was still {summary.StreamStatus} after {timeout.TotalSeconds:0.###} s; expected ACTIVE.");
            }

            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.TicksPerSecond));
        }
    }

    /// <summary>Lists every shard of a stream (<c>ListShards</c>), following <c>NextToken</c> across pages.</summary>
    public Task<IReadOnlyList<KinesisShard>> ListShardsAsync(string streamName, CancellationToken cancellationToken) =>
        ListShardsAsync(streamName, pageSize: null, cancellationToken);

    /// <summary>
    /// Lists every shard of a stream (<c>ListShards</c>), asking for at most <paramref name="pageSize"/> shards per
    /// call (1..10000; null lets Kinesis choose) and following <c>NextToken</c>. As the API requires, the first call
    /// names the stream and the later ones send only the token.
    /// </summary>
    public async Task<IReadOnlyList<KinesisShard>> ListShardsAsync(string streamName, int? pageSize, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        if (pageSize is < 1 or > 10000)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "ListShards takes 1 to 10000 shards per page.");
        }

        var shards = new List<KinesisShard>();
        string? nextToken = null;
        do
        {
            var request = nextToken is null
                ? new KinesisWire.ListShardsRequest { StreamName = streamName, MaxResults = pageSize }
                : new KinesisWire.ListShardsRequest { NextToken = nextToken, MaxResults = pageSize };
            var page = await _client.SendAsync("ListShards", request, Json.ListShardsRequest, Json.ListShardsResponse, cancellationToken).ConfigureAwait(false);
            if (page.Shards is not null)
            {
                shards.AddRange(page.Shards);
            }

            nextToken = page.NextToken;
        }
        while (nextToken is not null);

        return shards;
    }

    /// <summary>Gets an iterator for reading a shard from <paramref name="position"/> (<c>GetShardIterator</c>); it expires after 5 minutes unused.</summary>
    public async Task<string> GetShardIteratorAsync(string streamName, string shardId, ShardIteratorPosition position, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        ArgumentException.ThrowIfNullOrEmpty(shardId);
        ArgumentNullException.ThrowIfNull(position);
        var request = new KinesisWire.GetShardIteratorRequest
        {
            StreamName = streamName,
            ShardId = shardId,
            ShardIteratorType = position.Type switch
            {
                ShardIteratorType.TrimHorizon => "TRIM_HORIZON",
                ShardIteratorType.Latest => "LATEST",
                ShardIteratorType.AtTimestamp => "AT_TIMESTAMP",
                ShardIteratorType.AtSequenceNumber => "AT_SEQUENCE_NUMBER",
                ShardIteratorType.AfterSequenceNumber => "AFTER_SEQUENCE_NUMBER",
                _ => throw new ArgumentOutOfRangeException(nameof(position), position.Type, "Unknown shard iterator type."),
            },
            StartingSequenceNumber = position.SequenceNumber,
            Timestamp = position.Timestamp is { } at ? EpochSecondsConverter.ToEpochSeconds(at.ToUnixTimeMilliseconds()) : null,
        };
        var response = await _client.SendAsync("GetShardIterator", request, Json.GetShardIteratorRequest, Json.GetShardIteratorResponse, cancellationToken).ConfigureAwait(false);
        return response.ShardIterator
            ?? throw new AwsServiceException("Kinesis", "GetShardIterator", null, null, null, $"the answer for shard {shardId} of {streamName} at {position} has no ShardIterator", isTransient: false);
    }

    /// <summary>
    /// Reads the next page of a shard (<c>GetRecords</c>) with at most <paramref name="limit"/> records (1..10000;
    /// null means Kinesis's maximum). <paramref name="shardId"/> is the shard the iterator belongs to; it is stamped on
    /// each record. Data arrives base64-encoded and is returned as the original bytes; arrival times are kept to the ms.
    /// </summary>
    public async Task<GetRecordsResult> GetRecordsAsync(string shardId, string shardIterator, int? limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(shardId);
        ArgumentException.ThrowIfNullOrEmpty(shardIterator);
        if (limit is < 1 or > 10000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "GetRecords takes 1 to 10000 records per call.");
        }

        var response = await _client.SendAsync(
            "GetRecords",
            new KinesisWire.GetRecordsRequest { ShardIterator = shardIterator, Limit = limit },
            Json.GetRecordsRequest,
            Json.GetRecordsResponse,
            cancellationToken).ConfigureAwait(false);
        var wire = response.Records;
        var records = new KinesisRecord[wire?.Count ?? 0];
        for (var i = 0; i < records.Length; i++)
        {
            var r = wire![i];
            var arrivalMs = r.ApproximateArrivalTimestamp is { } seconds ? EpochSecondsConverter.ToUnixMilliseconds(seconds) : 0;
            records[i] = new KinesisRecord(shardId, r.SequenceNumber, r.PartitionKey, arrivalMs, r.Data);
        }

        return new GetRecordsResult(records, response.NextShardIterator, response.MillisBehindLatest ?? 0, response.ChildShards ?? []);
    }

    /// <summary>
    /// Puts up to <see cref="MaxPutRecordsCount"/> records totalling at most <see cref="MaxPutRecordsBytes"/>
    /// (<c>PutRecords</c>). Entries can fail one by one (throttled shards) while the call succeeds: the result has one
    /// entry per record, in order, and the caller puts the failed ones again.
    /// </summary>
    public async Task<PutRecordsResult> PutRecordsAsync(string streamName, IReadOnlyList<PutRecordsEntry> records, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count is 0 or > MaxPutRecordsCount)
        {
            throw new ArgumentException($"PutRecords takes 1 to {MaxPutRecordsCount} records, got {records.Count}.", nameof(records));
        }

        long bytes = 0;
        var entries = new List<KinesisWire.WirePutRecordsEntry>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            var keyBytes = System.Text.Encoding.UTF8.GetByteCount(record.PartitionKey ?? string.Empty);
            if (keyBytes == 0 || record.PartitionKey!.Length > 256)
            {
                throw new ArgumentException($"Record {i}: a partition key has 1 to 256 characters, got {record.PartitionKey?.Length ?? 0}.", nameof(records));
            }

            bytes += record.Data.Length + keyBytes;
            entries.Add(new KinesisWire.WirePutRecordsEntry { Data = record.Data, PartitionKey = record.PartitionKey, ExplicitHashKey = record.ExplicitHashKey });
        }

        if (bytes > MaxPutRecordsBytes)
        {
            throw new ArgumentException($"PutRecords takes at most {MaxPutRecordsBytes} bytes of data and partition keys, got {bytes}.", nameof(records));
        }

        var response = await _client.SendAsync(
            "PutRecords",
            new KinesisWire.PutRecordsRequest { StreamName = streamName, Records = entries },
            Json.PutRecordsRequest,
            Json.PutRecordsResponse,
            cancellationToken).ConfigureAwait(false);
        var results = response.Records ?? [];
        if (results.Count != records.Count)
        {
            throw new AwsServiceException("Kinesis", "PutRecords", null, null, null, $"the answer has {results.Count} entries for {records.Count} records", isTransient: false);
        }

        return new PutRecordsResult(response.FailedRecordCount ?? results.Count(r => !r.Succeeded), results);
    }

    /// <summary>Splits a shard in two at <paramref name="newStartingHashKey"/> (<c>SplitShard</c>); the parent closes.</summary>
    public Task SplitShardAsync(string streamName, string shardToSplit, string newStartingHashKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        return _client.SendAsync(
            "SplitShard",
            new KinesisWire.SplitShardRequest { StreamName = streamName, ShardToSplit = shardToSplit, NewStartingHashKey = newStartingHashKey },
            Json.SplitShardRequest,
            Json.EmptyResult,
            cancellationToken);
    }

    /// <summary>Merges two adjacent shards into one (<c>MergeShards</c>); both parents close.</summary>
    public Task MergeShardsAsync(string streamName, string shardToMerge, string adjacentShardToMerge, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        return _client.SendAsync(
            "MergeShards",
            new KinesisWire.MergeShardsRequest { StreamName = streamName, ShardToMerge = shardToMerge, AdjacentShardToMerge = adjacentShardToMerge },
            Json.MergeShardsRequest,
            Json.EmptyResult,
            cancellationToken);
    }

    /// <summary>Reshards to <paramref name="targetShardCount"/> shards of equal hash ranges (<c>UpdateShardCount</c>, <c>UNIFORM_SCALING</c>).</summary>
    public Task UpdateShardCountAsync(string streamName, int targetShardCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetShardCount, 1);
        return _client.SendAsync(
            "UpdateShardCount",
            new KinesisWire.UpdateShardCountRequest { StreamName = streamName, TargetShardCount = targetShardCount, ScalingType = "UNIFORM_SCALING" },
            Json.UpdateShardCountRequest,
            Json.EmptyResult,
            cancellationToken);
    }

    public void Dispose() => _client.Dispose();
}
