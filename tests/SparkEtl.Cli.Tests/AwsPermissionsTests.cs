using System.Text.Json;
using SparkEtl.Cli.Tests.Kinesis;
using SparkEtl.FaultProxy;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>
/// The IAM policies in conf/iam grant what the code calls, nothing missing and nothing extra. The calls are observed,
/// not listed by hand: every request the producer, the job and <c>catalog sync</c> make to Kinesis and S3 goes through a
/// proxy that names its operation, and the Glue stand-in records each operation it serves.
/// </summary>
[Collection(KinesaliteCollection.Name)]
public sealed class AwsPermissionsTests(KinesaliteFixture kinesalite, S3AndGlueFixture aws) : IClassFixture<S3AndGlueFixture>
{
    // Granted but not reached by a healthy run here, with the reason each is needed.
    private static readonly Dictionary<string, string> NotExercisedHere = new(StringComparer.Ordinal)
    {
        ["s3:AbortMultipartUpload"] = "a multipart put (over 64 MiB) that fails is aborted so no parts linger",
    };

    private static string IamAction(string proxyOperation)
    {
        var (service, operation) = (proxyOperation[..proxyOperation.IndexOf(':', StringComparison.Ordinal)], proxyOperation[(proxyOperation.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        return service != "s3" ? $"{service}:{operation}" : operation switch
        {
            "PutObject" or "CreateMultipartUpload" or "UploadPart" or "CompleteMultipartUpload" => "s3:PutObject",
            "GetObject" or "HeadObject" => "s3:GetObject",
            "ListObjectsV2" or "ListObjects" => "s3:ListBucket",
            "DeleteObject" => "s3:DeleteObject",
            "AbortMultipartUpload" => "s3:AbortMultipartUpload",
            _ => $"s3:unmapped:{operation}",
        };
    }

    private static SortedSet<string> PolicyActions(string name, Func<JsonElement, bool>? statement = null)
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "conf", "iam", name)));
        var actions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var s in policy.RootElement.GetProperty("Statement").EnumerateArray().Where(s => statement?.Invoke(s) ?? true))
        {
            var action = s.GetProperty("Action");
            actions.UnionWith(action.ValueKind == JsonValueKind.Array ? action.EnumerateArray().Select(a => a.GetString()!) : [action.GetString()!]);
        }

        return actions;
    }

    private static SortedSet<string> Observed(FaultInjectingProxy proxy) =>
        new(proxy.GetStats().Operations.Where(o => o.Value.Requests > 0).Select(o => IamAction(o.Key)), StringComparer.Ordinal);

    [Fact]
    public async Task Policies_GrantExactlyTheActionsTheProducerTheJobAndCatalogSyncCall()
    {
        using var folder = new TempDirectory();
        var stream = await kinesalite.CreateStreamAsync(shardCount: 2);
        var bucket = await aws.NewBucketAsync();
        await using var producerKinesis = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = kinesalite.Endpoint, Faults = FaultPlan.Parse("none") }, CancellationToken.None);
        await using var jobKinesis = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = kinesalite.Endpoint, Faults = FaultPlan.Parse("none") }, CancellationToken.None);
        await using var jobS3 = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = aws.S3Endpoint, Faults = FaultPlan.Parse("none") }, CancellationToken.None);
        var environment = kinesalite.Environment();
        foreach (var (key, value) in aws.Environment)
        {
            environment[key] = value;
        }

        environment["AWS_ENDPOINT_URL_KINESIS"] = producerKinesis.Endpoint.ToString();
        var produce = await SparkEtlProcess.RunAsync(environment, ["produce", "--stream", stream, "--shape", "kpl", "--count", "300", "--rate", "0"]);
        Assert.True(produce.ExitCode == 0, produce.StandardError);

        environment["AWS_ENDPOINT_URL_KINESIS"] = jobKinesis.Endpoint.ToString();
        environment["AWS_ENDPOINT_URL_S3"] = jobS3.Endpoint.ToString();
        string[] job =
        [
            "run", "--source", $"kinesis:{stream}", "--warehouse", $"s3://{bucket}/warehouse", "--quiet",
            "--set", "catalog.mode=glue", "--set", $"aws.glueEndpoint={aws.Glue.Endpoint}", "--set", "catalog.database=perms",
            "--set", "backup.enabled=true", "--set", "batch.maxRecordsPerShard=50", "--set", "retention.batches=2",
        ];
        var glueBefore = aws.Glue.Operations.Count;
        var first = await SparkEtlProcess.RunAsync(environment, job);
        Assert.True(first.ExitCode == 0, first.StandardError);
        var again = await SparkEtlProcess.RunAsync(environment, job);
        Assert.True(again.ExitCode == 0, again.StandardError);
        var sync = await SparkEtlProcess.RunAsync(environment,
            ["catalog", "sync", "--warehouse", $"s3://{bucket}/warehouse", "--set", "catalog.mode=glue", "--set", $"aws.glueEndpoint={aws.Glue.Endpoint}", "--set", "catalog.database=perms"]);
        Assert.True(sync.ExitCode == 0, sync.StandardError);

        var jobCalls = Observed(jobKinesis);
        jobCalls.UnionWith(Observed(jobS3));
        jobCalls.UnionWith(aws.Glue.Operations.Skip(glueBefore).Select(o => $"glue:{o}"));
        var granted = PolicyActions("sparketl-embedded-policy.json");
        Assert.Empty(jobCalls.Except(granted));
        Assert.Empty(granted.Except(jobCalls).Except(NotExercisedHere.Keys));

        var producerCalls = Observed(producerKinesis);
        Assert.Equal(PolicyActions("sparketl-producer-policy.json"), producerCalls);

        // On EMR the driver runs the same warehouse and catalog code, so its S3 and Glue grants are the job's.
        var emrDataGrants = PolicyActions("sparketl-emr-job-policy.json",
            s => s.GetProperty("Sid").GetString() is "ListTheJobPrefixes" or "ReadWriteTablesAndCheckpoints" or "RegisterTablesAndPartitions");
        Assert.Equal(new SortedSet<string>(granted.Where(a => !a.StartsWith("kinesis:", StringComparison.Ordinal)), StringComparer.Ordinal), emrDataGrants);
    }
}
