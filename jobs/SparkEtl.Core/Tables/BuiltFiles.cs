using SparkEtl.Core.Parquet.Internal;

namespace SparkEtl.Core.Tables;

/// <summary>
/// The files of one table's <see cref="TableWritePlan{TRow}"/>, encoded in pooled memory and not yet put (see
/// <see cref="TableFileWriter.Build{TRow}"/>). Dispose once they are put, or not wanted.
/// </summary>
public sealed class BuiltFiles : IDisposable
{
    private readonly List<(PlannedFile File, PooledByteBuffer Bytes)> _files = [];

    internal BuiltFiles(string table) => Table = table;

    /// <summary>The table the files belong to.</summary>
    public string Table { get; }

    /// <summary>How many files there are.</summary>
    public int Count => _files.Count;

    internal IReadOnlyList<(PlannedFile File, PooledByteBuffer Bytes)> Files => _files;

    public void Dispose()
    {
        foreach (var (_, bytes) in _files)
        {
            bytes.Dispose();
        }

        _files.Clear();
    }

    internal void Add(PlannedFile file, PooledByteBuffer bytes) => _files.Add((file, bytes));
}
