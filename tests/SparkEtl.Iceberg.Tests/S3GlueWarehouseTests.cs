using Amazon.Runtime;
using SparkEtl.Aws;
using SparkEtl.Aws.Glue;
using SparkEtl.Aws.S3;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;
using SparkEtl.Iceberg.Catalog;
using SparkEtl.TestSupport;
using SparkEtl.TestSupport.Aws;

namespace SparkEtl.Iceberg.Tests;

/// <summary>An Iceberg warehouse on S3 (s3rver) with its pointer in Glue (the stand-in checked against botocore's model), read back by icebird over HTTP.</summary>
public sealed class S3GlueWarehouseTests : IAsyncLifetime
{
    private static readonly ParquetSettings Parquet = new(ParquetCompression.Snappy, 128L * 1024 * 1024, 1024 * 1024, 25);
    private static readonly BasicAWSCredentials S3rverCredentials = new("S3RVER", "S3RVER");

    private readonly TempDirectory _s3Folder = new("iceberg-s3rver");
    private LocalServiceProcess? _s3rver;
    private GlueStandIn? _glue;
    private S3ObjectStore? _store;
    private GlueCatalogClient? _glueClient;

    public async Task InitializeAsync()
    {
        _s3rver = await LocalServiceProcess.StartS3rverAsync(_s3Folder.Path);
        _glue = GlueStandIn.Start();
        using var s3 = new Amazon.S3.AmazonS3Client(S3rverCredentials, new Amazon.S3.AmazonS3Config { ServiceURL = _s3rver.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await s3.PutBucketAsync("warehouse");
        _store = new S3ObjectStore(new S3ObjectStoreOptions { Root = "s3://warehouse/iceberg", Aws = Options(_s3rver.Endpoint, S3rverCredentials) });
        _glueClient = new GlueCatalogClient(Options(_glue.Endpoint, new BasicAWSCredentials("AKIDEXAMPLE", "secret")));
        await _glueClient.CreateDatabaseAsync(new DatabaseInput { Name = "lake" }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _glueClient?.Dispose();
        _store?.Dispose();
        if (_glue is not null)
        {
            await _glue.DisposeAsync();
        }

        if (_s3rver is not null)
        {
            await _s3rver.DisposeAsync();
        }

        _s3Folder.Dispose();
    }

    [Fact]
    public async Task BatchesAndAReplay_GlueHoldsTheIcebergPointer_IcebirdReadsEveryRowOnceFromS3()
    {
        var layout = IcebergTableLayout.For(SparkEtlTables.Trades, "event_time", _store!.Root);
        var table = new IcebergTable(_store, layout, new GlueIcebergCatalog(_glueClient!, "lake", _store, layout));
        var batches = Enumerable.Range(0, 3).Select(b => TradeRows.Batch(b, 20)).ToList();
        for (var b = 0; b < batches.Count; b++)
        {
            var files = await table.WriteBatchAsync(SparkEtlTables.Trades, batches[b], b, Parquet, CancellationToken.None);
            Assert.True((await table.CommitBatchAsync(files, "q-s3", b, CancellationToken.None)).Committed);
        }

        Assert.False((await table.CommitBatchAsync([], "q-s3", 1, CancellationToken.None)).Committed);

        var glueTable = await _glueClient!.GetTableAsync("lake", "trades", CancellationToken.None);
        Assert.Equal("ICEBERG", glueTable!.Parameters!["table_type"]);
        var state = await table.LoadAsync(CancellationToken.None);
        Assert.Equal(layout.LocationOf(state!.Pointer.MetadataKey), glueTable.Parameters["metadata_location"]);
        Assert.StartsWith(layout.Location + "/metadata/00002-", glueTable.Parameters["previous_metadata_location"], StringComparison.Ordinal);
        Assert.Empty(_glue!.RequestValidationErrors);
        Assert.Empty(_glue.ResponseValidationErrors);

        // icebird follows version-hint.text; Glue tables have none, so it is given the metadata file Glue points at.
        var metadataFile = glueTable.Parameters["metadata_location"][(layout.Location.Length + "/metadata/".Length)..];
        var read = await Icebird.ReadAsync(layout.Location, metadataFile, _s3rver!.Endpoint);
        Assert.Equal(Expected(batches), read.Rows.Select(TradeRows.Line).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RacingWritersThroughGlue_StaleVersionIdLoses_RetriesOnTheNewBase_NoRowLostOrDoubled()
    {
        var layout = IcebergTableLayout.For(SparkEtlTables.Trades, "event_time", _store!.Root);
        var writers = Enumerable.Range(0, 2).Select(_ => new IcebergTable(_store, layout, new GlueIcebergCatalog(_glueClient!, "lake", _store, layout))).ToList();
        var batches = Enumerable.Range(0, 6).Select(b => TradeRows.Batch(b, 8)).ToList();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var b = w; b < batches.Count; b += 2)
            {
                var files = await writers[w].WriteBatchAsync(SparkEtlTables.Trades, batches[b], b, Parquet, CancellationToken.None);
                await writers[w].CommitBatchAsync(files, "q-glue-" + w, b, CancellationToken.None);
            }
        })));

        var state = await writers[0].LoadAsync(CancellationToken.None);
        Assert.Equal(6, state!.Metadata.CurrentAncestry().Count());
        var live = await writers[0].LiveEntriesAsync(state.Metadata.CurrentSnapshot!, CancellationToken.None);
        Assert.Equal(batches.Sum(b => b.Count), live.Sum(e => e.DataFile.RecordCount));
        Assert.Empty(_glue!.RequestValidationErrors);

        var metadataFile = state.Pointer.MetadataKey[(layout.MetadataPrefix.Length)..];
        var read = await Icebird.ReadAsync(layout.Location, metadataFile, _s3rver!.Endpoint);
        Assert.Equal(Expected(batches), read.Rows.Select(TradeRows.Line).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UpdateTable_StaleVersionId_IsRefusedAsGlueRefusesIt()
    {
        var input = new TableInput { Name = "t", TableType = "EXTERNAL_TABLE", Parameters = new Dictionary<string, string> { ["table_type"] = "ICEBERG" } };
        await _glueClient!.CreateTableAsync("lake", input, CancellationToken.None);
        var version = (await _glueClient.GetTableAsync("lake", "t", CancellationToken.None))!.VersionId;
        await _glueClient.UpdateTableAsync("lake", input, version, CancellationToken.None);

        var stale = await Assert.ThrowsAsync<AwsServiceException>(() => _glueClient.UpdateTableAsync("lake", input, version, CancellationToken.None));
        Assert.Equal("ConcurrentModificationException", stale.ErrorCode);
    }

    private static AwsClientOptions Options(Uri endpoint, AWSCredentials credentials) => new()
    {
        Endpoint = endpoint,
        Region = "us-east-1",
        Credentials = credentials,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
    };

    private static IEnumerable<string> Expected(IEnumerable<IReadOnlyList<Trade>> batches) =>
        batches.SelectMany(b => b).Select(TradeRows.Line).Order(StringComparer.Ordinal);
}
