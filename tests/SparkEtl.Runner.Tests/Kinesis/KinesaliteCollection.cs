namespace SparkEtl.Runner.Tests.Kinesis;

[CollectionDefinition(Name)]
public sealed class KinesaliteCollection : ICollectionFixture<KinesaliteFixture>
{
    public const string Name = "kinesalite";
}
