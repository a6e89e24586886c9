namespace SparkEtl.Spark.Plan;

/// <summary>
/// The two things the driver asks of Spark to append a batch to the Iceberg tables: run a query and collect its (few)
/// rows, and append a table's rows for the batch with write options. The Spark job implements it over a
/// <c>SparkSession</c> and the batch's DataFrame; <see cref="IcebergBatchAppends"/> decides what to call, and is tested
/// without Spark.
/// </summary>
public interface IIcebergSparkSession
{
    /// <summary>Runs <paramref name="sql"/> and returns its rows' values (a handful: metadata, not table rows).</summary>
    IReadOnlyList<IReadOnlyList<object?>> Query(string sql);

    /// <summary>
    /// Appends the batch's rows of <paramref name="table"/> (projected with <see cref="IcebergSparkTable.Projection"/>)
    /// through Iceberg's DataFrame writer with <paramref name="writeOptions"/>: the executors write the data files, the
    /// driver commits one snapshot.
    /// </summary>
    void Append(IcebergSparkTable table, IReadOnlyDictionary<string, string> writeOptions);
}
