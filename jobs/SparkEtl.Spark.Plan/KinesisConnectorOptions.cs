using System.Globalization;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The options of the Spark Kinesis connector (awslabs/spark-sql-kinesis-connector 1.4.x, format
/// <c>aws-kinesis</c>) that SparkEtl's settings map to. Option names are the connector's
/// <c>KinesisOptions</c> keys; the connector reads them case-insensitively.
/// </summary>
/// <remarks>
/// The connector requires <c>kinesis.endpointUrl</c>, so without <c>aws.kinesisEndpoint</c> the regional
/// endpoint is derived from <c>aws.region</c>, which is then required. <c>batch.maxBytesPerShard</c> has no
/// connector counterpart and is not mapped. Connector metadata stays in the checkpoint (the HDFS committer,
/// its default), so no DynamoDB table is involved.
/// </remarks>
public static class KinesisConnectorOptions
{
    /// <summary>The Spark data source name the connector registers.</summary>
    public const string Format = "aws-kinesis";

    /// <summary>The stream name (<c>source=kinesis:STREAM</c>).</summary>
    public const string StreamName = "kinesis.streamName";

    /// <summary>The Kinesis endpoint URL; required by the connector.</summary>
    public const string EndpointUrl = "kinesis.endpointUrl";

    /// <summary>The region the connector runs in (signing, STS).</summary>
    public const string Region = "kinesis.region";

    /// <summary>The region the stream belongs to.</summary>
    public const string KinesisRegion = "kinesis.kinesisRegion";

    /// <summary><c>TRIM_HORIZON</c>, <c>LATEST</c> or <c>AT_TIMESTAMP &lt;ISO-8601&gt;</c>.</summary>
    public const string StartingPosition = "kinesis.startingPosition";

    /// <summary><c>GetRecords</c> (polling) or <c>SubscribeToShard</c> (enhanced fan-out).</summary>
    public const string ConsumerType = "kinesis.consumerType";

    /// <summary>The enhanced fan-out consumer name; required with <c>SubscribeToShard</c>.</summary>
    public const string ConsumerName = "kinesis.consumerName";

    /// <summary>Most records read from one shard into one micro-batch (<c>batch.maxRecordsPerShard</c>).</summary>
    public const string MaxFetchRecordsPerShard = "kinesis.maxFetchRecordsPerShard";

    /// <summary>The GetRecords <c>Limit</c> (<c>kinesis.maxRecordsPerRead</c>); polling only.</summary>
    public const string RecordsPerFetch = "kinesis.getRecords.numberOfRecordsPerFetch";

    /// <summary>The connector's options for <paramref name="settings"/>, in ordinal key order.</summary>
    /// <exception cref="ConfigurationException">The source is not a Kinesis stream, or neither a region nor an endpoint is set.</exception>
    public static IReadOnlyDictionary<string, string> Map(EtlSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Source.Kind != SourceKind.Kinesis)
        {
            throw new ConfigurationException("source", settings.Source.ToString(), "kinesis:STREAM for the Spark job (it reads Kinesis through the Spark connector)");
        }

        var region = settings.Aws.Region;
        var endpoint = settings.Aws.KinesisEndpoint?.ToString().TrimEnd('/') ?? RegionalEndpoint(region)
            ?? throw new ConfigurationException("aws.region", null,
                "an AWS region such as us-east-1 for the Spark job: the Kinesis connector needs an endpoint URL, so set aws.region or aws.kinesisEndpoint");

        var options = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [StreamName] = settings.Source.Location,
            [EndpointUrl] = endpoint,
            [StartingPosition] = StartingPositionValue(settings.Kinesis),
            [MaxFetchRecordsPerShard] = settings.Batch.MaxRecordsPerShard.ToString(CultureInfo.InvariantCulture),
        };

        if (region is not null)
        {
            options[Region] = region;
            options[KinesisRegion] = region;
        }

        if (settings.Kinesis.ConsumerType == KinesisConsumerType.EnhancedFanOut)
        {
            options[ConsumerType] = "SubscribeToShard";
            options[ConsumerName] = EnhancedFanOutConsumerName(settings);
        }
        else
        {
            options[ConsumerType] = "GetRecords";
            options[RecordsPerFetch] = settings.Kinesis.MaxRecordsPerRead.ToString(CultureInfo.InvariantCulture);
        }

        return options;
    }

    /// <summary>
    /// The enhanced fan-out consumer the job registers: <c>kinesis.consumerName</c>, else <c>sparketl-&lt;catalog.database&gt;</c>,
    /// one per deployment (each application needs its own consumer name; a restarted job reuses its consumer).
    /// </summary>
    public static string EnhancedFanOutConsumerName(EtlSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kinesis.ConsumerName ?? "sparketl-" + settings.Database;
    }

    /// <summary>
    /// The connector's starting position: <c>TRIM_HORIZON</c>, <c>LATEST</c>, or <c>AT_TIMESTAMP</c>, a space and
    /// an ISO-8601 UTC time with seconds (the connector parses what follows the first space).
    /// </summary>
    public static string StartingPositionValue(KinesisSettings kinesis)
    {
        ArgumentNullException.ThrowIfNull(kinesis);
        return kinesis.StartingPosition switch
        {
            KinesisStartingPosition.Latest => "LATEST",
            KinesisStartingPosition.AtTimestamp => "AT_TIMESTAMP " + DateTimeOffset.FromUnixTimeMilliseconds(kinesis.StartingTimestampMs)
                .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            _ => "TRIM_HORIZON",
        };
    }

    /// <summary>The public Kinesis endpoint of a region (<c>.amazonaws.com.cn</c> in the China regions), or null without a region.</summary>
    public static string? RegionalEndpoint(string? region) => region switch
    {
        null => null,
        _ when region.StartsWith("cn-", StringComparison.Ordinal) => $"https://kinesis.{region}.amazonaws.com.cn",
        _ => $"https://kinesis.{region}.amazonaws.com",
    };
}
