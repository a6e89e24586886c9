using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Tables;
using SparkEtl.Iceberg.Catalog;
using SparkEtl.Warehouse.Storage;
using SparkEtl.TestSupport;

namespace SparkEtl.Iceberg.Tests;

/// <summary>
/// The metadata JSON, a manifest and a manifest list written from a fixed input (fixed ids, times and uuids) must
/// equal tests/data/iceberg byte for byte, so format drift fails here. Set SPARKETL_REGENERATE_GOLDEN=1 to rewrite
/// them deliberately (see tests/data/iceberg/README.md).
/// </summary>
public sealed class GoldenFileTests : IDisposable
{
    private static readonly ParquetSettings Parquet = new(ParquetCompression.Snappy, 128L * 1024 * 1024, 1024 * 1024, 4);

    private readonly TempDirectory _temp = new("iceberg-golden");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task FixedInput_MetadataManifestAndManifestList_EqualTheGoldenFiles()
    {
        var store = new LocalObjectStore(_temp.Path);
        var layout = IcebergTableLayout.For(SparkEtlTables.Trades, "event_time", "s3://golden-bucket/warehouse");
        var uuid = 0;
        var snapshot = 1_000_000_000_000_000_000L;
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_100_000));
        var table = new IcebergTable(store, layout, new FileSystemIcebergCatalog(store, layout.KeyPrefix), new IcebergTableOptions
        {
            Clock = clock,
            NewSnapshotId = () => ++snapshot,
            NewUuid = () => new Guid(++uuid, 0x1ceb, 0x4e2b, 0, 0, 0, 0, 0, 0, 0, 0),
        });

        for (var batch = 0; batch < 2; batch++)
        {
            var files = await table.WriteBatchAsync(SparkEtlTables.Trades, TradeRows.Batch(batch, 6), batch, Parquet, CancellationToken.None);
            await table.CommitBatchAsync(files, "golden-query", batch, CancellationToken.None);
            clock.Now += TimeSpan.FromMinutes(1);
        }

        var state = await table.LoadAsync(CancellationToken.None);
        var manifestList = layout.KeyOf(state!.Metadata.CurrentSnapshot!.ManifestList);
        var manifest = layout.KeyOf((await table.ReadManifestListAsync(state.Metadata.CurrentSnapshot, CancellationToken.None))[0].ManifestPath);
        var actual = new Dictionary<string, byte[]>
        {
            ["v2.metadata.json"] = File.ReadAllBytes(store.PathOf(state.Pointer.MetadataKey)),
            ["manifest.avro"] = File.ReadAllBytes(store.PathOf(manifest)),
            ["manifest-list.avro"] = File.ReadAllBytes(store.PathOf(manifestList)),
        };

        var folder = Path.Combine(RepositoryPaths.TestData, "iceberg");
        if (Environment.GetEnvironmentVariable("SPARKETL_REGENERATE_GOLDEN") == "1")
        {
            foreach (var (name, bytes) in actual)
            {
                File.WriteAllBytes(Path.Combine(folder, name), bytes);
            }
        }

        foreach (var (name, bytes) in actual)
        {
            var golden = File.ReadAllBytes(Path.Combine(folder, name));
            Assert.True(golden.AsSpan().SequenceEqual(bytes), $"{name} drifted from tests/data/iceberg/{name} ({bytes.Length} bytes written, {golden.Length} golden).");
        }
    }
}
