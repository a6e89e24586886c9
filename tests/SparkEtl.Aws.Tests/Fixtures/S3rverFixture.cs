using Amazon.Runtime;
using SparkEtl.Aws.S3;
using SparkEtl.TestSupport;

namespace SparkEtl.Aws.Tests.Fixtures;

/// <summary>One s3rver process (127.0.0.1, objects in a temp folder) for the collection; each test makes its own bucket.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    /// <summary>s3rver accepts any SigV4 signature but only this access key.</summary>
    public static readonly BasicAWSCredentials Credentials = new("S3RVER", "S3RVER");

    private readonly TempDirectory _directory = new("s3rver");
    private LocalServiceProcess? _service;

    public Uri Endpoint => _service?.Endpoint ?? throw new InvalidOperationException("s3rver is not running.");

    /// <summary>The folder s3rver keeps buckets in: objects are files there, so tests can look at the stored bytes.</summary>
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

    /// <summary>Creates a bucket with a unique name (through the SDK, path-style) and returns its name.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var name = TestAws.UniqueName("bucket");
        using var s3 = new Amazon.S3.AmazonS3Client(Credentials, new Amazon.S3.AmazonS3Config
        {
            ServiceURL = Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = TestAws.Region,
        });
        await s3.PutBucketAsync(name);
        return name;
    }

    public S3ObjectStore CreateStore(string root, long? multipartThreshold = null, int? partSize = null, S3Encryption? encryption = null) => new(new S3ObjectStoreOptions
    {
        Root = root,
        Aws = TestAws.Options(Endpoint, Credentials),
        MultipartThreshold = multipartThreshold ?? 64L * 1024 * 1024,
        PartSize = partSize ?? 16 * 1024 * 1024,
        Encryption = encryption ?? S3Encryption.None,
    });
}
