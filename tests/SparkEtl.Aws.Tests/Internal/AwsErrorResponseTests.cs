using System.Net;
using System.Text;
using SparkEtl.Aws.Internal;

namespace SparkEtl.Aws.Tests.Internal;

public sealed class AwsErrorResponseTests
{
    private static (string? Code, string? Message) Parse(string body, string? errorTypeHeader = null)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        if (errorTypeHeader is not null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorTypeHeader);
        }

        return AwsErrorResponse.Parse(response.Headers, Encoding.UTF8.GetBytes(body));
    }

    [Fact]
    public void Parse_PlainType_AndLowerCaseMessage() =>
        Assert.Equal(("ResourceNotFoundException", "Stream s not found"), Parse("""{"__type":"ResourceNotFoundException","message":"Stream s not found"}"""));

    [Fact]
    public void Parse_NamespacedType_AndCapitalisedMessage() =>
        Assert.Equal(("EntityNotFoundException", "Table t not found"), Parse("""{"__type":"com.amazonaws.glue#EntityNotFoundException","Message":"Table t not found"}"""));

    [Fact]
    public void Parse_HeaderWithUriSuffix_WinsOverBody() =>
        Assert.Equal(("ThrottlingException", "slow down"), Parse("""{"__type":"Other","message":"slow down"}""", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/"));

    [Fact]
    public void Parse_NotJson_KeepsHeaderCode() =>
        Assert.Equal(("ServiceUnavailable", null), Parse("<html>503</html>", "ServiceUnavailable"));

    [Fact]
    public void Parse_NestedValues_AreSkipped() =>
        Assert.Equal(("ValidationException", "bad"), Parse("""{"details":{"message":"inner"},"__type":"ValidationException","message":"bad"}"""));
}
