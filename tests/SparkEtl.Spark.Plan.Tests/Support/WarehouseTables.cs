using System.Globalization;
using DuckDB.NET.Data;

namespace SparkEtl.Spark.Plan.Tests.Support;

/// <summary>Reads a warehouse's tables back with DuckDB (in process), as an analyst's query would see them.</summary>
internal static class WarehouseTables
{
    /// <summary>The rows of <paramref name="sql"/>, each as its values joined by '|' (nulls as ∅).</summary>
    public static IReadOnlyList<string> Query(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            }

            rows.Add(string.Join('|', values));
        }

        return rows;
    }

    /// <summary>A DuckDB <c>read_parquet</c> of every file of one table, with its <c>dt</c> partition column.</summary>
    public static string Files(string warehouse, string table) =>
        $"read_parquet('{Path.Combine(warehouse, table).Replace("'", "''", StringComparison.Ordinal)}/*/*.parquet', hive_partitioning = true)";
}
