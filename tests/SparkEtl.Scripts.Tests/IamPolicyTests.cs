using System.Text.Json;
using System.Text.RegularExpressions;
using SparkEtl.TestSupport;

namespace SparkEtl.Scripts.Tests;

public partial class IamPolicyTests
{
    private static readonly string[] Placeholders =
        ["Partition", "Region", "AccountId", "StreamName", "DataBucket", "DataPrefix", "ArtifactsBucket", "ArtifactsPrefix", "LogsBucket", "LogsPrefix", "Database", "KmsKeyId"];

    public static TheoryData<string> Policies() =>
        [.. Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "conf", "iam"), "*-policy.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static JsonDocument Read(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "conf", "iam", name)));

    private static IEnumerable<string> Values(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()!) : [element.GetString()!];

    [Theory]
    [MemberData(nameof(Policies))]
    public void Policy_AllowsNamedActionsOnScopedResourcesOnly(string name)
    {
        using var policy = Read(name);

        Assert.Equal("2012-10-17", policy.RootElement.GetProperty("Version").GetString());
        foreach (var statement in policy.RootElement.GetProperty("Statement").EnumerateArray())
        {
            Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
            Assert.All(Values(statement.GetProperty("Action")), action =>
            {
                Assert.Matches("^[a-z0-9]+:[A-Za-z]+$", action);
                Assert.DoesNotContain("*", action, StringComparison.Ordinal);
            });
            Assert.All(Values(statement.GetProperty("Resource")), resource =>
            {
                Assert.StartsWith("arn:${Partition}:", resource, StringComparison.Ordinal);
                // A wildcard only as the last segment after a named stream, prefix, database or consumer.
                Assert.Matches(@"^arn:\$\{Partition\}:(kinesis|s3|glue|kms):[^*]*[A-Za-z}](/\*|:\*)?$", resource);
            });
            Assert.False(statement.TryGetProperty("NotAction", out _));
            Assert.False(statement.TryGetProperty("NotResource", out _));
        }
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Policy_UsesOnlyTheDocumentedPlaceholders(string name)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "conf", "iam", name));

        Assert.All(Placeholder().Matches(text), m => Assert.Contains(m.Groups[1].Value, Placeholders));
    }

    [Fact]
    public void JobPolicy_ReadsOnlyTheStreamWritesOnlyTheDataPrefixesAndRegistersOnlyTheDatabase()
    {
        using var policy = Read("sparketl-emr-job-policy.json");
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        var actions = statements.SelectMany(s => Values(s.GetProperty("Action"))).ToList();

        Assert.DoesNotContain(actions, a => a.StartsWith("dynamodb:", StringComparison.Ordinal) || a.StartsWith("kms:", StringComparison.Ordinal));
        Assert.Equal(["kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
            actions.Where(a => a.StartsWith("kinesis:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var writes = statements.Where(s => Values(s.GetProperty("Action")).Contains("s3:PutObject")).SelectMany(s => Values(s.GetProperty("Resource")));
        Assert.Equal(
        [
            "arn:${Partition}:s3:::${DataBucket}/${DataPrefix}/checkpoint/*",
            "arn:${Partition}:s3:::${DataBucket}/${DataPrefix}/warehouse/*",
            "arn:${Partition}:s3:::${LogsBucket}/${LogsPrefix}/*",
        ], writes.Order(StringComparer.Ordinal));
        var glueWrites = statements.Where(s => Values(s.GetProperty("Action")).Contains("glue:CreateTable")).SelectMany(s => Values(s.GetProperty("Resource")));
        Assert.All(glueWrites, r => Assert.Matches(@":(catalog|database/\$\{Database\}|table/\$\{Database\}/\*)$", r));
    }

    /// <summary>
    /// The Spark job's Iceberg path (table.format=iceberg) calls Glue through Iceberg's GlueCatalog (1.7.1: GetDatabase and
    /// CreateDatabase for CREATE NAMESPACE; GetTable, CreateTable and UpdateTable with the table's VersionId for tables and
    /// commits; no lock table, no DeleteTable without Lake Formation) and S3 through S3FileIO (get, put, multipart, delete
    /// of the warehouse's objects). The job policy grants all of it already; nothing is added for Iceberg.
    /// </summary>
    [Fact]
    public void JobPolicy_GrantsWhatIcebergsGlueCatalogAndS3FileIoCall()
    {
        using var policy = Read("sparketl-emr-job-policy.json");
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        bool Grants(string action, string resource) =>
            statements.Any(s => Values(s.GetProperty("Action")).Contains(action) && Values(s.GetProperty("Resource")).Contains(resource));

        Assert.All(["glue:GetDatabase", "glue:CreateDatabase"], a => Assert.True(Grants(a, "arn:${Partition}:glue:${Region}:${AccountId}:database/${Database}"), a));
        Assert.All(["glue:GetTable", "glue:CreateTable", "glue:UpdateTable"], a => Assert.True(Grants(a, "arn:${Partition}:glue:${Region}:${AccountId}:table/${Database}/*"), a));
        Assert.All(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            a => Assert.True(Grants(a, "arn:${Partition}:s3:::${DataBucket}/${DataPrefix}/warehouse/*"), a));
    }

    [Fact]
    public void KmsPolicy_IsSeparateAndLimitedToS3()
    {
        using var policy = Read("sparketl-emr-job-kms-policy.json");
        var statement = Assert.Single(policy.RootElement.GetProperty("Statement").EnumerateArray());

        Assert.Equal(["kms:Decrypt", "kms:GenerateDataKey"], Values(statement.GetProperty("Action")).Order(StringComparer.Ordinal));
        Assert.Equal("s3.${Region}.amazonaws.com", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("kms:ViaService").GetString());
    }

    [Fact]
    public void TrustPolicy_LetsOnlyEc2AssumeTheRole()
    {
        using var trust = Read("sparketl-emr-job-trust.json");
        var statement = Assert.Single(trust.RootElement.GetProperty("Statement").EnumerateArray());

        Assert.Equal("ec2.amazonaws.com", statement.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal("sts:AssumeRole", statement.GetProperty("Action").GetString());
    }

    [GeneratedRegex(@"\$\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
