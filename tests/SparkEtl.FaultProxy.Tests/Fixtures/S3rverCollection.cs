namespace SparkEtl.FaultProxy.Tests.Fixtures;

[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver behind the proxy";
}
