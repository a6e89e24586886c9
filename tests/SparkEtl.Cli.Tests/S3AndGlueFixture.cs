using SparkEtl.TestSupport;
using SparkEtl.TestSupport.Aws;

namespace SparkEtl.Cli.Tests;

/// <summary>s3rver and the Glue stand-in on loopback for the end-to-end AWS tests, with the aws CLI to drive them.</summary>
public sealed class S3AndGlueFixture : IAsyncLifetime
{
    private readonly TempDirectory _s3Data = new("s3rver");
    private LocalServiceProcess? _s3;

    public Uri S3Endpoint => _s3!.Endpoint;

    public GlueStandIn Glue { get; private set; } = null!;

    /// <summary>The environment a job or the aws CLI needs to reach the stand-ins (s3rver takes only its own key).</summary>
    public Dictionary<string, string?> Environment => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "S3RVER",
        ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_DEFAULT_REGION"] = "us-east-1",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_ENDPOINT_URL_S3"] = S3Endpoint.ToString(),
    };

    public async Task InitializeAsync()
    {
        _s3 = await LocalServiceProcess.StartS3rverAsync(_s3Data.Path);
        Glue = GlueStandIn.Start();
    }

    public async Task DisposeAsync()
    {
        await Glue.DisposeAsync();
        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }

        _s3Data.Dispose();
    }

    /// <summary>Runs the real aws CLI against the stand-ins.</summary>
    public async Task<ProcessResult> AwsAsync(params string[] args)
    {
        return await ChildProcess.RunAsync("aws", args, environment: Environment);
    }

    /// <summary>A new bucket with a unique name.</summary>
    public async Task<string> NewBucketAsync()
    {
        var bucket = $"sparketl-{Guid.NewGuid():N}"[..30];
        (await AwsAsync("s3", "mb", $"s3://{bucket}", "--endpoint-url", S3Endpoint.ToString())).EnsureSuccess("aws s3 mb");
        return bucket;
    }
}
