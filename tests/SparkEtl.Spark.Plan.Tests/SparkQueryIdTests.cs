using SparkEtl.Core;
using SparkEtl.TestSupport;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Spark.Plan.Tests;

public class SparkQueryIdTests
{
    private static readonly Guid First = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static readonly Guid Second = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    [Fact]
    public async Task FirstRun_MakesTheIdAndKeepsItInTheCheckpoint_LaterRunsGetTheSameId()
    {
        using var folder = new TempDirectory("sparketl-query-id");
        var checkpoint = new LocalObjectStore(folder.Path);
        var settings = SparkJobSettings.Bind(("warehouse", folder.Combine("warehouse")), ("table.format", "iceberg"));

        var made = await SparkQueryId.ResolveAsync(checkpoint, settings, () => First, CancellationToken.None);
        var again = await SparkQueryId.ResolveAsync(checkpoint, settings, () => Second, CancellationToken.None);

        Assert.Equal((First.ToString(), First.ToString()), (made, again));
        var metadata = await new CheckpointLog(checkpoint).ReadMetadataAsync(CancellationToken.None);
        Assert.Equal(First.ToString(), metadata!.Id);
        Assert.Equal("iceberg", metadata.Fingerprint["table.format"]);
    }

    [Fact]
    public async Task ACheckpointMadeWithTheOtherFormat_IsRefusedNamingTableFormat()
    {
        using var folder = new TempDirectory("sparketl-query-id");
        var checkpoint = new LocalObjectStore(folder.Path);
        await SparkQueryId.ResolveAsync(checkpoint, SparkJobSettings.Bind(("warehouse", folder.Combine("warehouse"))), () => First, CancellationToken.None);

        var e = await Assert.ThrowsAsync<ConfigurationException>(() => SparkQueryId.ResolveAsync(
            checkpoint, SparkJobSettings.Bind(("warehouse", folder.Combine("warehouse")), ("table.format", "iceberg")), () => Second, CancellationToken.None));

        Assert.Equal(("table.format", "iceberg"), (e.Setting, e.Value));
        Assert.Contains("parquet", e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMetadataFileAnotherDriverMade_GivesItsId()
    {
        using var folder = new TempDirectory("sparketl-query-id");
        var checkpoint = new LocalObjectStore(folder.Path);
        await new CheckpointLog(checkpoint).TryCreateMetadataAsync(new CheckpointMetadata("made-elsewhere", new SortedDictionary<string, string>(StringComparer.Ordinal)), CancellationToken.None);

        var id = await SparkQueryId.ResolveAsync(checkpoint, SparkJobSettings.Bind(("warehouse", folder.Combine("warehouse"))), () => First, CancellationToken.None);

        Assert.Equal("made-elsewhere", id);
    }
}
