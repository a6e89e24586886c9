using System.Net;
using System.Text;
using System.Text.Json;
using SparkEtl.Aws.Tests.Fixtures;
using SparkEtl.TestSupport.Aws;

namespace SparkEtl.Aws.Tests.Glue;

/// <summary>The Glue stand-in refuses what the Glue model forbids, so a passing client test means a model-shaped request.</summary>
public sealed class GlueStandInTests : IAsyncLifetime
{
    private GlueStandIn? _glue;

    private GlueStandIn Glue => _glue!;

    public Task InitializeAsync()
    {
        _glue = GlueStandIn.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Glue.DisposeAsync();

    [Theory]
    [InlineData("CreateDatabase", """{"DatabaseInput":{"Name":"d","Colour":"blue"}}""", "unknown member Colour of DatabaseInput")]
    [InlineData("CreateDatabase", """{"DatabaseInput":{"Description":"no name"}}""", "missing required member Name of DatabaseInput")]
    [InlineData("CreateTable", """{"DatabaseName":"d","TableInput":{"Name":"t","Retention":"7"}}""", "expected an integer")]
    [InlineData("CreateTable", """{"DatabaseName":"d","TableInput":{"Name":"t","StorageDescriptor":{"Columns":{"Name":"c"}}}}""", "expected an array")]
    [InlineData("CreateTable", """{"DatabaseName":"","TableInput":{"Name":"t"}}""", "needs at least 1 characters")]
    [InlineData("UpdateTable", """{"DatabaseName":"d","TableInput":{"Name":"t"},"ViewUpdateAction":"MERGE"}""", "is not one of ViewUpdateAction's values")]
    [InlineData("GetPartitions", """{"DatabaseName":"d","TableName":"t","MaxResults":5000}""", "is at most 1000")]
    public async Task RequestBreakingTheModel_IsRefusedWithInvalidInput(string operation, string body, string expectedError)
    {
        using var response = await PostAsync(operation, body);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidInputException", error.RootElement.GetProperty("__type").GetString());
        Assert.Contains(expectedError, error.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Contains(Glue.RequestValidationErrors, e => e.Contains(expectedError, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnsignedRequest_IsRefused()
    {
        using var content = new StringContent("""{"Name":"d"}""", Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var request = new HttpRequestMessage(HttpMethod.Post, Glue.Endpoint) { Content = content };
        request.Headers.Add("X-Amz-Target", "AWSGlue.GetDatabase");
        using var http = new HttpClient();

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(string operation, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var request = new HttpRequestMessage(HttpMethod.Post, Glue.Endpoint) { Content = content };
        request.Headers.Add("X-Amz-Target", "AWSGlue." + operation);
        request.Headers.Add("X-Amz-Date", "20240229T000000Z");
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={TestAws.DummyCredentials.GetCredentials().AccessKey}/20240229/us-east-1/glue/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
        using var http = new HttpClient();
        return await http.SendAsync(request);
    }
}
