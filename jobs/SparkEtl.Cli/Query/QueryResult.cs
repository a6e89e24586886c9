using System.Data.Common;

namespace SparkEtl.Cli.Query;

/// <summary>A query's rows, and the columns whose values are JSON text to be written as JSON (nested values in JSON output).</summary>
internal sealed record QueryResult(DbDataReader Reader, IReadOnlySet<int> JsonColumns) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Reader.DisposeAsync();
}
