using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests.Kinesis;

/// <summary>What a run on a stream logs: idle triggers while nothing comes, and never an AWS secret.</summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisLoggingTests(KinesaliteFixture kinesalite)
{
    private const string AccessKeyId = "AKIASPARKETLTESTKEY7Q";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiSPARKETLSECRET";
    private const string SessionToken = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHSPARKETLSESSIONTOKEN";

    [Fact]
    public async Task IdleStream_WithAnIntervalTrigger_ReportsIdleTriggersAsTheyHappen()
    {
        using var folder = new TempDirectory();
        var stream = await kinesalite.CreateStreamAsync(shardCount: 1);
        using var job = SparkEtlProcess.Start(kinesalite.Environment(),
            "run", "--source", $"kinesis:{stream}", "--warehouse", folder.Combine("w"), "--trigger", "interval:200ms", "--log-format", "json");

        var idle = await job.WaitForLineAsync(l => l.Contains("\"event\":\"TriggerIdle\"", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var stopped = await job.StopAsync();

        Assert.True(stopped.ExitCode == 0, stopped.StandardError);
        var entry = JsonDocument.Parse(idle).RootElement;
        Assert.Equal(1003, entry.GetProperty("eventId").GetInt32());
        Assert.Equal(0, entry.GetProperty("nextBatchId").GetInt64());
        Assert.Equal("-", entry.GetProperty("watermark").GetString());
        Assert.Contains("\"event\":\"StopRequested\"", stopped.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialsInTheEnvironment_AreNeverWritten_WhateverTheCommandLevelOrFailure()
    {
        using var folder = new TempDirectory();
        var stream = await kinesalite.CreateStreamAsync(shardCount: 2);
        var environment = kinesalite.Environment();
        environment["AWS_ACCESS_KEY_ID"] = AccessKeyId;
        environment["AWS_SECRET_ACCESS_KEY"] = SecretKey;
        environment["AWS_SESSION_TOKEN"] = SessionToken;
        var warehouse = folder.Combine("w");
        string[][] commands =
        [
            ["produce", "--stream", stream, "--count", "300", "--rate", "0", "--log-level", "trace", "--verbose"],
            ["run", "--source", $"kinesis:{stream}", "--warehouse", warehouse, "--log-level", "trace", "--log-format", "json", "--verbose"],
            ["run", "--source", $"kinesis:{stream}", "--warehouse", folder.Combine("w2"), "--log-level", "trace", "--progress", "live", "--verbose"],
            ["inspect", "--source", $"kinesis:{stream}", "--limit", "3", "--json", "--log-level", "trace"],
            ["capture", "--stream", stream, "--out", folder.Combine("c.jsonl"), "--log-level", "trace"],
            ["status", "--warehouse", warehouse, "--log-level", "trace"],
            ["settings", "--log-level", "trace"],
            ["run", "--source", "kinesis:no-such-stream", "--warehouse", folder.Combine("w3"), "--verbose", "--log-format", "json"],
            ["run", "--source", $"kinesis:{stream}", "--warehouse", folder.Combine("c.jsonl"), "--verbose"],
        ];

        var outputs = new List<string>();
        foreach (var args in commands)
        {
            var result = await SparkEtlProcess.RunAsync(environment, args);
            outputs.Add($"$ sparketl {string.Join(' ', args)} -> {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        }

        var all = string.Join('\n', outputs);
        Assert.Contains("-> 0", outputs[1], StringComparison.Ordinal);
        Assert.Contains("-> 2", outputs[7], StringComparison.Ordinal);
        Assert.Contains("-> 1", outputs[8], StringComparison.Ordinal);
        Assert.Contains("   at ", outputs[8], StringComparison.Ordinal);
        foreach (var secret in new[] { AccessKeyId, SecretKey, SessionToken, SecretKey[..20], SessionToken[..24] })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }
}
