using SparkEtl.Aws;
using SparkEtl.Aws.Kinesis;
using SparkEtl.FaultProxy;
using SparkEtl.TestSupport;

namespace SparkEtl.Soak.Tests;

/// <summary>
/// Found by the soak: a few connection resets while <c>sparketl run</c> checks its Kinesis stream at start-up end the
/// run with exit 2 and "Invalid setting aws.kinesisEndpoint ... a Kinesis endpoint that answers", as if the endpoint
/// were misconfigured; exit 2 tells a scheduler not to try again. A reset is a transient failure of a working endpoint.
/// Through the proxy with <c>reset-before@kinesis:DescribeStreamSummary=0.75</c> and seed 4, the first three
/// DescribeStreamSummary requests are reset and the fourth is answered (the proxy's decisions depend only on its seed
/// and the order of requests).
/// </summary>
public sealed class KinesisStartupResetTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("sparketl-startup");
    private LocalServiceProcess? _kinesalite;

    public async Task InitializeAsync() => _kinesalite = await LocalServiceProcess.StartKinesaliteAsync();

    public async Task DisposeAsync()
    {
        if (_kinesalite is not null)
        {
            await _kinesalite.DisposeAsync();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task Run_WhenTheFirstStreamChecksAreReset_ReadsTheStreamInsteadOfCallingTheEndpointMisconfigured()
    {
        using (var client = new KinesisClient(new AwsClientOptions
        {
            Endpoint = _kinesalite!.Endpoint,
            Region = "us-east-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "secret"),
        }))
        {
            await client.CreateStreamAsync("startup", 1, CancellationToken.None);
            await client.WaitForStreamActiveAsync("startup", TimeSpan.FromSeconds(30), CancellationToken.None);
            await client.PutRecordsAsync("startup", [new PutRecordsEntry("JIB", """{"TICKER_SYMBOL":"JIB","PRICE":44.89}"""u8.ToArray())], CancellationToken.None);
        }

        await using var proxy = await FaultInjectingProxy.StartAsync(
            new FaultProxyOptions { Upstream = _kinesalite.Endpoint, Faults = FaultPlan.Parse("reset-before@kinesis:DescribeStreamSummary=0.75"), Seed = 4 },
            CancellationToken.None);

        var run = await ChildProcess.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "sparketl.dll"), "run", "--source", "kinesis:startup", "--warehouse", _directory.Combine("warehouse"), "--quiet"],
            environment: new Dictionary<string, string?>
            {
                ["AWS_ENDPOINT_URL_KINESIS"] = proxy.Endpoint.ToString().TrimEnd('/'),
                ["AWS_ENDPOINT_URL"] = null,
                ["AWS_REGION"] = "us-east-1",
                ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
                ["AWS_SECRET_ACCESS_KEY"] = "secret",
                ["AWS_SESSION_TOKEN"] = null,
                ["AWS_PROFILE"] = null,
                ["AWS_CONFIG_FILE"] = "/dev/null",
                ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
                ["AWS_EC2_METADATA_DISABLED"] = "true",
            },
            timeout: TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, $"sparketl run exited {run.ExitCode}:\n{run.StandardError}");
        Assert.Equal(3, proxy.GetStats().FaultsOf(FaultKind.ResetBeforeForwarding));
    }
}
