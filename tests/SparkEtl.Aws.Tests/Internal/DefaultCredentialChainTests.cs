using System.Net;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Aws.Tests.Fixtures;

namespace SparkEtl.Aws.Tests.Internal;

/// <summary>Without configured credentials the client signs with what AWSSDK.Core's default chain finds (here: the environment).</summary>
public sealed class DefaultCredentialChainTests
{
    [Fact]
    public async Task NoCredentialsConfigured_SignsWithEnvironmentCredentialsAndSessionToken()
    {
        string[] names = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_EC2_METADATA_DISABLED"];
        var saved = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIAFROMENVIRONMENT");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "secret-from-environment");
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", "token-from-environment");
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            var handler = new StubHandler().Respond(HttpStatusCode.OK, """{"Shards":[]}""");
            using var client = new KinesisClient(
                new AwsClientOptions { Endpoint = new Uri("http://127.0.0.1:1/"), Region = TestAws.Region, EnvironmentVariables = _ => null },
                handler);

            await client.ListShardsAsync("s", CancellationToken.None);

            var request = Assert.Single(handler.Requests).Request;
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAFROMENVIRONMENT/", request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
            Assert.Equal("token-from-environment", request.Headers.GetValues("X-Amz-Security-Token").Single());
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
