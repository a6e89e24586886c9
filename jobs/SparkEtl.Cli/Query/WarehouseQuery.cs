using System.Data.Common;
using DuckDB.NET.Data;
using SparkEtl.Core;

namespace SparkEtl.Cli.Query;

/// <summary>
/// SQL over a local warehouse with DuckDB in process. Each table folder of the warehouse (<c>trades</c>,
/// <c>ohlc_&lt;window&gt;</c>, <c>errors</c>) is a view under its own name over its Parquet files, with the Hive partition
/// <c>dt</c> as a string column, as Athena sees the tables: Athena SQL over these names runs here too.
/// </summary>
internal sealed class WarehouseQuery : IDisposable
{
    private readonly DuckDBConnection _connection;

    private WarehouseQuery(DuckDBConnection connection, IReadOnlyList<string> tables)
    {
        _connection = connection;
        Tables = tables;
    }

    /// <summary>The tables found, as view names.</summary>
    public IReadOnlyList<string> Tables { get; }

    /// <summary>Opens DuckDB in memory with a view per table folder of <paramref name="warehouse"/>.</summary>
    public static WarehouseQuery Open(string warehouse)
    {
        if (warehouse.Contains("://", StringComparison.Ordinal))
        {
            throw new ConfigurationException("--warehouse", warehouse,
                "a local warehouse folder (for a warehouse on S3 use Athena, or copy it first: aws s3 sync s3://bucket/prefix warehouse)");
        }

        if (!Directory.Exists(warehouse))
        {
            throw new ConfigurationException("--warehouse", warehouse, "an existing warehouse folder (the one 'sparketl run' wrote)");
        }

        var tables = Directory.EnumerateDirectories(warehouse)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name[0] is not ('_' or '.') && TableName(name) && Directory.EnumerateFiles(Path.Combine(warehouse, name), "*.parquet", SearchOption.AllDirectories).Any())
            .Order(StringComparer.Ordinal)
            .ToList();
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            Execute(connection, "SET TimeZone = 'UTC'");
            foreach (var table in tables)
            {
                var files = Path.Combine(Path.GetFullPath(warehouse), table, "*", "*.parquet").Replace("'", "''", StringComparison.Ordinal);
                Execute(connection, $"CREATE VIEW \"{table}\" AS SELECT * FROM read_parquet('{files}', hive_partitioning = true, hive_types = {{'dt': VARCHAR}})");
            }

            return new WarehouseQuery(connection, tables);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="sql"/>; the reader is the caller's to dispose.</summary>
    public DbDataReader Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            return command.ExecuteReader();
        }
        catch (DuckDBException e)
        {
            throw new QueryFailedException(e.Message.Trim(), e);
        }
    }

    public void Dispose() => _connection.Dispose();

    private static bool TableName(string name) => name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
