using Microsoft.AspNetCore.Http;
using SparkEtl.FaultProxy.Internal;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>How requests are named for scopes and statistics, and which ones carry S3 conditions.</summary>
public sealed class RequestClassifierTests
{
    [Theory]
    [InlineData("PUT", "/b/k", "", "PutObject")]
    [InlineData("PUT", "/b/k?partNumber=1&uploadId=u", "", "UploadPart")]
    [InlineData("PUT", "/b/k", "x-amz-copy-source", "CopyObject")]
    [InlineData("PUT", "/b", "", "CreateBucket")]
    [InlineData("GET", "/b/k", "", "GetObject")]
    [InlineData("GET", "/b?list-type=2&prefix=a%2F", "", "ListObjectsV2")]
    [InlineData("GET", "/b", "", "ListObjects")]
    [InlineData("GET", "/", "", "ListBuckets")]
    [InlineData("HEAD", "/b/k", "", "HeadObject")]
    [InlineData("HEAD", "/b", "", "HeadBucket")]
    [InlineData("DELETE", "/b/k", "", "DeleteObject")]
    [InlineData("DELETE", "/b/k?uploadId=u", "", "AbortMultipartUpload")]
    [InlineData("POST", "/b/k?uploads", "", "CreateMultipartUpload")]
    [InlineData("POST", "/b/k?uploadId=u", "", "CompleteMultipartUpload")]
    [InlineData("POST", "/b?delete", "", "DeleteObjects")]
    public void S3Requests_AreNamedByTheirOperation(string method, string target, string header, string operation)
    {
        var headers = new HeaderDictionary();
        if (header.Length > 0)
        {
            headers[header] = "/src/key";
        }

        var request = RequestClassifier.Classify(method, target, headers);

        Assert.Equal(("s3", operation), (request.Service, request.Operation));
    }

    [Fact]
    public void S3Keys_AreDecoded_AndPathsJoinBucketAndKey()
    {
        var request = RequestClassifier.Classify("PUT", "/bucket/warehouse/dt%3D2026-12-01/a%20b+c?x=1", new HeaderDictionary());

        Assert.Equal(("bucket", "warehouse/dt=2026-12-01/a b+c"), (request.Bucket, request.Key));
        Assert.Equal("bucket/warehouse/dt=2026-12-01/a b+c", request.Path);
        Assert.True(request.WritesObject);
    }

    [Fact]
    public void KinesisRequests_AreNamedByTheirTarget()
    {
        var request = RequestClassifier.Classify("POST", "/", new HeaderDictionary { ["X-Amz-Target"] = "Kinesis_20131202.GetRecords" });

        Assert.Equal("kinesis:GetRecords", request.Name);
        Assert.False(request.WritesObject);
    }

    [Theory]
    [InlineData("PUT", "/b/k", true)]
    [InlineData("PUT", "/b/k?partNumber=1&uploadId=u", false)]
    [InlineData("POST", "/b/k?uploadId=u", true)]
    [InlineData("GET", "/b/k", false)]
    [InlineData("DELETE", "/b/k", false)]
    public void Conditions_AreHonouredOnlyOnWritesS3EvaluatesThemFor(string method, string target, bool honoured)
    {
        var request = RequestClassifier.Classify(method, target, new HeaderDictionary { ["If-None-Match"] = "*" });

        Assert.Equal(honoured, request.IsConditionalWrite);
    }
}
