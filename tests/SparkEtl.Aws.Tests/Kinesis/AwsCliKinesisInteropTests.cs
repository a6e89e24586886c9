using System.Text;
using System.Text.Json;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Aws.Tests.Fixtures;
using SparkEtl.TestSupport;

namespace SparkEtl.Aws.Tests.Kinesis;

/// <summary>The official AWS CLI as an outside client of the same kinesalite: what one writes, the other reads.</summary>
[Collection(KinesaliteCollection.Name)]
public sealed class AwsCliKinesisInteropTests : IDisposable
{
    private readonly KinesaliteFixture _kinesalite;
    private readonly KinesisClient _client;

    public AwsCliKinesisInteropTests(KinesaliteFixture kinesalite)
    {
        _kinesalite = kinesalite;
        _client = kinesalite.CreateClient();
    }

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task RecordsPutByTheCli_AreReadByOurClient()
    {
        var stream = await _kinesalite.CreateStreamAsync(_client, shardCount: 1);
        // AWS CLI v1 sends a blob given as text as that text's UTF-8 bytes (base64-encoded on the wire).
        string[] texts = ["{\"TICKER_SYMBOL\":\"JIB\",\"PRICE\":44.89}", "ünïcödé € 😀", "line\nbreak"];
        var records = JsonSerializer.Serialize(texts.Select((t, i) => new { Data = t, PartitionKey = $"pk-{i}" }));

        var put = await CliAsync("kinesis", "put-records", "--stream-name", stream, "--records", records);

        using var putResult = JsonDocument.Parse(put);
        Assert.Equal(0, putResult.RootElement.GetProperty("FailedRecordCount").GetInt32());
        var shardId = putResult.RootElement.GetProperty("Records")[0].GetProperty("ShardId").GetString()!;
        var iterator = await _client.GetShardIteratorAsync(stream, shardId, ShardIteratorPosition.TrimHorizon, CancellationToken.None);
        var read = await _client.GetRecordsAsync(shardId, iterator, null, CancellationToken.None);

        Assert.Equal(texts, read.Records.Select(r => Encoding.UTF8.GetString(r.Data.Span)));
        Assert.Equal(["pk-0", "pk-1", "pk-2"], read.Records.Select(r => r.PartitionKey));
        Assert.Equal(
            putResult.RootElement.GetProperty("Records").EnumerateArray().Select(r => r.GetProperty("SequenceNumber").GetString()),
            read.Records.Select(r => r.SequenceNumber));
    }

    [Fact]
    public async Task BinaryRecordsPutByOurClient_AreReadByTheCli()
    {
        var stream = await _kinesalite.CreateStreamAsync(_client, shardCount: 1);
        var data = new[] { new byte[] { 0x1f, 0x8b, 0x08, 0x00, 0xff }, new byte[] { 0xf3, 0x89, 0x9a, 0xc2, 0x00, 0x0a }, Enumerable.Range(0, 256).Select(i => (byte)i).ToArray() };
        var put = await _client.PutRecordsAsync(stream, data.Select((d, i) => new PutRecordsEntry($"k{i}", d)).ToList(), CancellationToken.None);
        var shardId = put.Records[0].ShardId!;

        using var iterator = JsonDocument.Parse(await CliAsync("kinesis", "get-shard-iterator", "--stream-name", stream, "--shard-id", shardId, "--shard-iterator-type", "TRIM_HORIZON"));
        using var records = JsonDocument.Parse(await CliAsync("kinesis", "get-records", "--shard-iterator", iterator.RootElement.GetProperty("ShardIterator").GetString()!));

        var cliRecords = records.RootElement.GetProperty("Records").EnumerateArray().ToList();
        Assert.Equal(data.Length, cliRecords.Count);
        for (var i = 0; i < data.Length; i++)
        {
            // The CLI prints blobs base64-encoded.
            Assert.Equal(data[i], Convert.FromBase64String(cliRecords[i].GetProperty("Data").GetString()!));
            Assert.Equal($"k{i}", cliRecords[i].GetProperty("PartitionKey").GetString());
            Assert.Equal(put.Records[i].SequenceNumber, cliRecords[i].GetProperty("SequenceNumber").GetString());
        }
    }

    private async Task<string> CliAsync(params string[] arguments)
    {
        var result = await ChildProcess.RunAsync(
            "aws",
            [.. arguments, "--endpoint-url", _kinesalite.Endpoint.ToString().TrimEnd('/'), "--output", "json"],
            workingDirectory: Path.GetTempPath(),
            environment: TestAws.CliEnvironment(),
            timeout: TimeSpan.FromMinutes(1));
        return result.EnsureSuccess("aws " + string.Join(' ', arguments.Take(2))).StandardOutput;
    }
}
