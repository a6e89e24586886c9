using System.Data.Common;
using System.Globalization;
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

    /// <summary>
    /// Runs <paramref name="sql"/>; the reader is the caller's to dispose. A query whose result has nested columns (lists,
    /// structs, maps, unions) is run with each of them as DuckDB's own text (<c>[1, 2]</c>, <c>{'a': 1}</c>), or as JSON
    /// text with <paramref name="nestedAsJson"/>, listed in <see cref="QueryResult.JsonColumns"/>: the client library's
    /// .NET collections would print as type names, and a natively compiled CLI cannot make the generic types they need.
    /// </summary>
    public QueryResult Execute(string sql, bool nestedAsJson = false)
    {
        var columns = Describe(sql);
        if (columns is null || !columns.Any(c => IsNested(c.Type)))
        {
            return new QueryResult(Run(sql), new HashSet<int>());
        }

        var json = new HashSet<int>();
        var projection = columns.Select((column, i) =>
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"#{i + 1}");
            if (!IsNested(column.Type))
            {
                return $"{at} AS {Quoted(column.Name)}";
            }

            if (nestedAsJson)
            {
                json.Add(i);
                return $"CAST(to_json({at}) AS VARCHAR) AS {Quoted(column.Name)}";
            }

            return $"CAST({at} AS VARCHAR) AS {Quoted(column.Name)}";
        });
        return new QueryResult(Run($"SELECT {string.Join(", ", projection)} FROM ({sql.TrimEnd().TrimEnd(';')}) AS result"), json);
    }

    public void Dispose() => _connection.Dispose();

    private DbDataReader Run(string sql)
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

    // The result's columns, as DuckDB binds the query without running it; null for a statement that is not a query.
    private List<(string Name, string Type)>? Describe(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DESCRIBE " + sql;
        try
        {
            using var reader = command.ExecuteReader();
            var columns = new List<(string Name, string Type)>();
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }

            return columns;
        }
        catch (DuckDBException)
        {
            // Not a query DESCRIBE takes (SHOW, PRAGMA, a syntax error): run as written, where its own error is reported.
            return null;
        }
    }

    // DuckDB type names: INTEGER[], VARCHAR[3], STRUCT(a INTEGER), MAP(INTEGER, DOUBLE), UNION(...).
    private static bool IsNested(string type) =>
        type.EndsWith(']') || type.StartsWith("STRUCT(", StringComparison.Ordinal) || type.StartsWith("MAP(", StringComparison.Ordinal)
        || type.StartsWith("UNION(", StringComparison.Ordinal);

    private static string Quoted(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static bool TableName(string name) => name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
