using SparkEtl.Aws.Internal;

namespace SparkEtl.Aws.Tests.Internal;

public sealed class ListingPrefixTests
{
    [Theory]
    [InlineData("")]
    [InlineData("trades/")]
    [InlineData("offsets/00")]
    [InlineData("trades/dt=2023-11-14/")]
    public void Validate_AcceptsFoldersAndPartialNames(string prefix) => ListingPrefix.Validate(prefix, "prefix");

    [Theory]
    [InlineData("/")]
    [InlineData("../")]
    [InlineData("a//")]
    [InlineData("/a")]
    [InlineData("a/../b/")]
    [InlineData("a\\b")]
    public void Validate_RejectsEscapes(string prefix) =>
        Assert.Throws<ArgumentException>(() => ListingPrefix.Validate(prefix, "prefix"));
}
