using SparkEtl.Aws;
using SparkEtl.Aws.S3;
using SparkEtl.FaultProxy;
using SparkEtl.TestSupport;

namespace SparkEtl.Soak.Tests;

/// <summary>
/// Found by the soak: an S3 answer whose body is cut short (a connection reset mid-body, the proxy's <c>truncate</c>)
/// is a transient failure, and the job must try the request again rather than end the run. Through the proxy with
/// <c>truncate@s3:GET=0.5</c> and seed 4, the first GET's answer is cut short and the next ones are whole (the proxy's
/// decisions depend only on its seed and the order of requests), so one more attempt reads the object.
/// </summary>
public sealed class S3ObjectStoreAnswersCutShortTests : IAsyncLifetime
{
    private const string Bucket = "findings";
    private readonly TempDirectory _directory = new("s3rver-findings");
    private LocalServiceProcess? _s3rver;

    public async Task InitializeAsync() =>
        _s3rver = await LocalServiceProcess.StartAsync("s3rver-server.mjs", ["--directory", _directory.Path, "--bucket", Bucket]);

    public async Task DisposeAsync()
    {
        if (_s3rver is not null)
        {
            await _s3rver.DisposeAsync();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task GetAsync_WhenTheFirstAnswerIsCutShort_TriesAgainAndReturnsTheObject()
    {
        var bytes = new byte[8192];
        new Random(8).NextBytes(bytes);
        using (var direct = Store(_s3rver!.Endpoint))
        {
            await direct.PutAsync("_checkpoint/offsets/7", new MemoryStream(bytes), CancellationToken.None);
        }

        await using var proxy = await StartProxyAsync();
        using var store = Store(proxy.Endpoint);

        var read = await store.GetAsync("_checkpoint/offsets/7", CancellationToken.None);

        Assert.Equal(bytes, read);
        Assert.Equal(1, proxy.GetStats().FaultsOf(FaultKind.Truncate));
    }

    [Fact]
    public async Task ListAsync_WhenTheFirstAnswerIsCutShort_TriesAgainAndListsEveryKey()
    {
        using (var direct = Store(_s3rver!.Endpoint))
        {
            for (var i = 0; i < 40; i++)
            {
                await direct.PutAsync($"_checkpoint/commits/{i}", new MemoryStream([1, 2, 3]), CancellationToken.None);
            }
        }

        await using var proxy = await StartProxyAsync();
        using var store = Store(proxy.Endpoint);

        var keys = new List<string>();
        await foreach (var key in store.ListAsync("_checkpoint/commits/", CancellationToken.None))
        {
            keys.Add(key);
        }

        Assert.Equal(40, keys.Count);
        Assert.Equal(1, proxy.GetStats().FaultsOf(FaultKind.Truncate));
    }

    private Task<FaultInjectingProxy> StartProxyAsync() => FaultInjectingProxy.StartAsync(
        new FaultProxyOptions { Upstream = _s3rver!.Endpoint, Faults = FaultPlan.Parse("truncate@s3:GET=0.5"), Seed = 4 },
        CancellationToken.None);

    /// <summary>The job's S3 store with its default retries (5 attempts), on <c>s3://findings/w</c> through <paramref name="endpoint"/>.</summary>
    private static S3ObjectStore Store(Uri endpoint) => new(new S3ObjectStoreOptions
    {
        Root = $"s3://{Bucket}/w",
        Aws = new AwsClientOptions
        {
            Endpoint = endpoint,
            Region = "us-east-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"),
        },
    });
}
