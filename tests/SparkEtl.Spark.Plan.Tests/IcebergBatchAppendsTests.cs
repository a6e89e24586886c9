using SparkEtl.Core;
using SparkEtl.Spark.Plan.Tests.Support;

namespace SparkEtl.Spark.Plan.Tests;

/// <summary>
/// The driver's Iceberg appends of a batch, against stand-in tables: each keeps its snapshots as Iceberg's metadata tables
/// show them (queried with DuckDB), and an append adds one whose summary holds the <c>snapshot-property.</c> write options,
/// as Iceberg's Spark writer does.
/// </summary>
public class IcebergBatchAppendsTests
{
    private const string QueryId = "5b0c3f9e-7d2a-4c1e-9f6b-0a8d2e4c6b1f";

    private static readonly IReadOnlyList<IcebergSparkTable> Tables = IcebergSparkTables.For(
        SparkJobSettings.Bind(("warehouse", "s3://example-data/warehouse"), ("catalog.mode", "glue"), ("table.format", "iceberg")));

    private static readonly Dictionary<string, long> Rows = new() { ["trades"] = 10, ["ohlc_1m"] = 0, ["errors"] = 2 };

    [Fact]
    public void FirstAttempt_AppendsEachTableWithRowsOnce_StampedWithTheQueryAndBatch()
    {
        var spark = new TablesInSpark(Rows);

        var outcomes = new IcebergBatchAppends(Tables, QueryId).Run(7, Rows, spark);

        Assert.Equal(
            [("trades", IcebergAppendOutcome.Appended, 10L), ("ohlc_1m", IcebergAppendOutcome.NoRows, 0L), ("errors", IcebergAppendOutcome.Appended, 2L)],
            outcomes.Select(o => (o.Table, o.Outcome, o.Snapshot?.Records ?? 0)));
        Assert.Equal(["trades", "errors"], spark.Appends.Select(a => a.Table));
        Assert.All(spark.Appends, a => Assert.Equal(IcebergSparkTable.WriteOptions(QueryId, 7), a.Options));
        Assert.Equal(spark.Snapshots["trades"].Single().Id, outcomes[0].Snapshot!.SnapshotId);
    }

    [Fact]
    public void Replay_AfterTheDriverDiedBetweenTables_AppendsOnlyTheTableThatLacksTheBatch_AndASecondReplayNothing()
    {
        var spark = new TablesInSpark(Rows);
        spark.Commit("trades", QueryId, 7, isCurrentAncestor: true);
        var appends = new IcebergBatchAppends(Tables, QueryId);

        var replay = appends.Run(7, Rows, spark);
        var again = appends.Run(7, Rows, spark);

        Assert.Equal([IcebergAppendOutcome.AlreadyCommitted, IcebergAppendOutcome.NoRows, IcebergAppendOutcome.Appended], replay.Select(o => o.Outcome));
        Assert.Equal(spark.Snapshots["trades"].Single().Id, replay[0].Snapshot!.SnapshotId);
        Assert.Equal([IcebergAppendOutcome.AlreadyCommitted, IcebergAppendOutcome.NoRows, IcebergAppendOutcome.AlreadyCommitted], again.Select(o => o.Outcome));
        Assert.Equal(["errors"], spark.Appends.Select(a => a.Table));
        Assert.Single(spark.Snapshots["errors"]);
    }

    [Theory]
    [InlineData(QueryId, 7, false)]
    [InlineData(QueryId, 6, true)]
    [InlineData("another-query", 7, true)]
    public void ASnapshotRolledBack_OrOfAnotherBatchOrQuery_DoesNotCount(string queryId, long batchId, bool isCurrentAncestor)
    {
        var spark = new TablesInSpark(Rows);
        spark.Commit("trades", queryId, batchId, isCurrentAncestor);

        var outcomes = new IcebergBatchAppends(Tables, QueryId).Run(7, Rows, spark);

        Assert.Equal(IcebergAppendOutcome.Appended, outcomes[0].Outcome);
        Assert.Equal(2, spark.Snapshots["trades"].Count);
    }

    [Fact]
    public void AnAppendWhoseSnapshotDoesNotCarryTheIds_FailsTheBatch_NamingTheTable()
    {
        var spark = new TablesInSpark(Rows) { StampsSummary = false };

        var e = Assert.Throws<InvalidOperationException>(() => new IcebergBatchAppends(Tables, QueryId).Run(7, Rows, spark));

        Assert.Contains("glue_catalog.`sparketl`.`trades`", e.Message, StringComparison.Ordinal);
        Assert.Contains("snapshot-property.", e.Message, StringComparison.Ordinal);
        Assert.Equal(["trades"], spark.Appends.Select(a => a.Table));
    }

