using System.Collections.ObjectModel;

namespace SparkEtl.Core.Parquet;

/// <summary>
/// The flat schema of a Parquet file: a named root holding top-level columns in file order. Immutable;
/// the column list is copied on construction.
/// </summary>
public sealed class ParquetSchema
{
    /// <param name="name">The root's name (Parquet's schema root element, often <c>schema</c>); not empty.</param>
    /// <param name="columns">At least one column; names not empty and unique ignoring case.</param>
    /// <exception cref="ArgumentException">The name is empty, there are no columns, or a column is invalid or repeated.</exception>
    public ParquetSchema(string name, IReadOnlyList<ParquetColumn> columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException($"Parquet schema \"{name}\" needs at least one column.", nameof(columns));
        }

        var copy = new ParquetColumn[columns.Count];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < copy.Length; i++)
        {
            var column = columns[i] ?? throw new ArgumentException($"Column {i} of Parquet schema \"{name}\" is null.", nameof(columns));
            if (string.IsNullOrEmpty(column.Name))
            {
                throw new ArgumentException($"Column {i} of Parquet schema \"{name}\" has an empty name.", nameof(columns));
            }

            if (!Enum.IsDefined(column.Type))
            {
                throw new ArgumentException(
                    $"Column \"{column.Name}\" of Parquet schema \"{name}\" has type {column.Type}, which is not a ParquetColumnType.",
                    nameof(columns));
            }

            if (!seen.Add(column.Name))
            {
                throw new ArgumentException(
                    $"Parquet schema \"{name}\" names column \"{column.Name}\" twice (names are compared ignoring case).",
                    nameof(columns));
            }

            copy[i] = column;
        }

        Name = name;
        Columns = new ReadOnlyCollection<ParquetColumn>(copy);
    }

    /// <summary>The root's name.</summary>
    public string Name { get; }

    /// <summary>The columns in file order; a column's index here is the index the writer's methods take.</summary>
    public IReadOnlyList<ParquetColumn> Columns { get; }
}
