using SparkEtl.Cli.Tests.Kinesis;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>No secret ends up in what a run prints or keeps: standard output and error, progress records, the checkpoint, the settings listing.</summary>
[Collection(KinesaliteCollection.Name)]
public sealed class SecretsTests(KinesaliteFixture kinesalite)
{
    private const string SecretKey = "sEcReT/ProbeValue+7f3a9c21d0e4b58";
    private const string SessionToken = "SessionTokenProbe-0b7c2e91f4a3";

    [Fact]
    public async Task Credentials_NeverAppearInOutputProgressCheckpointOrSettings()
    {
        using var folder = new TempDirectory();
        var stream = await kinesalite.CreateStreamAsync(shardCount: 1);
        var environment = kinesalite.Environment();
        environment["AWS_SECRET_ACCESS_KEY"] = SecretKey;
        environment["AWS_SESSION_TOKEN"] = SessionToken;
        var warehouse = folder.Combine("w");

        var produce = await SparkEtlProcess.RunAsync(environment, ["produce", "--stream", stream, "--count", "200", "--rate", "0"]);
        var run = await SparkEtlProcess.RunAsync(environment, ["run", "--source", $"kinesis:{stream}", "--warehouse", warehouse, "--progress", "json"]);
        var settings = await SparkEtlProcess.RunAsync(environment, ["settings", "--source", $"kinesis:{stream}", "--warehouse", warehouse]);
        var refused = await SparkEtlProcess.RunAsync(environment, ["run", "--source", "kinesis:no-such-stream", "--warehouse", folder.Combine("other")]);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(2, refused.ExitCode);
        var printed = string.Join("\n", new[] { produce, run, settings, refused }.SelectMany(r => new[] { r.StandardOutput, r.StandardError }));
        var kept = string.Join("\n", Directory.EnumerateFiles(warehouse, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".parquet", StringComparison.Ordinal)).Select(File.ReadAllText));
        Assert.Contains("\"batchId\"", printed, StringComparison.Ordinal);
        Assert.Contains("\"batchId\"", kept, StringComparison.Ordinal);
        foreach (var secret in new[] { SecretKey, SessionToken, "ProbeValue", "SessionTokenProbe" })
        {
            Assert.DoesNotContain(secret, printed, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, kept, StringComparison.Ordinal);
        }
    }
}
