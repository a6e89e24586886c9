using System.Text.Json;
using SparkEtl.Aws.Glue;
using SparkEtl.Aws.Tests.Fixtures;
using SparkEtl.TestSupport;
using SparkEtl.TestSupport.Aws;

namespace SparkEtl.Aws.Tests.Glue;

/// <summary>
/// The Glue client against a stand-in that refuses any request breaking the official Glue model, and the official
/// AWS CLI reading back what the client registered.
/// </summary>
public sealed class GlueCatalogClientTests : IClassFixture<GlueStandInFixture>, IDisposable
{
    private readonly GlueStandInFixture _fixture;
    private readonly GlueCatalogClient _client;

    public GlueCatalogClientTests(GlueStandInFixture fixture)
    {
        _fixture = fixture;
        _client = fixture.CreateClient();
    }

    private GlueStandIn Glue => _fixture.Glue;

    public void Dispose()
    {
        _client.Dispose();

        // Whatever a test did, neither side may have broken the Glue model.
        Assert.Empty(Glue.RequestValidationErrors);
        Assert.Empty(Glue.ResponseValidationErrors);
    }

    [Fact]
    public async Task CreateDatabase_ThenGetDatabase_ReturnsIt_AndAMissingOneIsNull()
    {
        var name = TestAws.UniqueName("db");

        await _client.CreateDatabaseAsync(new DatabaseInput { Name = name, Description = "SparkEtl tables", LocationUri = "s3://bucket/warehouse/" }, CancellationToken.None);
        var database = await _client.GetDatabaseAsync(name, CancellationToken.None);

        Assert.NotNull(database);
        Assert.Equal(name, database.Name);
        Assert.Equal("SparkEtl tables", database.Description);
        Assert.Equal("s3://bucket/warehouse/", database.LocationUri);
        Assert.Equal(GlueStandIn.CatalogId, database.CatalogId);
        Assert.NotNull(database.CreateTime);
        Assert.Null(await _client.GetDatabaseAsync(TestAws.UniqueName("nodb"), CancellationToken.None));
    }

    [Fact]
    public async Task CreateTable_ThenGetTable_ReturnsTheDefinitionAsSent()
    {
        var database = await CreateDatabaseAsync();
        var input = TradesTable("trades");

        await _client.CreateTableAsync(database, input, CancellationToken.None);
        var table = await _client.GetTableAsync(database, "trades", CancellationToken.None);

        Assert.NotNull(table);
        Assert.Equal("trades", table.Name);
        Assert.Equal(database, table.DatabaseName);
        Assert.Equal("EXTERNAL_TABLE", table.TableType);
        Assert.Equal(input.Parameters, table.Parameters);
        Assert.Equal(["dt"], table.PartitionKeys!.Select(k => k.Name));
        var sd = table.StorageDescriptor!;
        Assert.Equal(input.StorageDescriptor!.Columns!.Select(c => (c.Name, c.Type)), sd.Columns!.Select(c => (c.Name, c.Type)));
        Assert.Equal("s3://bucket/warehouse/trades/", sd.Location);
        Assert.Equal("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat", sd.InputFormat);
        Assert.Equal("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", sd.SerdeInfo!.SerializationLibrary);
        Assert.Equal("1", sd.SerdeInfo.Parameters!["serialization.format"]);
        Assert.False(sd.Compressed);
        Assert.NotNull(table.CreateTime);
        Assert.Null(await _client.GetTableAsync(database, "missing", CancellationToken.None));
    }

    [Fact]
    public async Task CreateTable_Twice_IsAlreadyExists_NotTransient()
    {
        var database = await CreateDatabaseAsync();
        await _client.CreateTableAsync(database, TradesTable("t"), CancellationToken.None);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => _client.CreateTableAsync(database, TradesTable("t"), CancellationToken.None));

