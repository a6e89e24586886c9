using System.Text;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Transform;

public class JsonProblemTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData(" {\"a\":[1,2,{\"b\":null}]} \r\n")]
    [InlineData("42")]
    [InlineData("\"text with \\u0000 escaped\"")]
    public void Find_OneWellFormedValue_Null(string json)
    {
        Assert.Null(JsonProblem.Find(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("", "there is no JSON value, only whitespace or nothing")]
    [InlineData("  \n", "there is no JSON value, only whitespace or nothing")]
    [InlineData("{\"PRICE\":NaN}", "NaN at byte 9: JSON has no NaN or Infinity literals")]
    [InlineData("{\"PRICE\": Infinity}", "Infinity at byte 10: JSON has no NaN or Infinity literals")]
    [InlineData("{\"PRICE\":-Infinity}", "-Infinity at byte 9: JSON has no NaN or Infinity literals")]
    [InlineData("[1,\n NaN]", "NaN at byte 5: JSON has no NaN or Infinity literals")]
    [InlineData("{\"a\":\"x\u0001\"}", "a raw control character U+0001 inside a string at byte 7: control characters must be escaped")]
    [InlineData("{\"a\":\"xyz", "the JSON ends early, after 9 bytes (truncated?)")]
    [InlineData("{\"a\":1", "the JSON ends early, after 6 bytes (truncated?)")]
    [InlineData("{\"a\":1} x", "there is data after the JSON value, at byte 8")]
    [InlineData("{}{}", "there is data after the JSON value, at byte 2")]
    [InlineData("{'a':1}", "invalid JSON at byte 1, at \"'a':1}\"")]
    public void Find_Malformed_NamesWhatAndWhere(string json, string expected)
    {
        Assert.Equal(expected, JsonProblem.Find(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData(64, null)]
    [InlineData(65, "nesting deeper than 64 levels at byte 64")]
    [InlineData(10_000, "nesting deeper than 64 levels at byte 64")]
    public void Find_Nesting_NamedPastTheReadersDepth(int depth, string? expected)
    {
        Assert.Equal(expected, JsonProblem.Find(Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth))));
    }

    [Theory]
    [InlineData(new byte[] { 0x22, 0xC3, 0x28, 0x22 }, "invalid UTF-8 at byte 1 (0xc3): JSON text must be UTF-8")]
    [InlineData(new byte[] { 0x22, 0x41, 0xFF, 0x22 }, "invalid UTF-8 at byte 2 (0xff): JSON text must be UTF-8")]
    [InlineData(new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 }, "invalid UTF-8 at byte 1 (0xed): JSON text must be UTF-8")]
    public void Find_InvalidUtf8InAString_NamesTheByte(byte[] json, string expected)
    {
        Assert.Equal(expected, JsonProblem.Find(json));
    }
}
