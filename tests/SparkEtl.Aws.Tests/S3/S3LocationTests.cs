using SparkEtl.Aws.S3;
using SparkEtl.Core;

namespace SparkEtl.Aws.Tests.S3;

public sealed class S3LocationTests
{
    [Theory]
    [InlineData("s3://bucket", "bucket", "")]
    [InlineData("s3://bucket/", "bucket", "")]
    [InlineData("s3://my.bucket-1/warehouse", "my.bucket-1", "warehouse/")]
    [InlineData("s3://bucket/a/b/", "bucket", "a/b/")]
    public void Parse_SplitsBucketAndPrefix(string root, string bucket, string prefix)
    {
        var location = S3Location.Parse(root);
        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(prefix, location.Prefix);
    }

    [Theory]
    [InlineData("/data/warehouse")]
    [InlineData("s3:/bucket")]
    [InlineData("s3://")]
    [InlineData("s3://Bucket")]
    [InlineData("s3://ab")]
    [InlineData("s3://bucket_name")]
    [InlineData("s3://bucket//prefix")]
    [InlineData("s3://bucket/../other")]
    [InlineData("s3://bucket/a/./b")]
    public void Parse_Invalid_IsConfigurationErrorNamingTheValue(string root)
    {
        var e = Assert.Throws<ConfigurationException>(() => S3Location.Parse(root));
        Assert.Equal(root, e.Value);
        Assert.Equal("storage.root", e.Setting);
    }

    [Fact]
    public void ToString_IsTheRootAsWritten() => Assert.Equal("s3://bucket/a/b", S3Location.Parse("s3://bucket/a/b/").ToString());
}
