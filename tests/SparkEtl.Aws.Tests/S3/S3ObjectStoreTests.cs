using SparkEtl.Aws.S3;
using SparkEtl.Aws.Tests.Fixtures;

namespace SparkEtl.Aws.Tests.S3;

/// <summary>The S3 object store against s3rver: exact bytes in and out, multipart, listing, deleting, key checks.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ObjectStoreTests
{
    private const int MiB = 1024 * 1024;
    private readonly S3rverFixture _s3rver;

    public S3ObjectStoreTests(S3rverFixture s3rver) => _s3rver = s3rver;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65543)]
    [InlineData(MiB + 17)]
    public async Task Put_ThenGet_ReturnsExactBytes_AndStoresExactBytes(int size)
    {
        var bucket = await _s3rver.CreateBucketAsync();
        using var store = _s3rver.CreateStore($"s3://{bucket}/warehouse");
        var content = RandomBytes(size, seed: size);

        await store.PutAsync("trades/dt=2023-11-14/part-00000001-000.snappy.parquet", new MemoryStream(content), CancellationToken.None);

        Assert.Equal(content, await store.GetAsync("trades/dt=2023-11-14/part-00000001-000.snappy.parquet", CancellationToken.None));
        // s3rver keeps the body it received as a file: no aws-chunked framing or checksum trailer may be in it.
        var stored = Path.Combine(_s3rver.Directory, bucket, "warehouse", "trades", "dt=2023-11-14", "part-00000001-000.snappy.parquet._S3rver_object");
        Assert.Equal(content, await File.ReadAllBytesAsync(stored));
    }

    [Fact]
    public async Task Put_AboveThreshold_UploadsParts_AndTheObjectIsExact()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        var recorder = new RecordingHttpClientFactory();
        using var store = CreateStore($"s3://{bucket}/mp", recorder, threshold: 5 * MiB, partSize: 5 * MiB);
        var content = RandomBytes((12 * MiB) + 3, seed: 7);

        await store.PutAsync("big.bin", new MemoryStream(content), CancellationToken.None);

        Assert.Equal(content, await store.GetAsync("big.bin", CancellationToken.None));
        var requests = recorder.Requests.ToList();
        Assert.Single(requests, r => r.Method == HttpMethod.Post && r.Uri.Query.Contains("uploads", StringComparison.Ordinal));
        var parts = requests.Where(r => r.Method == HttpMethod.Put && r.Uri.Query.Contains("partNumber=", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, parts.Count);
        Assert.Equal(["5242880", "5242880", "2097155"], parts.Select(p => p.Headers["Content-Length"]));
        Assert.Single(requests, r => r.Method == HttpMethod.Post && r.Uri.Query.Contains("uploadId=", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, r => r.Method == HttpMethod.Put && !r.Uri.Query.Contains("partNumber=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Put_NonSeekableStreamAboveThreshold_UploadsPartsExactly()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        using var store = _s3rver.CreateStore($"s3://{bucket}", multipartThreshold: 6 * MiB, partSize: 5 * MiB);
        var content = RandomBytes((11 * MiB) + 5, seed: 8);

        await store.PutAsync("stream.bin", new ForwardOnlyStream(new MemoryStream(content)), CancellationToken.None);

        Assert.Equal(content, await store.GetAsync("stream.bin", CancellationToken.None));
    }

    [Fact]
    public async Task Put_NonSeekableStreamBelowThreshold_IsOnePut()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        var recorder = new RecordingHttpClientFactory();
        using var store = CreateStore($"s3://{bucket}", recorder, threshold: 6 * MiB, partSize: 5 * MiB);
        var content = RandomBytes(6 * MiB, seed: 9);

        await store.PutAsync("exactly-threshold.bin", new ForwardOnlyStream(new MemoryStream(content)), CancellationToken.None);

        Assert.Equal(content, await store.GetAsync("exactly-threshold.bin", CancellationToken.None));
        Assert.DoesNotContain(recorder.Requests, r => r.Uri.Query.Contains("upload", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Put_WritesFromTheStreamsCurrentPosition()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        using var store = _s3rver.CreateStore($"s3://{bucket}");
        var stream = new MemoryStream("skip|keep"u8.ToArray()) { Position = 5 };

        await store.PutAsync("k", stream, CancellationToken.None);

        Assert.Equal("keep"u8.ToArray(), await store.GetAsync("k", CancellationToken.None));
    }

    [Fact]
    public async Task Put_ReplacesAnExistingObject()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        using var store = _s3rver.CreateStore($"s3://{bucket}/p");

        await store.PutAsync("commits/1", new MemoryStream("old, longer content"u8.ToArray()), CancellationToken.None);
        await store.PutAsync("commits/1", new MemoryStream("new"u8.ToArray()), CancellationToken.None);

        Assert.Equal("new"u8.ToArray(), await store.GetAsync("commits/1", CancellationToken.None));
    }

    [Fact]
    public async Task Put_WhenTheContentFailsMidUpload_AbortsTheMultipartUpload_AndLeavesNoObject()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        var recorder = new RecordingHttpClientFactory();
        using var store = CreateStore($"s3://{bucket}", recorder, threshold: 5 * MiB, partSize: 5 * MiB);
        var failing = new FailingAfterStream(new MemoryStream(RandomBytes(12 * MiB, seed: 3)), failAfterBytes: 7 * MiB);

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("broken.bin", failing, CancellationToken.None));

        Assert.Contains(recorder.Requests, r => r.Method == HttpMethod.Delete && r.Uri.Query.Contains("uploadId=", StringComparison.Ordinal));
        Assert.DoesNotContain(recorder.Requests, r => r.Method == HttpMethod.Post && r.Uri.Query.Contains("uploadId=", StringComparison.Ordinal));
        Assert.Null(await store.GetAsync("broken.bin", CancellationToken.None));
    }

    [Fact]
    public async Task Put_WithSseKms_SendsTheEncryptionHeaders()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        var recorder = new RecordingHttpClientFactory();
        using var store = CreateStore($"s3://{bucket}", recorder, encryption: S3Encryption.Kms("alias/sparketl"));

        await store.PutAsync("secret", new MemoryStream("x"u8.ToArray()), CancellationToken.None);

        var put = Assert.Single(recorder.Requests, r => r.Method == HttpMethod.Put);
        Assert.Equal("aws:kms", put.Headers["x-amz-server-side-encryption"]);
        Assert.Equal("alias/sparketl", put.Headers["x-amz-server-side-encryption-aws-kms-key-id"]);
        Assert.Equal("x"u8.ToArray(), await store.GetAsync("secret", CancellationToken.None));
    }

    [Fact]
    public async Task Get_MissingObject_ReturnsNull()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        using var store = _s3rver.CreateStore($"s3://{bucket}/p");

        Assert.Null(await store.GetAsync("nothing/here", CancellationToken.None));
    }

    [Fact]
    public async Task Delete_RemovesTheObject_AndDeletingAgainIsNotAnError()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        using var store = _s3rver.CreateStore($"s3://{bucket}/p");
        await store.PutAsync("a/b", new MemoryStream([1, 2, 3]), CancellationToken.None);

        await store.DeleteAsync("a/b", CancellationToken.None);
        await store.DeleteAsync("a/b", CancellationToken.None);

        Assert.Null(await store.GetAsync("a/b", CancellationToken.None));
    }

    [Fact]
    public async Task List_ReturnsRelativeKeysUnderThePrefix_InOrdinalOrder_AndNothingOfOtherRoots()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        using var store = _s3rver.CreateStore($"s3://{bucket}/one");
        using var neighbour = _s3rver.CreateStore($"s3://{bucket}/one-two");
        string[] keys = ["trades/dt=2023-11-15/b", "trades/dt=2023-11-14/a", "trades/Z", "ohlc_1m/dt=2023-11-14/x", "trades/é"];
        foreach (var key in keys)
        {
            await store.PutAsync(key, new MemoryStream([1]), CancellationToken.None);
        }

        await neighbour.PutAsync("trades/dt=2023-11-14/not-mine", new MemoryStream([2]), CancellationToken.None);

        var all = await store.ListAsync(string.Empty, CancellationToken.None).ToListAsync();
        var trades = await store.ListAsync("trades/", CancellationToken.None).ToListAsync();
        var partial = await store.ListAsync("trades/dt=2023-11-1", CancellationToken.None).ToListAsync();

        Assert.Equal(keys.Order(StringComparer.Ordinal), all);
        Assert.Equal(keys.Where(k => k.StartsWith("trades/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), trades);
        Assert.Equal(["trades/dt=2023-11-14/a", "trades/dt=2023-11-15/b"], partial);
        Assert.Equal(["trades/dt=2023-11-14/not-mine"], await neighbour.ListAsync(string.Empty, CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task ListObjects_GivesKeysInOrderWithS3sLastModified()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        using var store = _s3rver.CreateStore($"s3://{bucket}/w");
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        await store.PutAsync("trades/data/b", new MemoryStream([1]), CancellationToken.None);
        await store.PutAsync("trades/data/a", new MemoryStream([2]), CancellationToken.None);
        await store.PutAsync("errors/x", new MemoryStream([3]), CancellationToken.None);
        var after = DateTimeOffset.UtcNow.AddSeconds(2);

        var listed = await store.ListObjectsAsync("trades/", CancellationToken.None).ToListAsync();

        Assert.Equal(["trades/data/a", "trades/data/b"], listed.Select(o => o.Key));
        Assert.All(listed, o => Assert.InRange(o.LastModified!.Value, before, after));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("a/../../b")]
    [InlineData("")]
    public async Task KeysThatCouldLeaveThePrefix_AreRejectedBeforeAnyRequest(string key)
    {
        var recorder = new RecordingHttpClientFactory();
        using var store = CreateStore("s3://bucket-never-used/prefix", recorder);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream([1]), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(key, CancellationToken.None));
        Assert.Empty(recorder.Requests);
    }

    [Fact]
    public async Task KeyOver1024Utf8BytesWithThePrefix_IsRejected()
    {
        var recorder = new RecordingHttpClientFactory();
        using var store = CreateStore("s3://bucket-never-used/prefix", recorder);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(new string('é', 510), new MemoryStream([1]), CancellationToken.None));
        Assert.Empty(recorder.Requests);
    }

    [Fact]
    public async Task ListingPrefixThatCouldLeaveTheRoot_IsRejected()
    {
        using var store = _s3rver.CreateStore("s3://bucket-never-used/prefix");

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ListAsync("../", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task MissingBucket_IsANonTransientAwsError()
    {
        using var store = _s3rver.CreateStore($"s3://{TestAws.UniqueName("nobucket")}");

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => store.PutAsync("k", new MemoryStream([1]), CancellationToken.None));

        Assert.Equal("NoSuchBucket", e.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, e.StatusCode);
        Assert.False(e.IsTransient);
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private S3ObjectStore CreateStore(string root, RecordingHttpClientFactory recorder, int threshold = 64 * MiB, int partSize = 16 * MiB, S3Encryption? encryption = null) => new(new S3ObjectStoreOptions
    {
        Root = root,
        Aws = TestAws.Options(_s3rver.Endpoint, S3rverFixture.Credentials),
        MultipartThreshold = threshold,
        PartSize = partSize,
        Encryption = encryption ?? S3Encryption.None,
        HttpClientFactory = recorder,
    });

    /// <summary>A stream that can only be read forwards, like a network or pipe stream.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 100_000));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A forward-only stream whose source breaks after some bytes.</summary>
    private sealed class FailingAfterStream(Stream inner, long failAfterBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= failAfterBytes)
            {
                throw new IOException("The source broke.");
            }

            var read = inner.Read(buffer, offset, (int)Math.Min(count, failAfterBytes - _read));
            _read += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
