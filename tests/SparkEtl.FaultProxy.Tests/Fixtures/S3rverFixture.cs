using Amazon.S3;
using SparkEtl.Aws.S3;
using SparkEtl.TestSupport;

namespace SparkEtl.FaultProxy.Tests.Fixtures;

/// <summary>One s3rver (objects in a temp folder) for the collection; each test makes its own bucket, directly.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("s3rver-proxy");
    private LocalServiceProcess? _service;

    public Uri Endpoint => _service?.Endpoint ?? throw new InvalidOperationException("s3rver is not running.");

    /// <summary>The folder s3rver keeps buckets in: objects are files there.</summary>
    public string Directory => _directory.Path;

    public async Task InitializeAsync() => _service = await LocalServiceProcess.StartS3rverAsync(_directory.Path);

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        _directory.Dispose();
    }

    /// <summary>Creates a bucket with a unique name directly on s3rver.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var name = TestAws.UniqueName("bucket");
        using var s3 = SdkClient(Endpoint);
        await s3.PutBucketAsync(name);
        return name;
    }

    /// <summary>The repository's store on <paramref name="root"/> (<c>s3://bucket/prefix</c>) through <paramref name="endpoint"/>.</summary>
    public static S3ObjectStore Store(Uri endpoint, string root, int maxAttempts = 3) => new(new S3ObjectStoreOptions
    {
        Root = root,
        Aws = TestAws.Options(endpoint, maxAttempts),
    });

    /// <summary>A plain AWSSDK.S3 client (path-style, no aws-chunked bodies) through <paramref name="endpoint"/>.</summary>
    public static AmazonS3Client SdkClient(Uri endpoint, int maxErrorRetry = 0) => new(TestAws.Credentials, new AmazonS3Config
    {
        ServiceURL = endpoint.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = TestAws.Region,
        MaxErrorRetry = maxErrorRetry,
        RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
    });
}
