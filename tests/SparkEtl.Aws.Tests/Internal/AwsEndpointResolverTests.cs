using SparkEtl.Aws.Internal;
using SparkEtl.Core;

namespace SparkEtl.Aws.Tests.Internal;

public sealed class AwsEndpointResolverTests
{
    private static AwsClientOptions Options(Uri? endpoint = null, string? region = "eu-west-1", params (string Name, string Value)[] environment) => new()
    {
        Endpoint = endpoint,
        Region = region,
        EnvironmentVariables = name => environment.FirstOrDefault(e => e.Name == name).Value,
    };

    [Fact]
    public void ResolveEndpoint_ExplicitEndpoint_WinsOverEnvironment()
    {
        var options = Options(new Uri("http://127.0.0.1:1234"), environment: [("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:9"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:8")]);
        Assert.Equal(new Uri("http://127.0.0.1:1234/"), AwsEndpointResolver.ResolveEndpoint(AwsServiceDescriptor.Kinesis, options, "eu-west-1"));
    }

    [Theory]
    [InlineData("Kinesis", "AWS_ENDPOINT_URL_KINESIS")]
    [InlineData("Glue", "AWS_ENDPOINT_URL_GLUE")]
    [InlineData("S3", "AWS_ENDPOINT_URL_S3")]
    public void ResolveEndpoint_ServiceVariable_WinsOverGlobal(string service, string variable)
    {
        var descriptor = service switch { "Kinesis" => AwsServiceDescriptor.Kinesis, "Glue" => AwsServiceDescriptor.Glue, _ => AwsServiceDescriptor.S3 };
        var options = Options(environment: [(variable, "http://127.0.0.1:9"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:8")]);
        Assert.Equal(new Uri("http://127.0.0.1:9/"), AwsEndpointResolver.ResolveEndpoint(descriptor, options, "eu-west-1"));
    }

    [Fact]
    public void ResolveEndpoint_GlobalVariable_UsedWhenNoServiceVariable()
    {
        var options = Options(environment: [("AWS_ENDPOINT_URL_GLUE", "http://127.0.0.1:9"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:8")]);
        Assert.Equal(new Uri("http://127.0.0.1:8/"), AwsEndpointResolver.ResolveEndpoint(AwsServiceDescriptor.Kinesis, options, "eu-west-1"));
    }

    [Fact]
    public void ResolveEndpoint_IgnoreConfiguredEndpointUrls_SkipsEnvironment()
    {
        var options = Options(environment: [("AWS_ENDPOINT_URL", "http://127.0.0.1:8"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]);
        Assert.Equal(new Uri("https://kinesis.eu-west-1.amazonaws.com/"), AwsEndpointResolver.ResolveEndpoint(AwsServiceDescriptor.Kinesis, options, "eu-west-1"));
    }

    [Theory]
    [InlineData("eu-west-1", "https://glue.eu-west-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://glue.cn-north-1.amazonaws.com.cn/")]
    public void ResolveEndpoint_NothingConfigured_IsRegional(string region, string expected)
    {
        Assert.Equal(new Uri(expected), AwsEndpointResolver.ResolveEndpoint(AwsServiceDescriptor.Glue, Options(region: region), region));
    }

    [Theory]
    [InlineData("http://127.0.0.1:4567/some/path")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("not a url")]
    public void ResolveEndpoint_InvalidEnvironmentValue_NamesTheVariable(string value)
    {
        var options = Options(environment: [("AWS_ENDPOINT_URL_KINESIS", value)]);
        var e = Assert.Throws<ConfigurationException>(() => AwsEndpointResolver.ResolveEndpoint(AwsServiceDescriptor.Kinesis, options, "eu-west-1"));
        Assert.Equal("AWS_ENDPOINT_URL_KINESIS", e.Setting);
        Assert.Equal(value, e.Value);
    }

    [Fact]
    public void ResolveRegion_Explicit_WinsOverEnvironment()
    {
        Assert.Equal("eu-west-1", AwsEndpointResolver.ResolveRegion(Options(region: "eu-west-1", environment: [("AWS_REGION", "us-west-2")])));
    }

    [Fact]
    public void ResolveRegion_AwsRegion_WinsOverAwsDefaultRegion()
    {
        Assert.Equal("us-west-2", AwsEndpointResolver.ResolveRegion(Options(region: null, environment: [("AWS_REGION", "us-west-2"), ("AWS_DEFAULT_REGION", "ap-south-1")])));
        Assert.Equal("ap-south-1", AwsEndpointResolver.ResolveRegion(Options(region: null, environment: [("AWS_DEFAULT_REGION", "ap-south-1")])));
    }

    [Fact]
    public void ResolveRegion_Malformed_IsConfigurationError()
    {
        var e = Assert.Throws<ConfigurationException>(() => AwsEndpointResolver.ResolveRegion(Options(region: "EU West 1")));
        Assert.Equal("aws.region", e.Setting);
    }

    [Theory]
    [InlineData("http://10.0.0.7:4567")]
    [InlineData("http://kinesis.example.com")]
    public void ResolveEndpoint_PlainHttpBeyondLoopback_IsRefusedNamingTheSetting(string endpoint)
    {
        var options = new AwsClientOptions { Endpoint = new Uri(endpoint), EndpointSetting = "aws.kinesisEndpoint", EnvironmentVariables = _ => null };

        var error = Assert.Throws<ConfigurationException>(() => AwsEndpointResolver.ResolveEndpoint(AwsServiceDescriptor.Kinesis, options, "eu-west-1"));

        Assert.Equal("aws.kinesisEndpoint", error.Setting);
        Assert.Contains("aws.allowInsecureEndpoints=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveEndpoint_PlainHttpFromTheEnvironment_IsRefusedNamingTheVariable()
    {
        var options = Options(environment: [("AWS_ENDPOINT_URL_S3", "http://192.168.1.20:9000")]);

        var error = Assert.Throws<ConfigurationException>(() => AwsEndpointResolver.ResolveEndpoint(AwsServiceDescriptor.S3, options, "eu-west-1"));

        Assert.Equal("AWS_ENDPOINT_URL_S3", error.Setting);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4567/")]
    [InlineData("http://localhost:4567/")]
    [InlineData("http://[::1]:4567/")]
    [InlineData("https://kinesis.example.com/")]
    public void ResolveEndpoint_LoopbackOrHttps_IsAccepted(string endpoint) =>
        Assert.Equal(new Uri(endpoint), AwsEndpointResolver.ResolveEndpoint(AwsServiceDescriptor.Kinesis, Options(new Uri(endpoint)), "eu-west-1"));

    [Fact]
    public void ResolveEndpoint_PlainHttpBeyondLoopbackWhenAllowed_IsAccepted()
    {
        var options = new AwsClientOptions { Endpoint = new Uri("http://10.0.0.7:4567"), AllowInsecureEndpoint = true, EnvironmentVariables = _ => null };

        Assert.Equal(new Uri("http://10.0.0.7:4567/"), AwsEndpointResolver.ResolveEndpoint(AwsServiceDescriptor.Kinesis, options, "eu-west-1"));
    }
}