        Assert.Equal("AlreadyExistsException", e.ErrorCode);
        Assert.Equal("Glue", e.Service);
        Assert.Equal("CreateTable", e.Operation);
        Assert.StartsWith("standin-", e.RequestId, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task UpdateTable_ReplacesTheDefinition()
    {
        var database = await CreateDatabaseAsync();
        await _client.CreateTableAsync(database, TradesTable("t"), CancellationToken.None);
        var before = await _client.GetTableAsync(database, "t", CancellationToken.None);
        var changed = TradesTable("t", extraColumn: new Column { Name = "venue", Type = "string", Comment = "added later" });

        await _client.UpdateTableAsync(database, changed, CancellationToken.None);
        var after = await _client.GetTableAsync(database, "t", CancellationToken.None);

        Assert.Equal("venue", after!.StorageDescriptor!.Columns![^1].Name);
        Assert.Equal("added later", after.StorageDescriptor.Columns[^1].Comment);
        Assert.NotEqual(before!.VersionId, after.VersionId);
    }

    [Fact]
    public async Task Partitions_CreateBatchGetAndList()
    {
        var database = await CreateDatabaseAsync();
        await _client.CreateTableAsync(database, TradesTable("t"), CancellationToken.None);
        Glue.PageSize = 2;

        await _client.CreatePartitionAsync(database, "t", Partition("2023-11-14"), CancellationToken.None);
        var errors = await _client.BatchCreatePartitionAsync(database, "t", [Partition("2023-11-15"), Partition("2023-11-14"), Partition("2023-11-16"), Partition("2023-11-17")], CancellationToken.None);
        var one = await _client.GetPartitionAsync(database, "t", ["2023-11-15"], CancellationToken.None);
        var all = await _client.GetPartitionsAsync(database, "t", null, CancellationToken.None);

        var error = Assert.Single(errors);
        Assert.Equal(["2023-11-14"], error.PartitionValues);
        Assert.Equal("AlreadyExistsException", error.ErrorDetail!.ErrorCode);
        Assert.NotNull(one);
        Assert.Equal("s3://bucket/warehouse/t/dt=2023-11-15/", one.StorageDescriptor!.Location);
        Assert.Equal("t", one.TableName);
        Assert.NotNull(one.CreationTime);
        Assert.Equal(["2023-11-14", "2023-11-15", "2023-11-16", "2023-11-17"], all.Select(p => p.Values![0]));
        Assert.Null(await _client.GetPartitionAsync(database, "t", ["1999-01-01"], CancellationToken.None));
    }

    [Fact]
    public async Task BatchCreatePartition_SendsAtMost100PerCall()
    {
        var database = await CreateDatabaseAsync();
        await _client.CreateTableAsync(database, TradesTable("t"), CancellationToken.None);
        var partitions = Enumerable.Range(0, 150).Select(i => Partition(new DateOnly(2023, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var callsBefore = Glue.Operations.Count(o => o == "BatchCreatePartition");

        var errors = await _client.BatchCreatePartitionAsync(database, "t", partitions, CancellationToken.None);

        Assert.Empty(errors);
        Assert.Equal(2, Glue.Operations.Count(o => o == "BatchCreatePartition") - callsBefore);
        Glue.PageSize = 1000;
        Assert.Equal(150, (await _client.GetPartitionsAsync(database, "t", null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task TheAwsCli_ReadsTheTableOurClientRegistered()
    {
        var database = await CreateDatabaseAsync();
        await _client.CreateTableAsync(database, TradesTable("trades"), CancellationToken.None);

        using var output = JsonDocument.Parse(await CliAsync("get-table", "--database-name", database, "--name", "trades"));

        var table = output.RootElement.GetProperty("Table");
        Assert.Equal("trades", table.GetProperty("Name").GetString());
        Assert.Equal(database, table.GetProperty("DatabaseName").GetString());
        Assert.Equal("EXTERNAL_TABLE", table.GetProperty("TableType").GetString());
        Assert.Equal(
            ["ticker_symbol", "sector", "price", "event_time", "shard_id", "sequence_number"],
            table.GetProperty("StorageDescriptor").GetProperty("Columns").EnumerateArray().Select(c => c.GetProperty("Name").GetString()));
        Assert.Equal("timestamp", table.GetProperty("StorageDescriptor").GetProperty("Columns")[3].GetProperty("Type").GetString());
        Assert.Equal("dt", table.GetProperty("PartitionKeys")[0].GetProperty("Name").GetString());
        Assert.Equal("parquet", table.GetProperty("Parameters").GetProperty("classification").GetString());
        // botocore parsed the epoch-seconds timestamp; AWS CLI v1 prints it back as epoch seconds (v2 as ISO-8601).
        var createTime = table.GetProperty("CreateTime");
        var created = createTime.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(createTime.GetDouble() * 1000))
            : DateTimeOffset.Parse(createTime.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task APartitionTheAwsCliCreated_IsReadByOurClient()
    {
        var database = await CreateDatabaseAsync();
        await _client.CreateTableAsync(database, TradesTable("t"), CancellationToken.None);
        var partitionInput = JsonSerializer.Serialize(new
        {
            Values = new[] { "2024-02-29" },
            StorageDescriptor = new { Location = "s3://bucket/warehouse/t/dt=2024-02-29/", Columns = new[] { new { Name = "price", Type = "double" } } },
        });

        await CliAsync("create-partition", "--database-name", database, "--table-name", "t", "--partition-input", partitionInput);
        var partition = await _client.GetPartitionAsync(database, "t", ["2024-02-29"], CancellationToken.None);

        Assert.NotNull(partition);
        Assert.Equal("s3://bucket/warehouse/t/dt=2024-02-29/", partition.StorageDescriptor!.Location);
        Assert.Equal("double", partition.StorageDescriptor.Columns![0].Type);
    }

    private static TableInput TradesTable(string name, Column? extraColumn = null)
    {
        List<Column> columns =
        [
            new() { Name = "ticker_symbol", Type = "string" },
            new() { Name = "sector", Type = "string" },
            new() { Name = "price", Type = "double" },
            new() { Name = "event_time", Type = "timestamp" },
            new() { Name = "shard_id", Type = "string" },
            new() { Name = "sequence_number", Type = "string" },
        ];
        if (extraColumn is not null)
        {
            columns.Add(extraColumn);
        }

        return new TableInput
        {
            Name = name,
            TableType = "EXTERNAL_TABLE",
            Parameters = new Dictionary<string, string> { ["classification"] = "parquet", ["parquet.compression"] = "SNAPPY", ["EXTERNAL"] = "TRUE" },
            PartitionKeys = [new Column { Name = "dt", Type = "string" }],
            StorageDescriptor = new StorageDescriptor
            {
                Columns = columns,
                Location = $"s3://bucket/warehouse/{name}/",
                InputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                OutputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                Compressed = false,
                SerdeInfo = new SerDeInfo
                {
                    SerializationLibrary = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                    Parameters = new Dictionary<string, string> { ["serialization.format"] = "1" },
                },
            },
        };
    }

    private static PartitionInput Partition(string dt) => new()
    {
        Values = [dt],
        StorageDescriptor = new StorageDescriptor
        {
            Location = $"s3://bucket/warehouse/t/dt={dt}/",
            InputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            OutputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            SerdeInfo = new SerDeInfo { SerializationLibrary = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
        },
    };

    private async Task<string> CreateDatabaseAsync()
    {
        var name = TestAws.UniqueName("db");
        await _client.CreateDatabaseAsync(new DatabaseInput { Name = name }, CancellationToken.None);
        return name;
    }

    private async Task<string> CliAsync(params string[] arguments)
    {
        var result = await ChildProcess.RunAsync(
            "aws",
            ["glue", .. arguments, "--endpoint-url", Glue.Endpoint.ToString().TrimEnd('/'), "--output", "json"],
            workingDirectory: Path.GetTempPath(),
            environment: TestAws.CliEnvironment(),
            timeout: TimeSpan.FromMinutes(1));
        return result.EnsureSuccess("aws glue " + arguments[0]).StandardOutput;
    }
}