    [Fact]
    public void ABatchTwiceInTheChain_IsReportedAndNothingIsAppended()
    {
        var spark = new TablesInSpark(Rows);
        var first = spark.Commit("trades", QueryId, 7, isCurrentAncestor: true);
        var second = spark.Commit("trades", QueryId, 7, isCurrentAncestor: true);

        var e = Assert.Throws<InvalidOperationException>(() => new IcebergBatchAppends(Tables, QueryId).Run(7, Rows, spark));

        Assert.Contains($"({first}, {second})", e.Message, StringComparison.Ordinal);
        Assert.Empty(spark.Appends);
    }

    [Fact]
    public void AFailedAppend_NamesTheTable_AndStopsBeforeTheNext()
    {
        var spark = new TablesInSpark(Rows) { AppendFailure = new IOException("S3 said no") };

        var e = Assert.Throws<SparkEtlException>(() => new IcebergBatchAppends(Tables, QueryId).Run(7, Rows, spark));

        Assert.Equal("Appending batch 7 to glue_catalog.`sparketl`.`trades` failed", e.Message);
        Assert.Same(spark.AppendFailure, e.InnerException);
        Assert.Equal(["trades"], spark.Appends.Select(a => a.Table));
    }

    [Fact]
    public void NoRowsAnywhere_AsksSparkNothing()
    {
        var spark = new TablesInSpark(Rows);

        var outcomes = new IcebergBatchAppends(Tables, QueryId).Run(7, new Dictionary<string, long>(), spark);

        Assert.All(outcomes, o => Assert.Equal(IcebergAppendOutcome.NoRows, o.Outcome));
        Assert.Empty(spark.Queries);
        Assert.Empty(spark.Appends);
    }

    /// <summary>The job's Iceberg tables as the driver sees them through Spark.</summary>
    private sealed class TablesInSpark(IReadOnlyDictionary<string, long> rows) : IIcebergSparkSession
    {
        private long _nextSnapshotId = 1_000;

        public Dictionary<string, List<MetadataTables.Snapshot>> Snapshots { get; } = Tables.ToDictionary(t => t.Name, _ => new List<MetadataTables.Snapshot>());

        public List<(string Table, IReadOnlyDictionary<string, string> Options)> Appends { get; } = [];

        public List<string> Queries { get; } = [];

        /// <summary>False for a runtime that does not copy <c>snapshot-property.</c> options into the summary.</summary>
        public bool StampsSummary { get; init; } = true;

        public long Commit(string table, string queryId, long batchId, bool isCurrentAncestor)
        {
            var id = _nextSnapshotId++;
            Snapshots[table].Add(new MetadataTables.Snapshot(id, MetadataTables.AppendSummary(rows[table], new Dictionary<string, string>
            {
                [IcebergSparkTable.QueryIdKey] = queryId,
                [IcebergSparkTable.BatchIdKey] = batchId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }), isCurrentAncestor));
            return id;
        }

        public IReadOnlyList<IReadOnlyList<object?>> Query(string sql)
        {
            Queries.Add(sql);
            var table = Tables.Single(t => sql.Contains(t.Identifier + ".", StringComparison.Ordinal));
            var local = sql.Replace($"{table.Identifier}.`snapshots`", "snapshots", StringComparison.Ordinal)
                .Replace($"{table.Identifier}.`history`", "history", StringComparison.Ordinal);
            return MetadataTables.Query(Snapshots[table.Name], local);
        }

        /// <summary>What an append throws (Spark's writer failing), or null.</summary>
        public Exception? AppendFailure { get; init; }

        public void Append(IcebergSparkTable table, IReadOnlyDictionary<string, string> writeOptions)
        {
            Appends.Add((table.Name, writeOptions));
            if (AppendFailure is not null)
            {
                throw AppendFailure;
            }

            var stamped = StampsSummary
                ? writeOptions.Where(o => o.Key.StartsWith(IcebergSparkTable.SnapshotPropertyPrefix, StringComparison.Ordinal))
                    .Select(o => KeyValuePair.Create(o.Key[IcebergSparkTable.SnapshotPropertyPrefix.Length..], o.Value))
                : [];
            Snapshots[table.Name].Add(new MetadataTables.Snapshot(_nextSnapshotId++, MetadataTables.AppendSummary(rows[table.Name], stamped), IsCurrentAncestor: true));
        }
    }
}
