using SparkEtl.Soak.Internal;

namespace SparkEtl.Soak.Tests;

public sealed class BatchProgressTests
{
    // A progress record as sparketl prints it with --progress json (trimmed to the members the soak reads, and a few beside them).
    private const string Line = """
        {"id":"478fc30f","runId":"077e5566","name":"sparketl","timestamp":"2026-12-01T04:48:27.818Z","batchId":5,"numInputRows":92,"eventTime":{"avg":"2026-12-01T04:48:20.100Z","max":"2026-12-01T04:48:26.120Z","min":"2026-12-01T04:48:10.003Z","watermark":"2026-12-01T04:47:55.120Z"},"sources":[{"description":"kinesis:soak-tickers","startOffset":null,"endOffset":{"shardId-000000000000":"seq:4968072719","shardId-000000000001":"seq:4968072720","startingPosition":"trim"},"numInputRows":92,"metrics":{"millisBehindLatest.shardId-000000000000":0}}],"sink":{"description":"s3://soak/w","numOutputRows":400,"numFiles":2,"numLeftoversDeleted":3},"replayed":true}
        """;

    [Fact]
    public void TryParse_ReadsTheBatchItsOffsetsAndItsWatermark()
    {
        var progress = BatchProgress.TryParse(Line);

        Assert.NotNull(progress);
        Assert.Equal(5, progress.BatchId);
        Assert.True(progress.Replayed);
        Assert.Equal(3, progress.LeftoversDeleted);
        Assert.Equal("seq:4968072720", progress.EndOffsets["shardId-000000000001"]);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T04:47:55.120Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), progress.WatermarkMs);
    }

    [Fact]
    public void HasRead_NeedsEveryShardAtItsLastSequenceNumber()
    {
        var progress = BatchProgress.TryParse(Line)!;

        Assert.True(progress.HasRead(new Dictionary<string, string> { ["shardId-000000000000"] = "4968072719", ["shardId-000000000001"] = "4968072720" }));
        Assert.False(progress.HasRead(new Dictionary<string, string> { ["shardId-000000000000"] = "4968072719", ["shardId-000000000001"] = "4968072721" }));
        Assert.False(progress.HasRead(new Dictionary<string, string> { ["shardId-000000000002"] = "1" }));
    }

    [Theory]
    [InlineData("sparketl run: failed: S3 GetObject failed")]
    [InlineData("{\"not\":\"progress\"}")]
    [InlineData("{broken")]
    public void TryParse_IsNullForOtherLines(string line) => Assert.Null(BatchProgress.TryParse(line));
}
