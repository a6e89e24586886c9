namespace SparkEtl.Spark.Plan;

/// <summary>What a batch did to one Iceberg table.</summary>
public enum IcebergAppendOutcome
{
    /// <summary>The batch had no rows for the table: nothing was appended, no empty snapshot made.</summary>
    NoRows,

    /// <summary>The table's current snapshot chain already held the batch's snapshot (a replay): nothing was appended.</summary>
    AlreadyCommitted,

    /// <summary>The rows were appended as one new snapshot carrying the query id and batch id.</summary>
    Appended,
}
