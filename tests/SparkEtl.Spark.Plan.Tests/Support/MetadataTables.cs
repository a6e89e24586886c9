using System.Globalization;
using DuckDB.NET.Data;

namespace SparkEtl.Spark.Plan.Tests.Support;

/// <summary>
/// Stand-ins for an Iceberg table's <c>snapshots</c> and <c>history</c> metadata tables (the columns the job's query
/// reads, with Iceberg's types: <c>summary</c> a map of strings), queried with DuckDB in process.
/// </summary>
internal static class MetadataTables
{
    /// <summary>One snapshot: its id, summary, and whether it is in the current snapshot chain.</summary>
    public sealed record Snapshot(long Id, IReadOnlyDictionary<string, string> Summary, bool IsCurrentAncestor);

    /// <summary>
    /// Runs <paramref name="query"/>, which reads the relations <c>snapshots</c> and <c>history</c>, over
    /// <paramref name="snapshots"/>; returns each row's values as DuckDB gives them.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<object?>> Query(IReadOnlyList<Snapshot> snapshots, string query)
    {
        var sql = $"WITH snapshots AS ({Rows(snapshots, s => $"{s.Id}::BIGINT AS snapshot_id, {Map(s.Summary)} AS summary", "NULL::BIGINT AS snapshot_id, NULL::MAP(VARCHAR, VARCHAR) AS summary")}), "
            + $"history AS ({Rows(snapshots, s => $"{s.Id}::BIGINT AS snapshot_id, {(s.IsCurrentAncestor ? "true" : "false")} AS is_current_ancestor", "NULL::BIGINT AS snapshot_id, NULL::BOOLEAN AS is_current_ancestor")}) "
            + query;
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<IReadOnlyList<object?>>();
        while (reader.Read())
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(values);
        }

        return rows;
    }

    private static string Rows(IReadOnlyList<Snapshot> snapshots, Func<Snapshot, string> columns, string empty) =>
        snapshots.Count == 0 ? $"SELECT {empty} WHERE false" : string.Join(" UNION ALL ", snapshots.Select(s => "SELECT " + columns(s)));

    private static string Map(IReadOnlyDictionary<string, string> summary) =>
        "MAP {" + string.Join(", ", summary.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Text(p.Key)}: {Text(p.Value)}")) + "}::MAP(VARCHAR, VARCHAR)";

    private static string Text(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A summary as Iceberg's writer makes it for an append of <paramref name="records"/> rows in one file.</summary>
    public static Dictionary<string, string> AppendSummary(long records, IEnumerable<KeyValuePair<string, string>> extra) =>
        new(extra.Append(new("operation", "append")).Append(new("added-data-files", "1"))
            .Append(new("added-records", records.ToString(CultureInfo.InvariantCulture))).Append(new("added-files-size", (records * 100).ToString(CultureInfo.InvariantCulture))),
            StringComparer.Ordinal);
}
