using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using SparkEtl.Aws.Internal;
using SparkEtl.Aws.S3.Internal;
using SparkEtl.Core;
using SparkEtl.Core.Storage;

namespace SparkEtl.Aws.S3;

/// <summary>
/// An <see cref="IObjectStore"/> on an S3 bucket and prefix (AWSSDK.S3). Keys are checked so nothing lands outside
/// the prefix. Content up to <see cref="S3ObjectStoreOptions.MultipartThreshold"/> is one <c>PutObject</c> (atomic);
/// longer content is a multipart upload, which S3 makes visible only on completion and which is aborted when any
/// step fails. Custom endpoints (emulators) are addressed path-style.
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly S3Location _location;
    private readonly long _threshold;
    private readonly int _partSize;
    private readonly S3Encryption _encryption;
    private readonly bool _plain;
    private readonly AwsRetryPolicy _retry;
    private readonly int _maxAttempts;

    public S3ObjectStore(S3ObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _location = S3Location.Parse(options.Root);
        if (options.PartSize < S3ObjectStoreOptions.MinPartSize)
        {
            throw new ConfigurationException("s3.partSize", options.PartSize.ToString(System.Globalization.CultureInfo.InvariantCulture), $"at least {S3ObjectStoreOptions.MinPartSize} bytes (5 MiB), S3's minimum part size");
        }

        if (options.MultipartThreshold < 0)
        {
            throw new ConfigurationException("s3.multipartThreshold", options.MultipartThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture), "0 or more bytes");
        }

        _threshold = options.MultipartThreshold;
        _partSize = options.PartSize;
        _encryption = options.Encryption ?? S3Encryption.None;
        var aws = options.Aws ?? new AwsClientOptions();
        _retry = new AwsRetryPolicy(aws);
        _maxAttempts = aws.MaxAttempts;
        var region = AwsEndpointResolver.ResolveRegion(aws);
        Endpoint = AwsEndpointResolver.ResolveEndpoint(AwsServiceDescriptor.S3, aws, region);
        var custom = AwsEndpointResolver.IsCustom(Endpoint);
        _plain = options.PlainRequests ?? custom;

        var config = new AmazonS3Config
        {
            AuthenticationRegion = region,
            ForcePathStyle = custom,
            IgnoreConfiguredEndpointUrls = true,
            MaxErrorRetry = Math.Max(0, aws.MaxAttempts - 1),
            Timeout = aws.AttemptTimeout,
            RequestChecksumCalculation = _plain ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED,
            ResponseChecksumValidation = _plain ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED,
        };
        if (options.HttpClientFactory is not null)
        {
            config.HttpClientFactory = options.HttpClientFactory;
        }

        if (custom)
        {
            config.ServiceURL = Endpoint.ToString();
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        _s3 = aws.Credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(aws.Credentials, config);
    }

    /// <inheritdoc />
    public string Root => _location.ToString();

    /// <summary>The S3 endpoint requests go to.</summary>
    public Uri Endpoint { get; }

    /// <summary>The bucket and prefix of the root.</summary>
    public S3Location Location => _location;

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(content);
        var objectKey = _location.Prefix + key;

        if (content.CanSeek && content.Length - content.Position <= _threshold)
        {
            await PutSingleAsync(objectKey, content, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (content.CanSeek)
        {
            await PutMultipartAsync(objectKey, content, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Unknown length: buffer up to the threshold to learn which side of it the content falls on.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(_threshold + 1, Array.MaxLength));
        try
        {
            var length = await ReadFullAsync(content, buffer, (int)Math.Min(_threshold + 1, buffer.Length), cancellationToken).ConfigureAwait(false);
            if (length <= _threshold)
            {
                using var single = new MemoryStream(buffer, 0, length, writable: false);
                await PutSingleAsync(objectKey, single, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var head = new MemoryStream(buffer, 0, length, writable: false);
                using var whole = new ConcatenatedReadStream(head, content);
                await PutMultipartAsync(objectKey, whole, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>PutObject</c> with <c>If-None-Match: *</c>, whatever the length (up to S3's 5 GiB for a single put):
    /// S3 answers <c>412 Precondition Failed</c> when the key exists (false), and <c>409 ConditionalRequestConflict</c>
    /// when a racing conditional write to the same key is in flight: nothing was written, so it is tried again with
    /// backoff (the retry policy of <see cref="AwsClientOptions"/>) until the race is decided.
    /// </remarks>
    public async Task<bool> PutIfAbsentAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(content);

        // Conditional objects are small (checkpoint entries, table metadata): held whole so a conflict can be retried.
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        var bytes = copy.ToArray();
        return await _retry.ExecuteAsync(async ct =>
        {
            try
            {
                using var attempt = new MemoryStream(bytes, writable: false);
                await PutSingleAsync(_location.Prefix + key, attempt, ct, ifNoneMatch: "*").ConfigureAwait(false);
                return true;
            }
            catch (AwsServiceException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed)
            {
                // The key exists. If the answer to our own winning put was lost and the SDK tried again, the object is
                // ours: callers that must tell the two apart compare its bytes (CheckpointLog does).
                return false;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The SDK tries a request again when it fails before the answer's headers arrive; a body cut short arrives after
    /// them (a reset mid-body, a proxy that gave up), so the whole GET is tried again here, with the same backoff and
    /// attempts as every other request of this store.
    /// </remarks>
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await GetOnceAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (BodyCutShortException e) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt >= _maxAttempts)
                {
                    throw e.Failure;
                }

                var wait = TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * _retry.BackoffCeiling(attempt).Ticks));
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<byte[]?> GetOnceAsync(string key, CancellationToken cancellationToken)
    {
        GetObjectResponse response;
        try
        {
            response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _location.Bucket, Key = _location.Prefix + key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is "NoSuchKey" or null or "NotFound")
        {
            return null;
        }
        catch (Exception e) when (Map(e, "GetObject") is { } mapped)
        {
            throw mapped;
        }

        using (response)
        {
            try
            {
                return await ReadBodyAsync(key, response, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e)
            {
                throw new BodyCutShortException(e);
            }
            catch (Exception e) when (Map(e, "GetObject") is { } mapped)
            {
                throw new BodyCutShortException(mapped);
            }
        }
    }

    private async Task<byte[]> ReadBodyAsync(string key, GetObjectResponse response, CancellationToken cancellationToken)
    {
        var length = response.ContentLength;
        using var stream = response.ResponseStream;
        if (length >= 0 && length <= Array.MaxLength)
        {
            var bytes = new byte[length];
            var read = await ReadFullAsync(stream, bytes, bytes.Length, cancellationToken).ConfigureAwait(false);
            if (read != length || stream.ReadByte() != -1)
            {
                throw new AwsServiceException("S3", "GetObject", null, response.HttpStatusCode, response.ResponseMetadata?.RequestId, $"s3://{_location.Bucket}/{_location.Prefix}{key}: Content-Length {length} but {read} or more bytes arrived", isTransient: true);
            }

            return bytes;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    /// <inheritdoc />
    /// <remarks>S3 lists in UTF-8 byte order; the keys are collected and sorted ordinally (UTF-16) before they are returned.</remarks>
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var listed in await ListAllAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return listed.Key;
        }
    }

    /// <inheritdoc />
    /// <remarks>The time is <c>ListObjectsV2</c>'s <c>LastModified</c> (when the object's upload completed).</remarks>
    public async IAsyncEnumerable<StoredObject> ListObjectsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var listed in await ListAllAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return listed;
        }
    }

    private async Task<List<StoredObject>> ListAllAsync(string prefix, CancellationToken cancellationToken)
    {
        ListingPrefix.Validate(prefix, nameof(prefix));
        var objects = new List<StoredObject>();
        string? continuation = null;
        do
        {
            ListObjectsV2Response page;
            try
            {
                page = await _s3.ListObjectsV2Async(
                    new ListObjectsV2Request { BucketName = _location.Bucket, Prefix = _location.Prefix + prefix, ContinuationToken = continuation },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (Map(e, "ListObjectsV2") is { } mapped)
            {
                throw mapped;
            }

            foreach (var item in page.S3Objects ?? [])
            {
                if (item.Key.StartsWith(_location.Prefix, StringComparison.Ordinal))
                {
                    var modified = item.LastModified is { } time ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero) : (DateTimeOffset?)null;
                    objects.Add(new StoredObject(item.Key[_location.Prefix.Length..], modified));
                }
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);

        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return objects;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        try
        {
            await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _location.Bucket, Key = _location.Prefix + key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is "NoSuchKey")
        {
            // Deleting a missing object is not an error (S3 itself answers 204; some emulators 404).
        }
        catch (Exception e) when (Map(e, "DeleteObject") is { } mapped)
        {
            throw mapped;
        }
    }

    public void Dispose() => _s3.Dispose();

    /// <summary>The store-independent key rules, plus S3's limit of 1024 UTF-8 bytes for the whole key, prefix included.</summary>
    private void ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ObjectKeys.Validate(key);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(_location.Prefix) + System.Text.Encoding.UTF8.GetByteCount(key);
        if (bytes > 1024)
        {
            throw new ArgumentException($"An S3 key has at most 1024 UTF-8 bytes; {_location.Prefix}{key} has {bytes}.", nameof(key));
        }
    }

    private static async Task<int> ReadFullAsync(Stream stream, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < count)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total, count - total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private async Task PutSingleAsync(string objectKey, Stream content, CancellationToken cancellationToken, string? ifNoneMatch = null)
    {
        var request = new PutObjectRequest
        {
            BucketName = _location.Bucket,
            Key = objectKey,
            InputStream = content,
            AutoCloseStream = false,
            // The SDK would rewind to 0 by default; the contract is "from the current position to the end".
            AutoResetStreamPosition = false,
            UseChunkEncoding = !_plain,
        };
        if (ifNoneMatch is not null)
        {
            request.IfNoneMatch = ifNoneMatch;
        }

        ApplyEncryption(request);
        await CallAsync("PutObject", () => _s3.PutObjectAsync(request, cancellationToken)).ConfigureAwait(false);
    }

    private async Task PutMultipartAsync(string objectKey, Stream content, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = _location.Bucket, Key = objectKey };
        if (_encryption.Algorithm is not null)
        {
            initiate.ServerSideEncryptionMethod = ServerSideEncryptionMethod.FindValue(_encryption.Algorithm);
            initiate.ServerSideEncryptionKeyManagementServiceKeyId = _encryption.KmsKeyId;
        }

        var uploadId = (await CallAsync("CreateMultipartUpload", () => _s3.InitiateMultipartUploadAsync(initiate, cancellationToken)).ConfigureAwait(false)).UploadId;
        var buffer = ArrayPool<byte>.Shared.Rent(_partSize);
        try
        {
            var parts = new List<PartETag>();
            for (var partNumber = 1; ; partNumber++)
            {
                // A failure reading the content is the caller's, not S3's: it propagates unmapped (after the abort).
                var length = await ReadFullAsync(content, buffer, _partSize, cancellationToken).ConfigureAwait(false);
                if (length == 0 && partNumber > 1)
                {
                    break;
                }

                using var part = new MemoryStream(buffer, 0, length, writable: false);
                var request = new UploadPartRequest
                {
                    BucketName = _location.Bucket,
                    Key = objectKey,
                    UploadId = uploadId,
                    PartNumber = partNumber,
                    PartSize = length,
                    InputStream = part,
                    UseChunkEncoding = !_plain,
                    IsLastPart = length < _partSize,
                };
                var response = await CallAsync("UploadPart", () => _s3.UploadPartAsync(request, cancellationToken)).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, response.ETag));
                if (length < _partSize)
                {
                    break;
                }
            }

            await CallAsync(
                "CompleteMultipartUpload",
                () => _s3.CompleteMultipartUploadAsync(
                    new CompleteMultipartUploadRequest { BucketName = _location.Bucket, Key = objectKey, UploadId = uploadId, PartETags = parts },
                    cancellationToken)).ConfigureAwait(false);
        }
        catch
        {
            // Abort so no parts linger (and bill); CancellationToken.None because cancellation may be why we are here.
            try
            {
                await _s3.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = _location.Bucket, Key = objectKey, UploadId = uploadId },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception abortFailure) when (abortFailure is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
            {
                // The upload's failure is what the caller needs; a bucket lifecycle rule collects what the abort left.
            }

            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Runs one S3 call, mapping its SDK or transport failure to <see cref="AwsServiceException"/>.</summary>
    private async Task<T> CallAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (Map(e, operation) is { } mapped)
        {
            throw mapped;
        }
    }

    private void ApplyEncryption(PutObjectRequest request)
    {
        if (_encryption.Algorithm is not null)
        {
            request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.FindValue(_encryption.Algorithm);
            request.ServerSideEncryptionKeyManagementServiceKeyId = _encryption.KmsKeyId;
        }
    }

    /// <summary>Maps an SDK or transport failure to <see cref="AwsServiceException"/>; null for anything else (cancellation, bugs).</summary>
    private AwsServiceException? Map(Exception e, string operation) => e switch
    {
        AwsServiceException => null,
        AmazonServiceException s => new AwsServiceException(
            "S3",
            operation,
            s.ErrorCode,
            s.StatusCode == 0 ? null : s.StatusCode,
            s.RequestId,
            $"{_location}: {s.Message}",
            AwsErrorResponse.IsTransientStatus(s.StatusCode) || AwsServiceDescriptor.S3.IsTransientErrorCode(s.ErrorCode) || s.InnerException is HttpRequestException or IOException,
            s),
        AmazonClientException or HttpRequestException or IOException => new AwsServiceException("S3", operation, null, null, null, $"{_location}: {e.Message}", isTransient: true, e),
        _ => null,
    };
}
