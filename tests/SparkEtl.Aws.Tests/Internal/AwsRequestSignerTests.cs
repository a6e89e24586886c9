using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using SparkEtl.Aws.Internal;
using SparkEtl.TestSupport;

namespace SparkEtl.Aws.Tests.Internal;

/// <summary>Our use of AWSSDK.Core's SigV4 signer yields the same Authorization header as botocore's signer, an independent implementation.</summary>
public sealed class AwsRequestSignerTests
{
    private const string BotocoreSign = """
        import base64, json, sys
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        a = json.load(sys.stdin)
        request = AWSRequest(method='POST', url=a['url'], data=base64.b64decode(a['body']), headers=a['headers'])
        request.context['timestamp'] = a['timestamp']
        auth = SigV4Auth(Credentials(a['accessKey'], a['secretKey'], a['token']), a['service'], a['region'])
        canonical = auth.canonical_request(request)
        signature = auth.signature(auth.string_to_sign(request, canonical), request)
        auth._inject_signature_to_request(request, signature)
        print(request.headers['Authorization'])
        """;

    [Theory]
    [InlineData("kinesis", "Kinesis_20131202.PutRecords", null)]
    [InlineData("glue", "AWSGlue.CreateTable", "FwoGZXIvYXdzEXAMPLESESSIONTOKEN==")]
    public async Task Sign_MatchesBotocoreSigV4(string service, string target, string? token)
    {
        var endpoint = new Uri("http://127.0.0.1:4567/");
        var body = Encoding.UTF8.GetBytes("""{"StreamName":"s","Records":[{"Data":"AAEC","PartitionKey":"ü"}]}""");
        var credentials = new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token);
        var signedAt = new DateTime(2024, 2, 29, 23, 59, 58, DateTimeKind.Utc);

        var headers = new AwsRequestSigner(service, "eu-west-1").Sign(
            endpoint,
            new Dictionary<string, string> { ["Content-Type"] = "application/x-amz-json-1.1", ["X-Amz-Target"] = target },
            body,
            credentials,
            signedAt);

        var toBotocore = headers.Where(h => h.Key is not ("Authorization" or "Host")).ToDictionary(h => h.Key, h => h.Value);
        var input = JsonSerializer.Serialize(new
        {
            url = endpoint.ToString(),
            body = Convert.ToBase64String(body),
            headers = toBotocore,
            timestamp = "20240229T235958Z",
            accessKey = credentials.AccessKey,
            secretKey = credentials.SecretKey,
            token,
            service,
            region = "eu-west-1",
        });
        var result = await ChildProcess.RunAsync("python3", ["-c", BotocoreSign], workingDirectory: Path.GetTempPath(), standardInput: input);
        var expected = result.EnsureSuccess("python3 botocore SigV4Auth").StandardOutput.Trim();

        Assert.Equal(expected, headers["Authorization"]);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240229/eu-west-1/{service}/aws4_request, ", headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("20240229T235958Z", headers["X-Amz-Date"]);
        if (token is null)
        {
            Assert.False(headers.ContainsKey("X-Amz-Security-Token"));
        }
        else
        {
            Assert.Equal(token, headers["X-Amz-Security-Token"]);
            Assert.Contains("x-amz-security-token", headers["Authorization"], StringComparison.Ordinal);
        }
    }
}
