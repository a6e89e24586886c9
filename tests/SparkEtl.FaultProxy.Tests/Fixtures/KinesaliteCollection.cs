namespace SparkEtl.FaultProxy.Tests.Fixtures;

[CollectionDefinition(Name)]
public sealed class KinesaliteCollection : ICollectionFixture<KinesaliteFixture>
{
    public const string Name = "kinesalite behind the proxy";
}
