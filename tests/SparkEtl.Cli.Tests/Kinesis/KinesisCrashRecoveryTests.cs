using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests.Kinesis;

/// <summary>
/// A run reading a Kinesis stream is killed at exact points and started again: the warehouse ends up file for file
/// and byte for byte what an uninterrupted run writes, so batches read again from the stream (from their
/// checkpointed shard positions) hold exactly the records they held the first time, in the same order.
/// </summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisCrashRecoveryTests
{
    private readonly KinesaliteFixture _kinesalite;

    public KinesisCrashRecoveryTests(KinesaliteFixture kinesalite)
    {
        _kinesalite = kinesalite;
    }

    [Theory]
    [InlineData("after-offsets:0")]
    [InlineData("after-files:2")]
    [InlineData("after-commit:1")]
    public async Task KilledAndRestarted_TheWarehouseEqualsAnUninterruptedRunsByteForByte(string fault)
    {
        using var folder = new TempDirectory();
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 3);
        var produce = await SparkEtlProcess.RunAsync(_kinesalite.Environment(),
            "produce", "--stream", stream, "--shape", "cloudwatch", "--count", "3000", "--rate", "0", "--set", "demo.startTime=2024-03-15T14:30:00Z", "--set", "demo.ratePerSecond=20");
        Assert.True(produce.ExitCode == 0, produce.StandardError);
        string[] Args(string warehouse) =>
            ["run", "--source", $"kinesis:{stream}", "--warehouse", warehouse, "--set", "batch.maxRecordsPerShard=12", "--set", "window.watermarkDelay=20s", "--quiet"];

        var reference = await SparkEtlProcess.RunAsync(_kinesalite.Environment(), Args(folder.Combine("reference")));
        var environment = _kinesalite.Environment();
        environment["SPARKETL_FAULT"] = fault;
        var killed = await SparkEtlProcess.RunAsync(environment, Args(folder.Combine("crashed")));
        var restarted = await SparkEtlProcess.RunAsync(_kinesalite.Environment(), Args(folder.Combine("crashed")));

        Assert.True(reference.ExitCode == 0, reference.StandardError);
        Assert.NotEqual(0, killed.ExitCode);
        Assert.True(restarted.ExitCode == 0, restarted.StandardError);
        if (!fault.StartsWith("after-commit", StringComparison.Ordinal))
        {
            // The batch the kill left uncommitted was read again from the stream, not planned anew.
            var batch = long.Parse(fault[(fault.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var progress = File.ReadAllText(folder.Combine("crashed", "_checkpoint", "progress", $"{batch}.json"));
            Assert.Contains("\"replayed\":true", progress, StringComparison.Ordinal);
        }

        var expected = SparkEtlChild.VisibleDataFiles(folder.Combine("reference"));
        Assert.True(expected.Count > 5, $"only {expected.Count} files");
        Assert.Equal(expected, SparkEtlChild.VisibleDataFiles(folder.Combine("crashed")));
    }
}
