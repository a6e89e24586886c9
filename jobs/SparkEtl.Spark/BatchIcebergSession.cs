using Microsoft.Spark.Sql;
using Microsoft.Spark.Sql.Types;
using SparkEtl.Core.Aggregation;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark;

/// <summary>
/// What <see cref="IcebergBatchAppends"/> asks of Spark for one micro-batch, over the job's session and the batch's
/// decoded rows: metadata queries collected on the driver, and appends through Iceberg's DataFrame writer
/// (<c>DataFrameWriterV2.append</c>), whose data files the executors write and whose snapshot the driver commits.
/// </summary>
internal sealed class BatchIcebergSession(SparkSession spark, DataFrame decoded, IReadOnlyList<OhlcBar> bars) : IIcebergSparkSession
{
    // Collected: the rows of a snapshot query (one per matching snapshot, normally none or one).
    public IReadOnlyList<IReadOnlyList<object?>> Query(string sql) =>
        [.. spark.Sql(sql).Collect().Select(r => (IReadOnlyList<object?>)r.Values)];

    public void Append(IcebergSparkTable table, IReadOnlyDictionary<string, string> writeOptions)
    {
        // Trades and errors are the decoded rows TableRows sends to the table; the bars (a few rows per closed window)
        // are the driver's, handed to Spark as rows of the table's columns with times in epoch milliseconds.
        var rows = table.SourceFilter is { } filter
            ? decoded.Where(filter)
            : spark.CreateDataFrame(
                bars.Select(b => new GenericRow(OhlcBarRows.Values(table.Definition, b))),
                (StructType)DataType.ParseDataType(table.RowSchemaJson));

        // DataFrameWriterV2 (Microsoft.Spark/Sql/DataFrameWriterV2.cs): Options takes a Dictionary; Append resolves the
        // columns by name and has Spark check the table's NOT NULL columns.
        rows.SelectExpr([.. table.Projection])
            .WriteTo(table.Identifier)
            .Options(new Dictionary<string, string>(writeOptions))
            .Append();
    }
}
