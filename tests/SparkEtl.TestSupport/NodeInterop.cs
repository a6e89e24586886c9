using System.Text.Json;

namespace SparkEtl.TestSupport;

/// <summary>
/// Independent readers of what SparkEtl writes, run with node from tests/interop:
/// DuckDB (@duckdb/node-api) for SQL over Parquet, and hyparquet as a second Parquet reader.
/// </summary>
public static class NodeInterop
{
    /// <summary>Runs <paramref name="sql"/> in DuckDB and returns the rows (timestamps as epoch milliseconds).</summary>
    public static async Task<IReadOnlyList<JsonElement>> DuckDbQueryAsync(string sql)
    {
        var result = await RunAsync("duckdb-query.mjs", [], sql);
        return JsonDocument.Parse(result).RootElement.EnumerateArray().ToList();
    }

    /// <summary>Reads one Parquet file with hyparquet: its schema, row count, row groups and rows.</summary>
    public static async Task<JsonElement> HyparquetReadAsync(string parquetPath)
    {
        var result = await RunAsync("hyparquet-read.mjs", [parquetPath], null);
        return JsonDocument.Parse(result).RootElement;
    }

    /// <summary>Quotes a path as a DuckDB string literal.</summary>
    public static string SqlString(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task<string> RunAsync(string script, string[] arguments, string? standardInput)
    {
        var result = await ChildProcess.RunAsync(
            "node",
            [Path.Combine(RepositoryPaths.Interop, script), .. arguments],
            workingDirectory: RepositoryPaths.Interop,
            standardInput: standardInput);
        return result.EnsureSuccess($"node {script}").StandardOutput;
    }
}
