using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Scripts.Tests;

/// <summary>scripts/local-aws.sh: kinesalite and s3rver in the background, used with the real (v1) aws CLI.</summary>
public class LocalAwsTests
{
    [Fact]
    public async Task StartEnvPutRecordStop_TheAwsCliTalksToTheStandIns_AndStopEndsThem()
    {
        using var state = new TempDirectory("local-aws");
        var script = new Dictionary<string, string?> { ["SPARKETL_LOCAL_AWS_STATE"] = state.Path };
        var started = false;
        try
        {
            var start = await RunAsync(["start", "--bucket", "walkthrough"], script);
            started = true;
            var exports = Exports(start.StandardOutput);
            Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_SECRET_ACCESS_KEY"],
                exports.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(exports["AWS_REGION"], exports["AWS_DEFAULT_REGION"]);
            Assert.Equal(start.StandardOutput, (await RunAsync(["env"], script)).StandardOutput);

            // The aws CLI finds both stand-ins from the exported variables alone.
            var aws = new Dictionary<string, string?>(exports);
            await AwsAsync(aws, "kinesis", "create-stream", "--stream-name", "walkthrough", "--shard-count", "1");
            await WaitActiveAsync(aws, "walkthrough");
            const string Ticker = """{"TICKER_SYMBOL":"JIB","SECTOR":"AUTOMOBILE","PRICE":44.89}""";
            var put = JsonDocument.Parse(await AwsAsync(aws, "kinesis", "put-record", "--stream-name", "walkthrough", "--partition-key", "JIB", "--data", Ticker)).RootElement;
            Assert.Equal("shardId-000000000000", put.GetProperty("ShardId").GetString());
            var iterator = (await AwsAsync(aws, "kinesis", "get-shard-iterator", "--stream-name", "walkthrough", "--shard-id", "shardId-000000000000",
                "--shard-iterator-type", "TRIM_HORIZON", "--query", "ShardIterator", "--output", "text")).Trim();
            var record = Assert.Single(JsonDocument.Parse(await AwsAsync(aws, "kinesis", "get-records", "--shard-iterator", iterator)).RootElement.GetProperty("Records").EnumerateArray());
            Assert.Equal(Ticker, Encoding.UTF8.GetString(Convert.FromBase64String(record.GetProperty("Data").GetString()!)));
            Assert.Equal(put.GetProperty("SequenceNumber").GetString(), record.GetProperty("SequenceNumber").GetString());

            var file = state.Combine("hello.txt");
            await File.WriteAllTextAsync(file, "hello");
            await AwsAsync(aws, "s3", "cp", file, "s3://walkthrough/greetings/hello.txt");
            Assert.Contains("greetings/hello.txt", await AwsAsync(aws, "s3", "ls", "--recursive", "s3://walkthrough/"), StringComparison.Ordinal);

            await RunAsync(["stop"], script);
            started = false;
            Assert.Contains("kinesalite: not running", (await RunAsync(["status"], script)).StandardOutput, StringComparison.Ordinal);
            var kinesis = new Uri(exports["AWS_ENDPOINT_URL_KINESIS"]!);
            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(kinesis.Host, kinesis.Port));
            Assert.Equal(2, (await Script.RunAsync("local-aws.sh", ["env"], script)).ExitCode);
        }
        finally
        {
            if (started)
            {
                await Script.RunAsync("local-aws.sh", ["stop"], script);
            }
        }
    }

    [Fact]
    public async Task UnknownCommandOrBucketName_ExitsTwo()
    {
        using var state = new TempDirectory("local-aws");
        var script = new Dictionary<string, string?> { ["SPARKETL_LOCAL_AWS_STATE"] = state.Path };

        Assert.Equal(2, (await Script.RunAsync("local-aws.sh", ["begin"], script)).ExitCode);
        var badBucket = await Script.RunAsync("local-aws.sh", ["start", "--bucket", "Not_A_Bucket"], script);
        Assert.Equal(2, badBucket.ExitCode);
        Assert.Contains("Not_A_Bucket", badBucket.StandardError, StringComparison.Ordinal);
        Assert.Contains("s3rver: not running", (await Script.RunAsync("local-aws.sh", ["status"], script)).StandardOutput, StringComparison.Ordinal);
    }

    private static async Task<ProcessResult> RunAsync(string[] arguments, Dictionary<string, string?> environment) =>
        (await Script.RunAsync("local-aws.sh", arguments, environment)).EnsureSuccess($"local-aws.sh {arguments[0]}");

    private static Dictionary<string, string?> Exports(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.StartsWith("export ", StringComparison.Ordinal) ? line["export ".Length..] : throw new InvalidOperationException($"not an export: {line}"))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => (string?)pair[1], StringComparer.Ordinal);

    private static async Task<string> AwsAsync(Dictionary<string, string?> environment, params string[] arguments) =>
        (await ChildProcess.RunAsync("aws", arguments, environment: environment, timeout: TimeSpan.FromMinutes(1))).EnsureSuccess($"aws {string.Join(' ', arguments.Take(2))}").StandardOutput;

    private static async Task WaitActiveAsync(Dictionary<string, string?> environment, string stream)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while ((await AwsAsync(environment, "kinesis", "describe-stream-summary", "--stream-name", stream, "--query", "StreamDescriptionSummary.StreamStatus", "--output", "text")).Trim() != "ACTIVE")
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{stream} did not become ACTIVE in 30 s");
            await Task.Delay(100);
        }
    }
}
