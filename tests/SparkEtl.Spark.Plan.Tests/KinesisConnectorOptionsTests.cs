using SparkEtl.Core;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark.Plan.Tests;

public class KinesisConnectorOptionsTests
{
    [Fact]
    public void Map_PollingStream_GivesTheConnectorsOptionsFromTheSettings()
    {
        var settings = SparkJobSettings.Bind(
            ("source", "kinesis:ticks"), ("aws.region", "eu-west-1"), ("batch.maxRecordsPerShard", "5000"),
            ("kinesis.maxRecordsPerRead", "2500"), ("kinesis.startingPosition", "LATEST"));

        var options = KinesisConnectorOptions.Map(settings);

        Assert.Equal(new Dictionary<string, string>
        {
            ["kinesis.consumerType"] = "GetRecords",
            ["kinesis.endpointUrl"] = "https://kinesis.eu-west-1.amazonaws.com",
            ["kinesis.getRecords.numberOfRecordsPerFetch"] = "2500",
            ["kinesis.kinesisRegion"] = "eu-west-1",
            ["kinesis.maxFetchRecordsPerShard"] = "5000",
            ["kinesis.region"] = "eu-west-1",
            ["kinesis.startingPosition"] = "LATEST",
            ["kinesis.streamName"] = "ticks",
        }, options);
    }

    [Fact]
    public void Map_EnhancedFanOut_SubscribesWithAConsumerNamedAfterTheDatabase()
    {
        var settings = SparkJobSettings.Bind(
            ("source", "kinesis:ticks"), ("kinesis.consumerType", "efo"), ("catalog.database", "markets"),
            ("aws.kinesisEndpoint", "http://127.0.0.1:4567/"));

        var options = KinesisConnectorOptions.Map(settings);

        Assert.Equal("SubscribeToShard", options["kinesis.consumerType"]);
        Assert.Equal("sparketl-markets", options["kinesis.consumerName"]);
        Assert.Equal("http://127.0.0.1:4567", options["kinesis.endpointUrl"]);
        Assert.False(options.ContainsKey("kinesis.getRecords.numberOfRecordsPerFetch"));
        Assert.False(options.ContainsKey("kinesis.region"));
        Assert.Equal("TRIM_HORIZON", options["kinesis.startingPosition"]);
    }

    [Fact]
    public void Map_AtTimestamp_WritesTheConnectorsSpaceSeparatedForm() =>
        Assert.Equal("AT_TIMESTAMP 2024-03-15T14:30:05Z", KinesisConnectorOptions.Map(SparkJobSettings.Bind(
            ("source", "kinesis:ticks"), ("aws.region", "us-east-1"),
            ("kinesis.startingPosition", "AT_TIMESTAMP:2024-03-15T16:30:05+02:00")))["kinesis.startingPosition"]);

    [Fact]
    public void Map_ChinaRegion_UsesTheChinaEndpoint() =>
        Assert.Equal("https://kinesis.cn-north-1.amazonaws.com.cn",
            KinesisConnectorOptions.Map(SparkJobSettings.Bind(("source", "kinesis:ticks"), ("aws.region", "cn-north-1")))["kinesis.endpointUrl"]);

    [Fact]
    public void Map_NoRegionAndNoEndpoint_NamesAwsRegion()
    {
        var error = Assert.Throws<ConfigurationException>(() => KinesisConnectorOptions.Map(SparkJobSettings.Bind(("source", "kinesis:ticks"))));

        Assert.Equal("aws.region", error.Setting);
        Assert.Contains("aws.kinesisEndpoint", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("file:records.jsonl")]
    public void Map_SourceThatIsNotAStream_NamesSource(string source)
    {
        var error = Assert.Throws<ConfigurationException>(() => KinesisConnectorOptions.Map(SparkJobSettings.Bind(("source", source), ("aws.region", "us-east-1"))));

        Assert.Equal("source", error.Setting);
        Assert.Equal(source, error.Value);
    }
}
